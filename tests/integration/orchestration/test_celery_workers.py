"""Scale-out: with the CeleryExecutor, Redis as the broker and the PostgreSQL metadata
database, a scheduler and two Celery workers on this machine run capaian_nightly, and its
tasks are executed on both workers.

Needs Redis at 127.0.0.1:6379 (CAPAIAN_TEST_REDIS_URL overrides). Where none runs, the test
is skipped, unless CAPAIAN_REQUIRE_REDIS=1 (CI sets it) makes that a failure.
"""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
import redis
from airflow_cluster import AirflowCluster

pytestmark = pytest.mark.e2e

REDIS_URL = os.environ.get("CAPAIAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WORKERS = ("worker-a", "worker-b")


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("CAPAIAN_REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis is required here but {REDIS_URL} does not answer: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} (set CAPAIAN_TEST_REDIS_URL)")
    # A queue of this test's own: other users of the same Redis never see its tasks.
    queue = f"capaian_test_{uuid.uuid4().hex[:8]}"
    yield REDIS_URL, queue
    leftovers = [key for key in client.scan_iter(match=f"*{queue}*")]
    if leftovers:
        client.delete(*leftovers)
    client.close()


def test_nightly_runs_on_two_celery_workers(throwaway_db, tmp_path, redis_broker):
    broker, queue = redis_broker
    cluster = AirflowCluster(
        tmp_path,
        throwaway_db,
        {
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__CELERY__BROKER_URL": broker,
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,
            # One task at a time per worker, none reserved ahead: the tasks that can run
            # side by side (the two loads, the staging models) go to both workers.
            "AIRFLOW__CELERY__WORKER_CONCURRENCY": "1",
            "AIRFLOW__CELERY__WORKER_PREFETCH_MULTIPLIER": "1",
        },
    )
    try:
        cluster.start_core()
        for name in WORKERS:
            cluster.start(
                name,
                "celery",
                "worker",
                "--queues",
                queue,
                "--celery-hostname",
                f"{name}@%h",
                env={"CAPAIAN_WORKER_NAME": name},
            )
        run_id = cluster.trigger("capaian_nightly")
        runs = cluster.wait_for_runs("capaian_nightly")
        tasks = cluster.task_instances("capaian_nightly")
    finally:
        cluster.stop()

    assert run_id in runs
    assert set(runs.values()) == {"success"}, cluster.logs()
    # The scheduler may add the last scheduled run beside the triggered one. Runs go one at a
    # time: the first builds and publishes; a later one finds nothing changed and skips the
    # marts, and only them.
    by_run: dict[str, dict[str, str]] = {}
    for run, task_id, state, _try, _host in tasks:
        by_run.setdefault(run, {})[task_id] = state
    published_runs = [r for r, states in by_run.items() if set(states.values()) == {"success"}]
    assert len(published_runs) == 1, tasks
    for run, states in by_run.items():
        if run in published_runs:
            continue
        skipped = {t for t, state in states.items() if state == "skipped"}
        assert skipped and all(_is_marts_task(t) for t in skipped), tasks
        assert all(state == "success" for t, state in states.items() if t not in skipped), tasks
    hosts = {t[4] for t in tasks if t[2] == "success"}
    assert hosts == set(WORKERS), f"tasks ran on {hosts}"
    with psycopg.connect(throwaway_db) as conn:
        (published,) = conn.execute("select count(*) from marts.fct_attainment").fetchone()
    assert published > 0


def _is_marts_task(task_id: str) -> bool:
    return task_id.startswith("build_marts_with_dbt.") or task_id in (
        "check_built_marts_with_gx",
        "publish_marts_to_bi",
    )
