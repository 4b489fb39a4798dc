"""Shared fixtures: a real PostgreSQL server and throwaway databases on it.

The server is the one ``CAPAIAN_WAREHOUSE_URL`` points at when it is set (CI runs the suite a
second time against the PostgreSQL on 127.0.0.1:5432), else the embedded one. Each test that
writes gets a database of its own, created for it and dropped after.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from capaian.warehouse.connection import warehouse_url
from capaian.warehouse.scratch import scratch_database


@pytest.fixture(scope="session")
def server_url() -> str:
    """A URL on the PostgreSQL server the tests may create databases on."""
    return warehouse_url()


@pytest.fixture
def throwaway_db(server_url) -> Iterator[str]:
    """A fresh, empty database (and Airflow's companion database) dropped after the test."""
    with scratch_database(server_url, prefix="capaian_test") as url:
        yield url


@pytest.fixture
def migrated_db(throwaway_db) -> str:
    from capaian.warehouse.migrations import migrate

    migrate(throwaway_db)
    return throwaway_db
