"""`capaian ui`: Airflow's components under `airflow standalone`, all stopped on a signal.

`airflow standalone` starts the API server, scheduler, DAG processor and triggerer, but on
Ctrl-C it was seen here to hang, and some components (the DAG processor, the triggerer,
LocalExecutor workers) to survive it. So it runs in a session of its own, and SIGINT
(Ctrl-C), SIGTERM or SIGHUP (the terminal closing) here stops the whole family: every process
in that session or below it is asked to stop (SIGINT), told to (SIGTERM) after a grace
period, and killed after another. A signal that this process dies of without handling it
(SIGKILL) leaves them running: nothing can be done about that from here.

The handlers are installed explicitly: a job started in the background by a non-interactive
shell (`capaian ui &` in a script) inherits SIGINT ignored, and Python then never raises
KeyboardInterrupt, so Ctrl-C or `kill -INT` would otherwise do nothing at all.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil

GRACE_SECONDS = 20
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def run_until_interrupted(env: dict[str, str]) -> int:
    """Run `airflow standalone` until it ends or a stop signal arrives; returns its exit code,
    or 0 once every component is gone after a requested stop."""
    airflow = Path(sys.executable).with_name("airflow")
    received: list[int] = []
    # Installed before Airflow starts, so that a signal arriving during the start is kept.
    previous = {
        sig: signal.signal(sig, lambda signum, _: received.append(signum)) for sig in STOP_SIGNALS
    }
    try:
        process = subprocess.Popen([str(airflow), "standalone"], env=env, start_new_session=True)
        while not received:
            try:
                code = process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
            # It ended by itself; components it left behind must not outlive it.
            stop_family(process.pid)
            return code
        _say(f"\n{signal.Signals(received[0]).name}: stopping Airflow ...")
        stop_family(process.pid)
        process.wait()
        _say("Airflow stopped")
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _say(message: str) -> None:
    # After SIGHUP the terminal may be gone: a failed message must not stop the clean-up.
    with contextlib.suppress(OSError, ValueError):
        print(message, flush=True)


def family_of(pid: int) -> list[psutil.Process]:
    """The live processes of the session ``pid`` leads, and every descendant of ``pid``.

    The session catches components whose parent has already died (re-parented to init);
    the descendants catch any that started a session of their own."""
    members: dict[int, psutil.Process] = {}
    with contextlib.suppress(psutil.NoSuchProcess):
        root = psutil.Process(pid)
        for member in [root, *root.children(recursive=True)]:
            members[member.pid] = member
    for candidate in psutil.process_iter():
        with contextlib.suppress(ProcessLookupError, PermissionError, psutil.Error):
            if candidate.pid != os.getpid() and os.getsid(candidate.pid) == pid:
                members.setdefault(candidate.pid, candidate)
    alive = []
    for member in members.values():
        with contextlib.suppress(psutil.NoSuchProcess):
            if member.status() != psutil.STATUS_ZOMBIE:
                alive.append(member)
    return alive


def stop_family(pid: int) -> None:
    """Stop the process ``pid``, its session and every process below it, politely first.

    The family is looked up again before each signal: a component may start another one
    (a task, a worker) while the others shut down."""
    for sig, grace in (
        (signal.SIGINT, GRACE_SECONDS),
        (signal.SIGTERM, 10),
        (signal.SIGKILL, 10),
    ):
        family = family_of(pid)
        if not family:
            return
        for member in family:
            with contextlib.suppress(psutil.NoSuchProcess):
                member.send_signal(sig)
        psutil.wait_procs(family, timeout=grace)
