"""The Airflow Assets Capaian's DAGs announce and wait for.

The ingest DAGs announce a staging table's asset only when they actually loaded new rows into
it; the nightly DAG runs on those announcements as well as at 02:00, so new data reaches the
marts soon after it lands, and a night with nothing new costs an incremental no-op.

The nightly's publish task announces the marts it published, as Assets named by where they
are (``postgres://host:port/database/marts/<mart>``), which is also how their lineage names
them (see capaian.orchestration.lineage).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from airflow.sdk import Asset

if TYPE_CHECKING:
    from capaian.orchestration.lineage import WarehouseLocation

STAGING_BRANCH_REPORT_ROWS = Asset(
    name="staging.branch_report_rows", uri="capaian://warehouse/staging/branch_report_rows"
)
STAGING_NEWS_FACTS = Asset(name="staging.news_facts", uri="capaian://warehouse/staging/news_facts")


def mart_assets(location: WarehouseLocation, schema: str) -> list[Asset]:
    """The marts in ``schema`` (``marts_build`` as dbt built them, ``marts`` as BI reads
    them), as Assets in the Postgres provider's form: every model dbt builds in
    ``marts_build``, since publishing puts each of them in ``marts``."""
    # Imported here: only the nightly needs the dbt project (and Cosmos) at parse time.
    from capaian.marts.publish import BUILD_SCHEMA
    from capaian.orchestration.dbt_task_group import models_built_in

    return [location.table_asset(schema, name) for name in models_built_in(BUILD_SCHEMA)]
