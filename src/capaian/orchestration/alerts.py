"""Alerts: a failed task, and each run's summary when something in it needs a person, go to
every Apprise URL the operator set, through Airflow's notifier mechanism (the Apprise provider's
AppriseNotifier on task failure) and its Apprise hook (the run summary).

``CAPAIAN_ALERT_URL`` holds one or more Apprise URLs (``json://host:port/path``,
``mailto://...``, ``slack://...``), separated by spaces or commas. The older
``CAPAIAN_ALERT_WEBHOOK_URL`` (a plain ``http(s)://`` address) keeps working: it is sent
Apprise's JSON message (``{"title", "message", "type", ...}``). The URLs reach Airflow only as
the connection ``capaian_alerts`` in the environment of the processes Capaian starts: they may
hold tokens, so they are never written into a DAG, a file or a log.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Mapping

log = logging.getLogger(__name__)

ALERT_URL_VAR = "CAPAIAN_ALERT_URL"
LEGACY_WEBHOOK_VAR = "CAPAIAN_ALERT_WEBHOOK_URL"
CONN_ID = "capaian_alerts"
CONN_ENV = "AIRFLOW_CONN_" + CONN_ID.upper()

FAILURE_TITLE = "capaian: {{ ti.dag_id }} task {{ ti.task_id }} failed"
FAILURE_BODY = (
    "DAG {{ ti.dag_id }}, run {{ ti.run_id }}, task {{ ti.task_id }}, try {{ ti.try_number }}:"
    "\n{{ exception }}"
)


def alert_urls(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The Apprise URLs alerts go to; none: alerts are only logged."""
    urls = [url for url in re.split(r"[\s,]+", environ.get(ALERT_URL_VAR, "").strip()) if url]
    legacy = environ.get(LEGACY_WEBHOOK_VAR, "").strip()
    if legacy:
        urls.append(re.sub(r"^http(s?)://", r"json\1://", legacy, flags=re.IGNORECASE))
    return urls


def connection_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The Airflow connection holding the alert URLs, for the environment of Airflow's
    processes; empty when no alert URL is set."""
    urls = alert_urls(environ)
    if not urls:
        return {}
    config = [{"path": url} for url in urls]
    return {CONN_ENV: json.dumps({"conn_type": "apprise", "extra": {"config": config}})}


def alerts_configured() -> bool:
    """Whether this process can send alerts: Capaian put the connection in its environment."""
    return bool(os.environ.get(CONN_ENV))


def failure_notifiers() -> list:
    """Airflow notifiers for a task's failure callback; none when no alert URL is set."""
    if not alerts_configured():
        return []
    from airflow.providers.apprise.notifications.apprise import AppriseNotifier
    from apprise import NotifyType

    return [
        AppriseNotifier(
            title=FAILURE_TITLE,
            body=FAILURE_BODY,
            notify_type=NotifyType.FAILURE,
            apprise_conn_id=CONN_ID,
        )
    ]


def send(title: str, body: str, failure: bool = False) -> bool:
    """Send one alert now; False when no alert URL is set. An alert that cannot be delivered
    is logged (by Apprise, naming the service), never raised: what it reports has happened
    already, and the run's own outcome must not depend on the alert."""
    if not alerts_configured():
        return False
    from airflow.providers.apprise.hooks.apprise import AppriseHook
    from apprise import NotifyType

    try:
        AppriseHook(apprise_conn_id=CONN_ID).notify(
            body=body,
            title=title,
            notify_type=NotifyType.FAILURE if failure else NotifyType.WARNING,
        )
    except Exception as exc:  # noqa: BLE001 - any delivery problem is logged, not raised
        log.warning("could not send the alert %r: %s", title, exc)
        return False
    return True
