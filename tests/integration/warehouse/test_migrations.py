"""Schema migrations: applied in order, once, and an edited applied migration is refused."""

import shutil

import psycopg
import pytest

from capaian.warehouse.migrations import (
    MIGRATIONS_DIR,
    MigrationError,
    available_migrations,
    migrate,
)


def test_migrations_create_the_layers_once(throwaway_db):
    applied = migrate(throwaway_db)
    assert [m.version for m in applied] == sorted(m.version for m in applied)
    assert migrate(throwaway_db) == []
    with psycopg.connect(throwaway_db) as conn:
        schemas = {
            r[0] for r in conn.execute("select schema_name from information_schema.schemata")
        }
        recorded = conn.execute("select count(*) from public.capaian_schema_migrations").fetchone()
    assert {"raw", "staging", "audit", "marts"} <= schemas
    assert recorded == (len(applied),)


def test_an_edited_applied_migration_is_refused(throwaway_db, tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    migrate(throwaway_db, folder)
    first = sorted(folder.glob("*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    with pytest.raises(MigrationError, match="was changed after it was applied"):
        migrate(throwaway_db, folder)


def test_a_new_migration_is_applied_on_the_next_call(throwaway_db, tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    migrate(throwaway_db, folder)
    (folder / "9999_extra.sql").write_text("create table audit.extra (x int);")
    assert [m.name for m in migrate(throwaway_db, folder)] == ["extra"]


def test_rows_loaded_before_file_ids_get_their_file_id(throwaway_db, tmp_path):
    """Migration 0014 names staging rows by file id instead of content hash: a warehouse that
    already holds rows keeps every one, each with the id of the file it came from."""
    older = tmp_path / "migrations"
    older.mkdir()
    for path in MIGRATIONS_DIR.glob("*.sql"):
        if int(path.name[:4]) < 14:
            shutil.copy(path, older)
    migrate(throwaway_db, older)
    with psycopg.connect(throwaway_db) as conn:
        # What dbt had built over the old column (dbt makes it anew at its next build).
        conn.execute("create schema dbt_staging")
        conn.execute(
            "create view dbt_staging.stg_branch_report_rows as"
            " select content_sha256 from staging.branch_report_rows"
        )
        for sha, name, lines in (("a" * 64, "a.csv", 2), ("b" * 64, "b.csv", 1)):
            conn.execute(
                "insert into raw.branch_report_files (content_sha256, file_name, size_bytes)"
                " values (%s, %s, 1)",
                (sha, name),
            )
            for line in range(2, 2 + lines):
                conn.execute(
                    "insert into staging.branch_report_rows (content_sha256, line_ref,"
                    " report_date, office_code, segment, metric, realization)"
                    " values (%s, %s, '2025-06-30', 'KC-A', 'PU', 'participants', 1)",
                    (sha, f"line {line}"),
                )

    assert [m.version for m in migrate(throwaway_db)] == [
        m.version for m in available_migrations() if m.version >= 14
    ]
    with psycopg.connect(throwaway_db) as conn:
        rows = conn.execute(
            "select f.file_name, s.line_ref from staging.branch_report_rows s"
            " join raw.branch_report_files f using (file_id) order by 1, 2"
        ).fetchall()
    assert rows == [("a.csv", "line 2"), ("a.csv", "line 3"), ("b.csv", "line 2")]


def test_a_failing_migration_is_rolled_back_and_named(throwaway_db, tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, folder)
    (folder / "9999_broken.sql").write_text(
        "create table audit.half_done (x int);\nselect * from no_such_table;"
    )
    with pytest.raises(MigrationError, match=r"9999_broken.sql failed and was rolled back: .*"):
        migrate(throwaway_db, folder)
    with psycopg.connect(throwaway_db) as conn:
        assert conn.execute("select to_regclass('audit.half_done')").fetchone() == (None,)
