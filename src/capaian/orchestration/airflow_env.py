"""Airflow inside the project: its home, metadata database and connections, all derived.

Airflow is configured entirely through environment variables computed here, so nothing with
a password is written into a file in the repository:
- ``AIRFLOW_HOME`` is ``.capaian/airflow``; DAGs load from ``dags/``;
- the metadata database is a database on the warehouse's server, named after the warehouse
  database with ``_airflow`` appended (``CAPAIAN_AIRFLOW_DB_URL`` overrides it);
- the connection ``capaian_warehouse`` is the warehouse URL (``AIRFLOW_CONN_CAPAIAN_WAREHOUSE``);
- OpenLineage's transport is ``CAPAIAN_LINEAGE_TRANSPORT`` (see capaian.orchestration.lineage).

Both URLs carry the warehouse password, so they exist only in the environment of the Airflow
processes Capaian starts: Airflow writes neither to ``airflow.cfg`` nor to its database (a
connection from an ``AIRFLOW_CONN_`` variable is never stored), and whatever Capaian records
about them (``metadata-db.json``) is the masked URL.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from capaian import settings
from capaian.orchestration import alerts, lineage
from capaian.warehouse.connection import database_name, with_database

AIRFLOW_DB_URL_VAR = "CAPAIAN_AIRFLOW_DB_URL"


def airflow_metadata_url(warehouse_url: str) -> str:
    override = os.environ.get(AIRFLOW_DB_URL_VAR, "").strip()
    if override:
        return override
    return with_database(warehouse_url, database_name(warehouse_url) + "_airflow")


def airflow_environment(warehouse_url: str) -> dict[str, str]:
    """The environment variables every Airflow process of this project runs with."""
    home = settings.airflow_home()
    home.mkdir(parents=True, exist_ok=True)
    metadata = airflow_metadata_url(warehouse_url)
    env = {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(settings.dags_dir()),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(lineage.plugins_folder()),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": os.environ.get("AIRFLOW__CORE__EXECUTOR", "LocalExecutor"),
        "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Asia/Jakarta",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": metadata.replace(
            "postgresql://", "postgresql+psycopg2://", 1
        ),
        # Set in the environment (several machines must share them), else made once locally.
        "AIRFLOW__API_AUTH__JWT_SECRET": os.environ.get("AIRFLOW__API_AUTH__JWT_SECRET")
        or _local_secret(home / "jwt_secret"),
        "AIRFLOW__API__SECRET_KEY": os.environ.get("AIRFLOW__API__SECRET_KEY")
        or _local_secret(home / "api_secret"),
        "AIRFLOW_CONN_CAPAIAN_WAREHOUSE": warehouse_url,
        # Workers named by CAPAIAN_WORKER_NAME (several on one machine stay apart in the UI).
        "AIRFLOW__CORE__HOSTNAME_CALLABLE": "capaian.orchestration.worker_name.hostname",
        # Nothing leaves the machine: no usage statistics from Airflow, Cosmos or dbt.
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
        "AIRFLOW__USAGE_DATA_COLLECTION__ENABLED": "False",
        "SCARF_ANALYTICS": "false",
        "DO_NOT_TRACK": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "CAPAIAN_PROJECT_ROOT": str(settings.project_root()),
        # Airflow starts its own components as `airflow ...` subprocesses: find ours first.
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    env.update(alerts.connection_environment())
    # OpenLineage events go where CAPAIAN_LINEAGE_TRANSPORT says; unset, none are made.
    env.update(lineage.openlineage_environment())
    if env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor":
        # Celery keeps task results in the metadata database unless told otherwise.
        env.setdefault(
            "AIRFLOW__CELERY__RESULT_BACKEND",
            os.environ.get("AIRFLOW__CELERY__RESULT_BACKEND", "db+" + metadata),
        )
    return env


def _local_secret(path) -> str:
    """A random secret made once per installation and kept in .capaian (never in git)."""
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32) + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


def ui_environment(port: int) -> dict[str, str]:
    """Airflow's API server (and UI) on 127.0.0.1 only, and its task runners pointed at it."""
    return {
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
    }
