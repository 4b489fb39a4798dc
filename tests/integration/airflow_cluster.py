"""Airflow as it runs in production, started for one test: API server, scheduler, DAG
processor and, with the CeleryExecutor, any number of Celery workers, each a process of its
own with the project's Airflow settings (`capaian airflow ...`). Runs are triggered with the
Airflow CLI and followed in the metadata database."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import psycopg

from capaian.orchestration.airflow_env import airflow_metadata_url, ui_environment


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AirflowCluster:
    def __init__(self, tmp_path: Path, warehouse_url: str, extra_env: dict[str, str]):
        self.tmp_path = tmp_path
        self.warehouse_url = warehouse_url
        self.api_port = free_port()
        self.env = {
            **os.environ,
            "CAPAIAN_WAREHOUSE_URL": warehouse_url,
            "CAPAIAN_HOME": str(tmp_path / "home"),
            **ui_environment(self.api_port),
            **extra_env,
        }
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.metadata_url = extra_env.get("CAPAIAN_AIRFLOW_DB_URL") or airflow_metadata_url(
            warehouse_url
        )

    # ------------------------------------------------------------------ processes
    def capaian(self, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "capaian.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, f"capaian {' '.join(args)}:\n{result.stderr[-3000:]}"
        return result

    def start(self, name: str, *airflow_args: str, env: dict[str, str] | None = None) -> None:
        """Start one Airflow component in the background; its output goes to NAME.log."""
        log = (self.tmp_path / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "capaian.cli", "airflow", *airflow_args],
            # Every component serves its task logs on a port of its own.
            env={
                **self.env,
                "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(free_port()),
                **(env or {}),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process))

    def start_core(self) -> None:
        self.capaian("setup")
        self.start("api-server", "api-server", "--port", str(self.api_port))
        self.start("scheduler", "scheduler")
        self.start("dag-processor", "dag-processor")
        self.wait_until(lambda: self.registered_dags() >= {"capaian_nightly"}, 240, "the DAGs")

    def stop(self) -> None:
        for _, process in self.processes:
            family = [process, *self._children(process)]
            for member in family:
                with contextlib.suppress(psutil.NoSuchProcess, ProcessLookupError):
                    member.send_signal(signal.SIGTERM)
            _, alive = psutil.wait_procs([m for m in family if isinstance(m, psutil.Process)], 30)
            for member in alive:
                member.kill()
            process.wait(timeout=30)

    @staticmethod
    def _children(process: subprocess.Popen) -> list[psutil.Process]:
        try:
            return psutil.Process(process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def logs(self) -> str:
        return "\n".join(
            f"---- {name}.log\n" + (self.tmp_path / f"{name}.log").read_text()[-4000:]
            for name, _ in self.processes
        )

    # ------------------------------------------------------------------ runs
    def trigger(self, dag_id: str, conf: dict | None = None) -> str:
        self.capaian("airflow", "dags", "unpause", dag_id)
        run_id = f"test__{uuid.uuid4().hex[:8]}"
        args = ["airflow", "dags", "trigger", dag_id, "--run-id", run_id]
        if conf:
            args += ["--conf", json.dumps(conf)]
        self.capaian(*args)
        return run_id

    def wait_for_runs(self, dag_id: str, timeout: int = 1200) -> dict[str, str]:
        """Wait until every run of the DAG has finished; returns {run_id: state}.

        Unpausing a scheduled DAG also makes the scheduler start its latest missed run (the
        nightly's, catchup being off) besides the triggered one: all of them are waited for.
        """

        def finished():
            runs = dict(
                self.query("select run_id, state from dag_run where dag_id = %s", (dag_id,))
            )
            done = runs and all(state in ("success", "failed") for state in runs.values())
            return done and runs

        return self.wait_until(finished, timeout, f"the runs of {dag_id} to finish")

    def task_instances(self, dag_id: str) -> list[tuple]:
        """(run_id, task_id, state, try_number, hostname) of every task of every run."""
        return self.query(
            "select run_id, task_id, state, try_number, hostname from task_instance"
            " where dag_id = %s order by run_id, task_id",
            (dag_id,),
        )

    def registered_dags(self) -> set[str]:
        try:
            return {r[0] for r in self.query("select dag_id from dag")}
        except psycopg.errors.UndefinedTable:
            return set()

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with psycopg.connect(self.metadata_url) as conn:
            return conn.execute(sql, params).fetchall()

    def wait_until(self, check, timeout: float, what: str):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = check()
            if result:
                return result
            dead = [name for name, p in self.processes if p.poll() is not None]
            if dead:
                raise AssertionError(f"{', '.join(dead)} exited early:\n{self.logs()}")
            time.sleep(2)
        raise AssertionError(f"timed out waiting for {what}:\n{self.logs()}")
