"""Throwaway databases on the warehouse's server, for tests and benchmarks.

Each gets a fresh name; dropping it also drops Airflow's companion database
(``<name>_airflow``), which `capaian setup` creates beside any warehouse database.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg

from capaian.warehouse.connection import database_name, with_database


def create_database(server_url: str, prefix: str = "capaian_scratch") -> str:
    """Create an empty database on ``server_url``'s server; returns its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    return with_database(server_url, name)


def drop_database(url: str) -> None:
    """Drop the database of ``url`` and its Airflow companion, if they exist."""
    name = database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        for db in (name, name + "_airflow"):
            conn.execute(f'drop database if exists "{db}" with (force)')


@contextmanager
def scratch_database(server_url: str, prefix: str = "capaian_scratch") -> Iterator[str]:
    url = create_database(server_url, prefix)
    try:
        yield url
    finally:
        drop_database(url)
