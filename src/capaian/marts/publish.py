"""Publish: make the freshly built and validated marts what BI reads, all at once, at the cost
of a swap.

dbt builds the marts in ``marts_build``; BI reads ``marts``, whose relations are views over the
tables in ``marts_live``. After Great Expectations passed the build, one transaction swaps each
table of ``marts_build`` with its namesake in ``marts_live`` (three renames, whatever the
table's size) and points the ``marts`` view at it again. The views keep their identity, so
analysts' own views on them and BI's grants survive; a BI session sees the old marts or the
new, whole, never a mix.

The tables that were live go back to ``marts_build``: the next build brings them up to date
incrementally (``audit.mart_generations`` says which staging rows each schema's tables hold,
and dbt's int_build_bounds reads it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import psycopg
from psycopg import errors, sql

from capaian.marts.change_check import record_publish
from capaian.warehouse.connection import connect

BUILD_SCHEMA = "marts_build"
LIVE_SCHEMA = "marts_live"
PUBLISHED_SCHEMA = "marts"
SWAP_SCHEMA = "marts_swap"  # empty between publishes; holds a table for one rename
# The swap waits for BI queries that are reading the marts, and BI queries that arrive then
# wait for the swap. So that a long query never stalls BI behind a waiting swap, the swap gives
# up after LOCK_TIMEOUT and tries again later. A BI query that holds a table the swap needs
# while it waits for one the swap holds is a deadlock: PostgreSQL ends the transaction that
# waited first, the swap, which tries again too. BI never sees an error.
LOCK_TIMEOUT = "5s"
ATTEMPTS = 12


class AlreadyPublished(RuntimeError):
    """marts_build holds marts that were already published: build before publishing again."""


@dataclass(frozen=True)
class PublishedTable:
    name: str
    recreated: bool  # its columns changed: the view was made anew (analysts' views on it too)


def publish_marts(
    url: str, inputs_fingerprint: str | None = None, run_id: str | None = None
) -> list[PublishedTable]:
    """Publish every built mart; with ``inputs_fingerprint`` (what the build was made from,
    see capaian.marts.change_check), record it in the same transaction, so that a later night
    with the same inputs knows these marts are current."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with connect(url) as conn:
                published = _swap(conn)
                if inputs_fingerprint:
                    record_publish(conn, inputs_fingerprint, run_id or "unknown")
                conn.commit()
                return published
        except (errors.DeadlockDetected, errors.LockNotAvailable) as exc:
            if attempt == ATTEMPTS:
                raise RuntimeError(
                    f"could not publish: BI queries kept the marts busy through {ATTEMPTS}"
                    f" tries ({exc.__class__.__name__}); the marts BI reads are unchanged"
                ) from exc
            time.sleep(min(attempt, 5))
    raise AssertionError("unreachable")


def _swap(conn: psycopg.Connection) -> list[PublishedTable]:
    built = _tables_and_columns(conn, BUILD_SCHEMA)
    if not built:
        raise RuntimeError(f"nothing to publish: schema {BUILD_SCHEMA} has no tables")
    generation = _generation(conn, BUILD_SCHEMA)
    if generation is not None and generation["published_at"] is not None:
        raise AlreadyPublished(
            f"{BUILD_SCHEMA} holds the marts published before the current ones (a publish "
            "already ran after the last build): build the marts before publishing again"
        )
    for schema in (LIVE_SCHEMA, SWAP_SCHEMA, PUBLISHED_SCHEMA):
        conn.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(schema)))
    live = _tables_and_columns(conn, LIVE_SCHEMA)
    views = _views_and_columns(conn, PUBLISHED_SCHEMA)
    conn.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(LOCK_TIMEOUT)))
    _lock(conn, built, live, _published_relations(conn))
    published = []
    for table, columns in built.items():
        if table in live:
            _move(conn, LIVE_SCHEMA, SWAP_SCHEMA, table)
        _move(conn, BUILD_SCHEMA, LIVE_SCHEMA, table)
        if table in live:
            _move(conn, SWAP_SCHEMA, BUILD_SCHEMA, table)
        published.append(PublishedTable(table, _point_view(conn, table, columns, views)))
    for stale in set(live) - set(built):
        conn.execute(sql.SQL("drop view if exists {} cascade").format(_in(PUBLISHED_SCHEMA, stale)))
        conn.execute(sql.SQL("drop table {} cascade").format(_in(LIVE_SCHEMA, stale)))
    _swap_generations(conn, moved_back=bool(set(live) & set(built)))
    return published


