"""Capaian's Airflow plugin: the UI starts in Jakarta time (capaian.orchestration.ui_time_zone).

Airflow loads this folder as its plugins folder (``[core] plugins_folder``, set by
capaian.orchestration.airflow_env); the API server adds the middleware at its root.
"""

from __future__ import annotations

from airflow.providers.common.compat.sdk import AirflowPlugin

from capaian.orchestration.ui_time_zone import DefaultUiTimeZone


class CapaianUiTimeZonePlugin(AirflowPlugin):
    name = "capaian_ui_time_zone"
    fastapi_root_middlewares = [
        {"middleware": DefaultUiTimeZone, "args": [], "kwargs": {}, "name": "UI in Jakarta time"}
    ]
