"""Lineage: where OpenLineage events go, and how Capaian's datasets are named in them.

Airflow's OpenLineage provider emits the events (a start and an end per task and per DAG run);
this module only configures it and tells it what the tasks read and wrote:
- ``CAPAIAN_LINEAGE_TRANSPORT`` is the one setting: an OpenLineage transport as JSON (for
  example ``{"type": "file", "log_file_path": "/var/log/capaian/lineage.jsonl"}`` or
  ``{"type": "http", "url": "https://marquez.example:5000"}``), handed to every Airflow process
  as ``AIRFLOW__OPENLINEAGE__TRANSPORT``. Unset, OpenLineage is switched off, so a default
  installation pays nothing for it and needs no lineage server;
- the load tasks report the inbox files they read and the staging table they wrote through
  Airflow's hook lineage collector, which the provider reads when the task ends;
- tables are named as the Postgres provider names them (namespace ``postgres://host:port``,
  name ``database.schema.table``), which is also how the OpenLineage dbt integration names
  the tables dbt reads and builds, so the events of the load tasks, of dbt (through Cosmos)
  and of the publish task meet on the same datasets.

The names carry the warehouse's host, port and database, never its user or password: they come
from the ``capaian_warehouse`` connection's fields, not from its URL.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from capaian import settings

if TYPE_CHECKING:
    from airflow.sdk import Asset

LINEAGE_TRANSPORT_VAR = "CAPAIAN_LINEAGE_TRANSPORT"
# The job namespace of the events: which system ran the DAGs and the dbt models.
JOB_NAMESPACE = "capaian"
DEFAULT_POSTGRES_PORT = 5432


def openlineage_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The OpenLineage provider's settings for the environment of Airflow's processes."""
    raw = environ.get(LINEAGE_TRANSPORT_VAR, "").strip()
    if not raw:
        return {"AIRFLOW__OPENLINEAGE__DISABLED": "True"}
    transport = parse_transport(raw)
    return {
        "AIRFLOW__OPENLINEAGE__DISABLED": "False",
        "AIRFLOW__OPENLINEAGE__TRANSPORT": json.dumps(transport),
        "AIRFLOW__OPENLINEAGE__NAMESPACE": JOB_NAMESPACE,
    }


def parse_transport(raw: str) -> dict:
    """The transport configuration in ``raw``; the errors never quote it, since a transport
    can carry credentials (an API key, a URL with a password)."""
    try:
        transport = json.loads(raw)
    except json.JSONDecodeError as bad:
        raise settings.SettingError(
            f"{LINEAGE_TRANSPORT_VAR} is not JSON (at character {bad.pos}): write an "
            'OpenLineage transport, for example {"type": "file", "log_file_path": "/tmp/ol.jsonl"}'
        ) from None
    if not isinstance(transport, dict) or not isinstance(transport.get("type"), str):
        raise settings.SettingError(
            f'{LINEAGE_TRANSPORT_VAR} must be a JSON object with a "type" (file, http, '
            "kafka, console, composite...), as OpenLineage's transports are configured"
        )
    return transport


@dataclass(frozen=True)
class WarehouseLocation:
    """Where the warehouse is, as lineage names it: no user, no password."""

    host: str
    port: int
    database: str

    @property
    def namespace(self) -> str:
        return f"postgres://{self.host}:{self.port}"

    def table_asset(self, schema: str, table: str) -> Asset:
        """The Airflow Asset of a table, in the Postgres provider's form (whose OpenLineage
        dataset is ``namespace`` / ``database.schema.table``)."""
        from airflow.providers.postgres.assets.postgres import create_asset
        from airflow.sdk import Asset

        provider_form = create_asset(
            host=self.host, port=self.port, database=self.database, schema=schema, table=table
        )
        return Asset(name=f"{schema}.{table}", uri=provider_form.uri)

    def table_dataset_name(self, schema: str, table: str) -> str:
        return f"{self.database}.{schema}.{table}"


def warehouse_location() -> WarehouseLocation:
    """The warehouse's location, from the ``capaian_warehouse`` connection's host, port and
    database fields. Readable at DAG parse time too: every Airflow process Capaian starts has
    the connection in its environment, and reading it touches no database."""
    from airflow.sdk import Connection

    conn = Connection.get(settings.WAREHOUSE_CONN_ID)
    return WarehouseLocation(
        host=conn.host or "localhost",
        port=int(conn.port or DEFAULT_POSTGRES_PORT),
        database=conn.schema or "",
    )


def lineage_enabled() -> bool:
    """Whether the OpenLineage provider will emit this process's events. Checked before
    collecting anything: the collector's first use loads every provider's asset factories,
    which takes seconds a night without lineage should not spend."""
    try:
        from airflow.providers.openlineage import conf
    except ImportError:
        return False
    return not conf.is_disabled()


def report_files_loaded(files: Iterable[Path], schema: str, table: str) -> None:
    """Tell Airflow's hook lineage collector that this task read ``files`` into
    ``schema.table``; the OpenLineage provider makes them the task's inputs and output."""
    if not lineage_enabled():
        return
    from airflow.providers.postgres.hooks.postgres import PostgresHook
    from airflow.sdk import ObjectStoragePath
    from airflow.sdk.lineage import get_hook_lineage_collector

    collector = get_hook_lineage_collector()
    location = warehouse_location()
    for path in files:
        absolute = Path(path).resolve()
        collector.add_input_asset(
            context=ObjectStoragePath(absolute.as_uri()),
            scheme="file",
            asset_kwargs={"path": str(absolute)},
        )
    # The hook is the lineage's context (who wrote); building it opens no connection.
    collector.add_output_asset(
        context=PostgresHook(postgres_conn_id=settings.WAREHOUSE_CONN_ID),
        scheme="postgres",
        asset_kwargs={
            "host": location.host,
            "port": location.port,
            "database": location.database,
            "schema": schema,
            "table": table,
        },
    )


def plugins_folder() -> Path:
    """Capaian's Airflow plugins (the listener emptying the hook lineage collector after each
    task), for ``[core] plugins_folder``."""
    return Path(__file__).resolve().parent / "airflow_plugins"