def _published_relations(conn) -> list[str]:
    return [
        name
        for (name,) in conn.execute(
            "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
            " where n.nspname = %s and c.relkind in ('r', 'v', 'p')",
            (PUBLISHED_SCHEMA,),
        )
    ]


def _lock(conn, built, live, published) -> None:
    """Every relation the swap changes, in one statement and a fixed order, before changing
    any: a BI query waits a moment for the swap, never meets half of it."""
    relations = sorted(
        [_in(BUILD_SCHEMA, t) for t in built]
        + [_in(LIVE_SCHEMA, t) for t in live]
        + [_in(PUBLISHED_SCHEMA, name) for name in published],
        key=lambda identifier: identifier.as_string(conn),
    )
    if relations:
        conn.execute(
            sql.SQL("lock table {} in access exclusive mode").format(sql.SQL(", ").join(relations))
        )


def _move(conn, source: str, target: str, table: str) -> None:
    conn.execute(
        sql.SQL("alter table {} set schema {}").format(_in(source, table), sql.Identifier(target))
    )


def _point_view(conn, table: str, columns, views) -> bool:
    """Make marts.<table> show marts_live.<table>; True when it had to be made anew."""
    view = _in(PUBLISHED_SCHEMA, table)
    definition = sql.SQL("select * from {}").format(_in(LIVE_SCHEMA, table))
    current = views.get(table)
    if current is not None and current == columns:
        conn.execute(sql.SQL("create or replace view {} as {}").format(view, definition))
        return False
    _drop_published(conn, table)
    conn.execute(sql.SQL("create view {} as {}").format(view, definition))
    return True


def _drop_published(conn, name: str) -> None:
    """A view of an older shape, or a table from before marts were views."""
    kind = conn.execute(
        "select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace"
        " where n.nspname = %s and c.relname = %s",
        (PUBLISHED_SCHEMA, name),
    ).fetchone()
    if kind is None:
        return
    statement = "drop view {} cascade" if kind[0] == "v" else "drop table {} cascade"
    conn.execute(sql.SQL(statement).format(_in(PUBLISHED_SCHEMA, name)))


def _generation(conn, schema: str) -> dict | None:
    row = conn.execute(
        # As text: '-infinity' (a first build's) has no Python datetime.
        "select watermark::text, build_id, published_at from audit.mart_generations"
        " where schema_name = %s",
        (schema,),
    ).fetchone()
    if row is None:
        return None
    return dict(zip(("watermark", "build_id", "published_at"), row, strict=True))


def _swap_generations(conn, moved_back: bool) -> None:
    """marts_live now holds what marts_build held, published now; marts_build holds what was
    live (or nothing: then its next build starts from scratch)."""
    build = _generation(conn, BUILD_SCHEMA)
    live = _generation(conn, LIVE_SCHEMA)
    conn.execute("delete from audit.mart_generations")
    insert = (
        "insert into audit.mart_generations (schema_name, watermark, build_id, published_at)"
        " values (%s, %s::timestamptz, %s, %s)"
    )
    conn.execute(
        insert,
        (LIVE_SCHEMA, build["watermark"] if build else "-infinity", build and build["build_id"],
         datetime.now(UTC)),
    )  # fmt: skip
    if moved_back and live:
        conn.execute(
            insert, (BUILD_SCHEMA, live["watermark"], live["build_id"], live["published_at"])
        )


def _tables_and_columns(conn, schema: str) -> dict[str, list[tuple[str, str]]]:
    return _relations_and_columns(conn, schema, "BASE TABLE")


def _views_and_columns(conn, schema: str) -> dict[str, list[tuple[str, str]]]:
    return _relations_and_columns(conn, schema, "VIEW")


def _relations_and_columns(conn, schema: str, kind: str) -> dict[str, list[tuple[str, str]]]:
    rows = conn.execute(
        """
        select c.table_name, c.column_name, c.data_type
        from information_schema.columns as c
        join information_schema.tables as t
          on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = %s and t.table_type = %s
        order by c.table_name, c.ordinal_position
        """,
        (schema, kind),
    ).fetchall()
    relations: dict[str, list[tuple[str, str]]] = {}
    for name, column, data_type in rows:
        relations.setdefault(name, []).append((column, data_type))
    return relations


def _in(schema: str, name: str) -> sql.Identifier:
    return sql.Identifier(schema, name)
