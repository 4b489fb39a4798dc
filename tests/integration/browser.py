"""Headless Chromium for the tests that look at a page as a reader's browser shows it: Debian's
``chromium`` package, installed when missing (where apt-get and root are at hand)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Generous: a cold start on a slow machine. An alert() opened by injected script would block
# the page until this runs out, which fails the test, as it should.
CHROMIUM_SECONDS = 180


def chromium_binary() -> Path:
    """Debian's Chromium, installed with apt-get when it is not there yet (for a fixture)."""
    if not CHROMIUM.exists():
        problem = _install_chromium()
        if problem:
            pytest.fail(
                f"the browser test needs Chromium at {CHROMIUM} and could not install it: "
                f"{problem}. Install it with `apt-get update && apt-get install -y chromium`."
            )
    return CHROMIUM


def _install_chromium() -> str | None:
    """None when installed, else why not."""
    if shutil.which("apt-get") is None:
        return "apt-get is not available (not a Debian-based system)"
    if os.geteuid() != 0:
        return "installing packages needs root"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=1800, check=False
        )
        if result.returncode != 0:
            lines = (result.stderr or result.stdout).strip().splitlines() or ["no output"]
            return f"`{' '.join(command)}` failed: {lines[-1]}"
    return None if CHROMIUM.exists() else f"apt-get installed chromium but not at {CHROMIUM}"


def run_chromium(
    binary: Path, work: Path, page: Path | str, *args: str, profile: Path | None = None
) -> subprocess.CompletedProcess:
    """Chromium on ``page`` (a file or a URL), in a fresh profile unless ``profile`` is given."""
    command = [
        str(binary),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile or work / ('profile-' + uuid.uuid4().hex[:8])}",
        "--enable-logging=stderr",
        "--v=0",
        *args,
        page.as_uri() if isinstance(page, Path) else page,
    ]
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=CHROMIUM_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"Chromium did not finish within {CHROMIUM_SECONDS} s on {page}: a dialog opened "
            "by a script on the page blocks it"
        )
    assert result.returncode == 0, result.stderr[-3000:]
    return result
