"""`make airflow`: Airflow's components under `airflow standalone`, stopped cleanly on Ctrl-C.

`airflow standalone` starts the API server, scheduler, DAG processor and triggerer, but on
Ctrl-C it was seen here to hang, and some components (the DAG processor, the triggerer,
LocalExecutor workers) to survive it. So it runs in a session of its own, and Ctrl-C here
stops the whole family: every process it started, found before signalling, is asked to stop
(SIGINT, then SIGTERM) and killed if it is still there after a grace period.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from pathlib import Path

import psutil

GRACE_SECONDS = 20


def run_until_interrupted(env: dict[str, str]) -> int:
    airflow = Path(sys.executable).with_name("airflow")
    process = subprocess.Popen([str(airflow), "standalone"], env=env, start_new_session=True)
    try:
        return process.wait()
    except KeyboardInterrupt:
        print("\nstopping Airflow ...", flush=True)
        stop_family(process.pid)
        process.wait()
        print("Airflow stopped", flush=True)
        return 0


def stop_family(pid: int) -> None:
    """Stop a process and every process below it, politely first."""
    try:
        root = psutil.Process(pid)
        family = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for sig, grace in ((signal.SIGINT, GRACE_SECONDS), (signal.SIGTERM, 10)):
        for member in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                member.send_signal(sig)
        _, family = psutil.wait_procs(family, timeout=grace)
        if not family:
            return
    for member in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            member.kill()
    psutil.wait_procs(family, timeout=10)
