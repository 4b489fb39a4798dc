"""Defaults every Capaian DAG shares: retries, time-outs, time zone and failure reporting."""

from __future__ import annotations

import logging
from datetime import timedelta

import pendulum

from capaian import definitions
from capaian.orchestration import alerts

log = logging.getLogger(__name__)

TIMEZONE = "Asia/Jakarta"
NIGHTLY_CRON = "0 2 * * *"
# A fixed past date: with catchup off, Airflow only ever schedules the latest interval.
START_DATE = pendulum.datetime(2026, 1, 1, tz=TIMEZONE)
# No attainment figure belongs to a year before the agency began (dbt var first_year).
FIRST_YEAR = definitions.first_year()


def failure_summary(context) -> dict:
    """What the engineer on call needs first: DAG, task, run, try, error and the log."""
    ti = context.get("ti") or context.get("task_instance")
    return {
        "dag_id": getattr(ti, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": getattr(ti, "run_id", None) or context.get("run_id"),
        "try_number": getattr(ti, "try_number", None),
        "error": str(context.get("exception")),
        "log_url": getattr(ti, "log_url", None),
    }


def on_failure(context) -> None:
    """One clear summary line per failed task in the log (the alert goes by the notifiers)."""
    log.error(
        "capaian task failed: dag=%(dag_id)s task=%(task_id)s run=%(run_id)s "
        "try=%(try_number)s error=%(error)s log=%(log_url)s",
        failure_summary(context),
    )


DEFAULT_ARGS = {
    "owner": "capaian",
    # Transient failures (a dropped connection) get a few tries with growing pauses; bad
    # data raises AirflowFailException in the task and is not retried.
    "retries": 2,
    "retry_delay": timedelta(seconds=10),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=5),
    "execution_timeout": timedelta(hours=1),
    # The log line, and an alert to every CAPAIAN_ALERT_URL (capaian.orchestration.alerts).
    "on_failure_callback": [on_failure, *alerts.failure_notifiers()],
}
