"""Fault tolerance: the warehouse's PostgreSQL restarts while capaian_nightly runs under the
real scheduler. The task that was using it fails, is retried and succeeds; the run completes
and the marts are exactly what an undisturbed build gives, with nothing loaded twice.

The warehouse here is an embedded server of the test's own (Airflow's metadata database stays
on the suite's server, as it would on a separate machine). To restart it at a known moment,
the test holds a lock on staging.branch_report_rows: the load task waits on it, visibly in
pg_stat_activity, and the restart cuts its connection in the middle of its transaction.
"""

from __future__ import annotations

import contextlib

import psycopg
import pytest
from airflow_cluster import AirflowCluster, free_port

from capaian.branch_reports.generator import write_canonical_csv
from capaian.branch_reports.loading import load_files
from capaian.marts.dbt_runner import run_dbt
from capaian.warehouse.connection import database_name, with_database
from capaian.warehouse.embedded import EmbeddedServer

pytestmark = pytest.mark.e2e

ROWS = 11 * 40
MARTS = (
    "select office_code, segment, metric, year, as_of_date, target, realization, reported_pct"
    " from {schema}.fct_attainment order by 1, 2, 3, 4, 5"
)


@pytest.fixture
def own_warehouse(tmp_path):
    server = EmbeddedServer(data_dir=tmp_path / "warehouse" / "pgdata", port=free_port())
    server.start()
    yield server
    server.stop()


def test_a_warehouse_restart_mid_run_is_retried_and_doubles_nothing(
    own_warehouse, throwaway_db, migrated_db, tmp_path
):
    inbox = tmp_path / "inbox"
    report = inbox / "branch_reports" / "synthetic_restart.csv"
    write_canonical_csv(report, ROWS, first_year=2025, last_year=2025, as_of_per_year=2)
    (inbox / "news").mkdir(parents=True)

    # What an undisturbed build gives, for comparison: the same file, loaded and built directly.
    reference = migrated_db
    load_files([report], run_id="reference", url=reference)
    assert run_dbt(["build"], url=reference, capture=True).returncode == 0

    warehouse = own_warehouse.url()
    cluster = AirflowCluster(
        tmp_path,
        warehouse,
        {
            "CAPAIAN_INBOX": str(inbox),
            "CAPAIAN_AIRFLOW_DB_URL": with_database(
                throwaway_db, database_name(throwaway_db) + "_airflow"
            ),
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        },
    )
    blocker = None
    try:
        cluster.start_core()
        blocker = psycopg.connect(warehouse)
        blocker.execute("lock table staging.branch_report_rows in access exclusive mode")
        run_id = cluster.trigger("capaian_nightly")

        def load_is_waiting():
            # A connection of its own: inside the blocker's transaction, pg_stat_activity
            # would keep showing the snapshot of its first read.
            with psycopg.connect(warehouse, autocommit=True) as probe:
                return probe.execute(
                    "select count(*) from pg_stat_activity"
                    " where wait_event_type = 'Lock' and query ilike '%branch_report_rows%'"
                ).fetchone()[0]

        cluster.wait_until(load_is_waiting, 300, "the branch-report load to reach the table")
        own_warehouse.stop()  # fast shutdown: every session is cut, mid-transaction
        own_warehouse.start()

        runs = cluster.wait_for_runs("capaian_nightly")
        loads_run = [
            t
            for t in cluster.task_instances("capaian_nightly")
            if t[1] == "load_branch_reports_from_inbox"
        ]
    finally:
        if blocker is not None:
            with contextlib.suppress(psycopg.Error):
                blocker.close()
        cluster.stop()

    assert run_id in runs
    assert set(runs.values()) == {"success"}, cluster.logs()
    # The load that was cut off was retried and succeeded (a later run, if any, found the
    # file already loaded).
    assert max(t[3] for t in loads_run) >= 2, f"the load should have been retried: {loads_run}"
    assert all(t[2] == "success" for t in loads_run), loads_run

    with psycopg.connect(warehouse) as conn:
        (staged,) = conn.execute("select count(*) from staging.branch_report_rows").fetchone()
        loads = conn.execute("select status, rows_loaded from audit.load_log").fetchall()
        published = conn.execute(MARTS.format(schema="marts")).fetchall()
    with psycopg.connect(reference) as conn:
        expected = conn.execute(MARTS.format(schema="marts_build")).fetchall()
    assert staged == ROWS
    # One load; any later run recognised the file as loaded already.
    assert sorted(loads) == [("duplicate", 0)] * (len(loads) - 1) + [("loaded", ROWS)]
    assert published == expected
