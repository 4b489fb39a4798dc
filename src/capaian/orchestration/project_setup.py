"""``capaian setup``: everything a run needs, done once and skipped when already done.

1. the warehouse: the embedded server started (created on first use), or the configured
   server reached;
2. the warehouse's schema migrations applied;
3. Airflow's metadata database created and migrated;
4. the dbt manifest parsed (Cosmos renders the DAG from it without running dbt).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from capaian import settings
from capaian.marts.dbt_runner import manifest_is_current, run_dbt
from capaian.orchestration.airflow_env import airflow_environment, airflow_metadata_url
from capaian.warehouse.bi_role import ensure_bi_role
from capaian.warehouse.connection import (
    connect,
    database_name,
    redact,
    uses_embedded,
    warehouse_url,
    with_database,
)
from capaian.warehouse.migrations import migrate


class SetupError(settings.SettingError):
    pass


def setup(echo: Callable[[str], None] = print) -> str:
    """Prepare everything; returns the warehouse URL."""
    url = warehouse_url()
    where = "embedded warehouse" if uses_embedded() else "warehouse"
    echo(f"{where}: {redact(url)}")
    applied = migrate(url)
    echo(
        f"schema migrations: {len(applied)} applied" if applied else "schema migrations: up to date"
    )
    ensure_bi_role(url)
    echo("bi role: capaian_bi reads marts only (`capaian warehouse bi-url` prints its URL)")
    prepare_airflow_database(url, echo)
    if not manifest_is_current():
        echo("dbt: parsing the project (manifest for Cosmos)")
        result = run_dbt(["parse", "--quiet"], url=url, capture=True)
        if result.returncode != 0:
            raise SetupError(f"dbt parse failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return url


def prepare_airflow_database(url: str, echo: Callable[[str], None] = print) -> None:
    metadata = airflow_metadata_url(url)
    # On the metadata URL's own server: CAPAIAN_AIRFLOW_DB_URL may name another one.
    _ensure_database(metadata, database_name(metadata))
    marker = settings.airflow_home() / "metadata-db.json"
    expected = {"url": redact(metadata), "airflow": _airflow_version()}
    if (
        marker.exists()
        and json.loads(marker.read_text()) == expected
        and _has_airflow_tables(metadata)
    ):
        return
    echo("airflow: migrating its metadata database")
    env = {**os.environ, **airflow_environment(url)}
    airflow = Path(sys.executable).with_name("airflow")
    result = subprocess.run(
        [str(airflow), "db", "migrate"], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SetupError(
            f"`airflow db migrate` failed on {redact(metadata)}: "
            f"{_airflow_error(result.stderr or result.stdout)}"
        )
    marker.write_text(json.dumps(expected))


def _airflow_error(output: str) -> str:
    """The line of Airflow's output that says what went wrong (SQLAlchemy ends its errors
    with a line pointing at its documentation, which says nothing about this one)."""
    lines = [
        line.strip()
        for line in output.strip().splitlines()
        if line.strip() and not line.strip().startswith("(Background on this error")
    ]
    return lines[-1] if lines else "no output"


def _ensure_database(url: str, name: str) -> None:
    """Create database ``name`` on ``url``'s server when it is missing."""
    with connect(with_database(url, "postgres"), autocommit=True) as conn:
        if conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            return
        try:
            conn.execute(f'create database "{name}"')
        except Exception as exc:  # noqa: BLE001 - reported with what to do
            raise SetupError(
                f"cannot create Airflow's database {name!r} on {redact(url)} ({exc}); create "
                "it yourself or set CAPAIAN_AIRFLOW_DB_URL to an existing one"
            ) from None


def _has_airflow_tables(metadata_url: str) -> bool:
    with connect(metadata_url) as conn:
        return (
            conn.execute("select to_regclass('public.alembic_version')").fetchone()[0] is not None
        )


def _airflow_version() -> str:
    from importlib.metadata import version

    return version("apache-airflow")
