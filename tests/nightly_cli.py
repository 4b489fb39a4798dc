"""`capaian run nightly` as a user runs it: a subprocess, pointed at a given warehouse."""

import os
import subprocess
import sys
from pathlib import Path


def run_nightly(
    url: str, *args: str, inbox: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the nightly with the command-line options ``args``, the inbox ``inbox`` (else the
    sample inbox) and extra environment ``env``; the outcome is the caller's to check."""
    environment = {**os.environ, "CAPAIAN_WAREHOUSE_URL": url, **(env or {})}
    if inbox:
        environment["CAPAIAN_INBOX"] = str(inbox)
    return subprocess.run(
        [sys.executable, "-m", "capaian.cli", "run", "nightly", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
