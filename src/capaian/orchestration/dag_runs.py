"""Running a DAG through Airflow itself (``airflow dags test``) and reading how it went.

The run's whole output goes to a log file under ``.capaian/logs/``; the terminal gets one line
per task as it finishes. Afterwards the outcome is read from Airflow's metadata database,
not guessed from the output: which tasks failed, and where their logs are.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from capaian import settings
from capaian.orchestration.airflow_env import airflow_environment, airflow_metadata_url
from capaian.warehouse.connection import connect

# `airflow dags test` logs "[DAG TEST] end task task_id=..." when a task instance ends.
_TASK_DONE = re.compile(r"\[DAG TEST\] end task task_id=(?P<task>[\w.]+)")


@dataclass
class DagRunOutcome:
    dag_id: str
    run_id: str | None
    state: str | None
    log_file: Path
    task_log_dir: Path
    failed_tasks: list[tuple[str, Path]] = field(default_factory=list)
    skipped_tasks: list[str] = field(default_factory=list)
    returncode: int = 0

    @property
    def success(self) -> bool:
        return self.state == "success" and not self.failed_tasks

    def failure_message(self) -> str:
        if self.failed_tasks:
            tasks = "; ".join(
                f"task {task} failed, its log: {log}" for task, log in self.failed_tasks
            )
            return f"{self.dag_id} run {self.run_id} failed: {tasks}. Whole run: {self.log_file}"
        return (
            f"{self.dag_id} did not finish (state {self.state}, airflow exit "
            f"{self.returncode}); see {self.log_file}"
        )


def run_dag_test(
    dag_id: str, url: str, echo: Callable[[str], None] = print, conf: str | None = None
) -> DagRunOutcome:
    env = {**os.environ, **airflow_environment(url)}
    log_dir = settings.capaian_home() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / f"{dag_id}-{time.strftime('%Y%m%dT%H%M%S')}.log"
    airflow = Path(sys.executable).with_name("airflow")
    cmd = [str(airflow), "dags", "test", dag_id]
    if conf:
        cmd += ["--conf", conf]
    started = time.time()
    echo(f"running {dag_id} through Airflow (airflow dags test); full output: {log_file}")
    with (
        log_file.open("w", encoding="utf-8") as log,
        subprocess.Popen(
            cmd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        ) as proc,
    ):
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            match = _TASK_DONE.search(line)
            if match:
                echo(f"  finished {match.group('task')}")
        returncode = proc.wait()
    outcome = _read_outcome(dag_id, url, log_file, started)
    outcome.returncode = returncode
    if outcome.skipped_tasks:
        echo(f"  skipped: {', '.join(outcome.skipped_tasks)}")
    echo(f"{dag_id}: {outcome.state} in {time.time() - started:.0f} s")
    return outcome


def _read_outcome(dag_id: str, url: str, log_file: Path, started: float) -> DagRunOutcome:
    task_logs = settings.airflow_home() / "logs"
    with connect(airflow_metadata_url(url)) as conn:
        run = conn.execute(
            "select run_id, state from dag_run where dag_id = %s"
            " and start_date >= to_timestamp(%s) order by start_date desc limit 1",
            (dag_id, started - 5),
        ).fetchone()
        if not run:
            return DagRunOutcome(dag_id, None, None, log_file, task_logs)
        run_id, state = run
        failed = conn.execute(
            "select task_id, try_number from task_instance where dag_id = %s and run_id = %s"
            " and state = 'failed' order by start_date",
            (dag_id, run_id),
        ).fetchall()
        skipped = conn.execute(
            "select task_id from task_instance where dag_id = %s and run_id = %s"
            " and state = 'skipped' order by priority_weight desc, task_id",
            (dag_id, run_id),
        ).fetchall()
    outcome = DagRunOutcome(
        dag_id, run_id, state, log_file, task_logs / f"dag_id={dag_id}" / f"run_id={run_id}"
    )
    outcome.skipped_tasks = [task_id for (task_id,) in skipped]
    for task_id, try_number in failed:
        task_log = outcome.task_log_dir / f"task_id={task_id}" / f"attempt={try_number or 1}.log"
        outcome.failed_tasks.append((task_id, task_log if task_log.exists() else log_file))
    return outcome
