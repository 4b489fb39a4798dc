"""What `capaian ui` does on a stop signal, on a family of plain processes: every member goes,
including one whose parent already died and one that ignores SIGINT."""

import os
import subprocess
import time
import uuid

import psutil

from capaian.orchestration import airflow_ui

from process_family import processes_marked

MARKER = "CAPAIAN_TEST_FAMILY"


def members(run: str) -> list[psutil.Process]:
    return processes_marked(MARKER, run)


def test_the_whole_family_is_stopped_orphans_and_stubborn_ones_included(monkeypatch):
    monkeypatch.setattr(airflow_ui, "GRACE_SECONDS", 1)
    run = uuid.uuid4().hex
    # A background job of a non-interactive shell ignores SIGINT; `(sleep &)` leaves a sleep
    # whose parent is gone at once (re-parented, but still in the session).
    leader = subprocess.Popen(
        ["sh", "-c", "sleep 300 & (sleep 300 &); sleep 300"],
        env={**os.environ, MARKER: run},
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 10
        while len(members(run)) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(members(run)) == 4  # the shell and three sleeps
        orphans = [p for p in members(run) if p.ppid() != leader.pid and p.pid != leader.pid]
        assert orphans, "expected a member whose parent has died"

        airflow_ui.stop_family(leader.pid)
        leader.wait(timeout=10)

        assert members(run) == []
    finally:
        for process in members(run):
            process.kill()
