"""Publish: make the freshly built and validated marts what BI reads, all at once.

dbt builds the marts in ``marts_build``; after Great Expectations passed them, every table
there is copied into ``marts`` in ONE transaction. BI sessions keep reading the previous
version until the commit, then see the new one whole: PostgreSQL's MVCC means a reader never
waits, never errors and never sees half of each. A table whose columns changed is recreated
inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

from capaian.marts_inputs import record_publish
from capaian.warehouse.connection import connect

BUILD_SCHEMA = "marts_build"
PUBLISHED_SCHEMA = "marts"


@dataclass(frozen=True)
class PublishedTable:
    name: str
    rows: int
    recreated: bool


def publish_marts(
    url: str, inputs_fingerprint: str | None = None, run_id: str | None = None
) -> list[PublishedTable]:
    """Publish every built mart; with ``inputs_fingerprint`` (what the build was made from,
    see capaian.marts_inputs), record it in the same transaction, so that a later night
    with the same inputs knows these marts are current."""
    published = []
    with connect(url) as conn:
        built = _tables_and_columns(conn, BUILD_SCHEMA)
        if not built:
            raise RuntimeError(f"nothing to publish: schema {BUILD_SCHEMA} has no tables")
        current = _tables_and_columns(conn, PUBLISHED_SCHEMA)
        for table, columns in built.items():
            target = sql.Identifier(PUBLISHED_SCHEMA, table)
            source = sql.Identifier(BUILD_SCHEMA, table)
            recreated = current.get(table) != columns
            if recreated:
                conn.execute(sql.SQL("drop table if exists {} cascade").format(target))
                conn.execute(
                    sql.SQL("create table {} (like {} including all)").format(target, source)
                )
            else:
                conn.execute(sql.SQL("delete from {}").format(target))
            cursor = conn.execute(sql.SQL("insert into {} select * from {}").format(target, source))
            published.append(PublishedTable(table, cursor.rowcount, recreated))
        for stale in set(current) - set(built):
            conn.execute(
                sql.SQL("drop table {} cascade").format(sql.Identifier(PUBLISHED_SCHEMA, stale))
            )
        if inputs_fingerprint:
            record_publish(conn, inputs_fingerprint, run_id or "unknown")
        conn.commit()
    return published


def _tables_and_columns(conn, schema: str) -> dict[str, list[tuple[str, str]]]:
    rows = conn.execute(
        """
        select c.table_name, c.column_name, c.data_type
        from information_schema.columns as c
        join information_schema.tables as t
          on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = %s and t.table_type = 'BASE TABLE'
        order by c.table_name, c.ordinal_position
        """,
        (schema,),
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in rows:
        tables.setdefault(table, []).append((column, data_type))
    return tables
