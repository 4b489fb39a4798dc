"""
### capaian_ingest_branch_reports

Load the branch reports waiting in `inbox/branch_reports/` (CSV and Excel) into the warehouse,
outside the nightly run: each file's bytes into `raw`, its accepted rows into
`staging.branch_report_rows`, its rejected rows (with file, line and reason) into
`audit.rejected_rows`, and one `audit.load_log` row per file attempt, with this run's id.

Each file loads in one transaction, whole or not at all; a file whose content was loaded
before (under any name) is recorded as `duplicate` and skipped, so re-running is safe. The
inbox is only read, never changed. Same code as `capaian ingest reports PATH...`.

Not scheduled: trigger it by hand (from the UI, or `capaian airflow dags trigger ...`). When it
loaded new rows it announces the asset `staging.branch_report_rows`, which starts
`capaian_nightly` to bring them to the marts.
"""

from __future__ import annotations

from airflow.sdk import dag, task
from airflow.sdk.exceptions import AirflowSkipException

from capaian.orchestration.assets import STAGING_BRANCH_REPORT_ROWS
from capaian.orchestration.defaults import DEFAULT_ARGS, START_DATE
from capaian.orchestration.tasks import loading


@dag(
    dag_id="capaian_ingest_branch_reports",
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    # Unpaused, so a trigger runs at once (nothing here is scheduled).
    is_paused_upon_creation=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["capaian", "ingest"],
)
def capaian_ingest_branch_reports():
    @task
    def prepare_warehouse_schemas() -> dict:
        return loading.prepare_warehouse()

    @task
    def load_branch_reports_from_inbox(run_id=None) -> dict:
        return loading.ingest_branch_reports(run_id)

    @task(outlets=[STAGING_BRANCH_REPORT_ROWS])
    def announce_new_branch_report_rows(loaded: dict) -> None:
        if not loaded["rows_loaded"]:
            raise AirflowSkipException("no new rows: nothing to announce")

    loaded = load_branch_reports_from_inbox()
    prepare_warehouse_schemas() >> loaded
    announce_new_branch_report_rows(loaded)


capaian_ingest_branch_reports()
