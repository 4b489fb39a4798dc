"""How a running task reaches the warehouse: through the Airflow connection."""

from __future__ import annotations

from capaian import settings
from capaian.warehouse.connection import normalise_url


def warehouse_url_from_airflow() -> str:
    """The warehouse URL, from the Airflow connection ``capaian_warehouse``."""
    from airflow.sdk import Connection

    conn = Connection.get(settings.WAREHOUSE_CONN_ID)
    return normalise_url(conn.get_uri())
