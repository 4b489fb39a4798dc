"""Publishing while BI reads: a BI session querying the marts in a loop during refreshes never
gets an error and never sees a mix of old and new rows; analysts' views on the marts follow
each publish; marts already published are never published again (real connections, real
publish)."""

import threading

import psycopg
import pytest

from capaian.marts.publish import AlreadyPublished, publish_marts

ROWS = 2_000
PUBLISHES = 8


def build_version(url: str, version: int) -> None:
    """What dbt would leave in marts_build: every row carries the build's version number, and
    the build is recorded as waiting for its publish (dbt's on-run-end hook does that)."""
    with psycopg.connect(url) as conn:
        conn.execute("create schema if not exists marts_build")
        conn.execute("drop table if exists marts_build.fct_attainment")
        conn.execute(
            "create table marts_build.fct_attainment as"
            " select g as office_no, %s::integer as build_version from generate_series(1, %s) g",
            (version, ROWS),
        )
        mark_built(conn, f"build-{version}")


def mark_built(conn, build_id: str) -> None:
    conn.execute(
        "insert into audit.mart_generations (schema_name, watermark, build_id)"
        " values ('marts_build', now(), %s) on conflict (schema_name) do update"
        " set build_id = excluded.build_id, published_at = null",
        (build_id,),
    )


def test_bi_never_sees_a_half_published_mart(migrated_db):
    build_version(migrated_db, 0)
    publish_marts(migrated_db)

    seen: set[tuple[int, int, int]] = set()
    errors: list[BaseException] = []
    done = threading.Event()

    def bi_session():
        try:
            with psycopg.connect(migrated_db, autocommit=True) as conn:
                while not done.is_set():
                    seen.add(
                        conn.execute(
                            "select count(*), min(build_version), max(build_version)"
                            " from marts.fct_attainment"
                        ).fetchone()
                    )
        except BaseException as exc:  # noqa: BLE001 - any error is the failure under test
            errors.append(exc)

    reader = threading.Thread(target=bi_session)
    reader.start()
    try:
        for version in range(1, PUBLISHES + 1):
            build_version(migrated_db, version)
            publish_marts(migrated_db)
    finally:
        done.set()
        reader.join(timeout=60)

    assert errors == []
    assert len(seen) > 1, "the reader saw more than one version while publishing went on"
    for count, oldest, newest in seen:
        assert count == ROWS and oldest == newest, (count, oldest, newest)


def test_a_mart_whose_columns_change_is_swapped_without_errors(migrated_db):
    """A release that adds a column makes publish recreate the table: still no errors."""
    build_version(migrated_db, 0)
    publish_marts(migrated_db)
    errors: list[BaseException] = []
    done = threading.Event()

    def bi_session():
        try:
            with psycopg.connect(migrated_db, autocommit=True) as conn:
                while not done.is_set():
                    conn.execute("select count(*) from marts.fct_attainment").fetchone()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    reader = threading.Thread(target=bi_session)
    reader.start()
    try:
        for version in range(1, 5):
            build_version(migrated_db, version)
            if version % 2:
                with psycopg.connect(migrated_db) as conn:
                    conn.execute("alter table marts_build.fct_attainment add column note text")
            publish_marts(migrated_db)
    finally:
        done.set()
        reader.join(timeout=60)
    assert errors == []


def test_analysts_views_on_the_marts_show_each_new_publish(migrated_db):
    """marts.* keep their identity across publishes (only what they point at is swapped), so
    a view an analyst built on them follows every publish."""
    build_version(migrated_db, 1)
    publish_marts(migrated_db)
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute("create schema analyst")
        conn.execute(
            "create view analyst.versions as select max(build_version) as version"
            " from marts.fct_attainment"
        )
    for version in (2, 3):
        build_version(migrated_db, version)
        publish_marts(migrated_db)
        with psycopg.connect(migrated_db) as conn:
            assert conn.execute("select version from analyst.versions").fetchone() == (version,)


def test_publishing_twice_without_a_build_is_refused_and_changes_nothing(migrated_db):
    """After a publish, marts_build holds the marts that were live before: publishing them
    again (a retried task, a second command) would put BI back on old figures."""
    build_version(migrated_db, 1)
    publish_marts(migrated_db)
    build_version(migrated_db, 2)
    publish_marts(migrated_db)
    with pytest.raises(AlreadyPublished, match="build the marts before publishing again"):
        publish_marts(migrated_db)
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select max(build_version) from marts.fct_attainment").fetchone() == (
            2,
        )
