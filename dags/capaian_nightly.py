"""
### capaian_nightly

The nightly refresh, at 02:00 Asia/Jakarta: take what arrived in the inbox (branch reports and
news articles) into `raw` and `staging`, check staging with Great Expectations, build the marts
with dbt (through Cosmos) in `marts_build`, check them, and only then publish them to `marts`,
where BI reads, and write the attainment report (HTML). A failed check stops the run and
leaves BI on the last published marts. A file that could not be read at all does not stop the
rest: the run publishes what is good and then ends failed, naming the file. Failures, and a
summary of anything else that needs a person (rejected rows, facts held back or waiting for
review, warnings), go to CAPAIAN_ALERT_URL through Apprise.

Runs at 02:00 and also as soon as `capaian_ingest_branch_reports` or `capaian_ingest_news`
announce new staging rows (Airflow Assets). Re-running is safe: files and articles already
loaded are recognised by their content and skipped, and the marts are rebuilt incrementally
from staging (only the offices and years that received new rows). When nothing the marts are
made of changed since they were last published (staging, held-back news facts, the dbt
project, the suites), `check_inputs_changed_since_publish` skips the build, its gate and the
publish: the same data is never built twice.
"""

from __future__ import annotations

from airflow.sdk import AssetOrTimeSchedule, Param, dag, task
from airflow.sdk.exceptions import AirflowFailException
from airflow.timetables.trigger import CronTriggerTimetable

from capaian.marts.publish import BUILD_SCHEMA, PUBLISHED_SCHEMA
from capaian.orchestration.assets import STAGING_BRANCH_REPORT_ROWS, STAGING_NEWS_FACTS, mart_assets
from capaian.orchestration.dbt_task_group import marts_task_group
from capaian.orchestration.defaults import (
    DEFAULT_ARGS,
    FIRST_YEAR,
    NIGHTLY_CRON,
    START_DATE,
    TIMEZONE,
)
from capaian.orchestration.lineage import warehouse_location
from capaian.orchestration.tasks import loading, nightly

# Great Expectations checkpoints (gx/checkpoints/), each named after its suite.
STAGING_CHECKPOINTS = [
    "staging_branch_report_rows",
    # Failing news facts are held back for review instead of failing the run.
    "staging_news_facts",
]
MARTS_CHECKPOINTS = ["marts_fct_attainment"]


@dag(
    dag_id="capaian_nightly",
    # At 02:00 Jakarta time, and whenever an ingest DAG announces new staging rows.
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable(NIGHTLY_CRON, timezone=TIMEZONE),
        assets=STAGING_BRANCH_REPORT_ROWS | STAGING_NEWS_FACTS,
    ),
    start_date=START_DATE,
    catchup=False,
    # Unpaused from the start: the nightly refresh runs without anyone switching it on.
    is_paused_upon_creation=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["capaian", "nightly"],
    params={
        "reprocess_file": Param(
            "",
            type="string",
            pattern=r"^[^/\\]*$",
            description="A branch report in the inbox to load again even though it was loaded "
            "before; its earlier rows are replaced, never doubled. Empty: none.",
        ),
        "full_refresh": Param(
            False,
            type="boolean",
            description="Rebuild every mart from all of staging instead of only the offices and "
            "years that received new rows.",
        ),
        "rebuild_year": Param(
            None,
            type=["null", "integer"],
            minimum=FIRST_YEAR,
            maximum=2100,
            description="Rebuild the marts' rows of this year for every office (for example "
            "after a correction), besides what received new rows. Empty: none.",
        ),
    },
)
def capaian_nightly():
    @task
    def prepare_warehouse_schemas() -> dict:
        return loading.prepare_warehouse()

    @task
    def load_branch_reports_from_inbox(run_id=None, params=None) -> dict:
        try:
            return loading.ingest_branch_reports(run_id, params["reprocess_file"])
        except loading.BadParameter as bad:
            raise AirflowFailException(str(bad)) from None

    @task
    def load_news_from_inbox(run_id=None) -> dict:
        return loading.ingest_news(run_id)

    @task(retries=0)
    def check_staging_with_gx(run_id=None) -> dict:
        try:
            return nightly.validate(run_id, STAGING_CHECKPOINTS)
        except nightly.QualityGateFailed as failure:
            raise AirflowFailException(str(failure)) from None

    @task(retries=0)
    def check_built_marts_with_gx(run_id=None) -> dict:
        try:
            return nightly.validate(run_id, MARTS_CHECKPOINTS)
        except nightly.QualityGateFailed as failure:
            raise AirflowFailException(str(failure)) from None

    # Skips the build, its gate and the publish when nothing the marts are made of changed
    # since they were last published; the tasks after those still run.
    @task.short_circuit(ignore_downstream_trigger_rules=False)
    def check_inputs_changed_since_publish(params=None) -> dict | None:
        return nightly.check_for_changes(params)

    # Publishing updates the marts BI reads: their Assets, and the publish's lineage (from the
    # marts as built to the marts as published).
    warehouse = warehouse_location()

    @task(
        inlets=mart_assets(warehouse, BUILD_SCHEMA),
        outlets=mart_assets(warehouse, PUBLISHED_SCHEMA),
    )
    def publish_marts_to_bi(changes: dict, run_id=None) -> dict:
        return nightly.publish(run_id, changes)

    @task(trigger_rule="none_failed")
    def build_attainment_report(run_id=None) -> dict:
        return nightly.build_report(run_id)

    # Last: the summary is logged and, when something in it needs a person, sent as an alert;
    # a file that could not be read at all ends the run failed, after the rest was published.
    # Late sources are reported, never a failure.
    @task(retries=0)
    def check_source_freshness(run_id=None) -> dict:
        return nightly.source_freshness(run_id)

    @task(trigger_rule="none_failed", retries=0)
    def log_run_summary(
        branch, news, staging, marts, published, report, freshness, run_id=None
    ) -> str:
        text = nightly.summarize(run_id, branch, news, staging, marts, published, report, freshness)
        try:
            nightly.finish(run_id, text, branch, news, staging, report, freshness)
        except nightly.FilesNotRead as problem:
            raise AirflowFailException(str(problem)) from None
        return text

    prepared = prepare_warehouse_schemas()
    branch = load_branch_reports_from_inbox()
    news = load_news_from_inbox()
    prepared >> [branch, news]
    staging = check_staging_with_gx()
    [branch, news] >> staging
    changes = check_inputs_changed_since_publish()
    staging >> changes
    build = marts_task_group(group_id="build_marts_with_dbt")
    marts = check_built_marts_with_gx()
    changes >> build >> marts
    published = publish_marts_to_bi(changes)
    marts >> published
    report = build_attainment_report()
    published >> report
    freshness = check_source_freshness()
    [branch, news] >> freshness
    log_run_summary(branch, news, staging, marts, published, report, freshness)


capaian_nightly()
