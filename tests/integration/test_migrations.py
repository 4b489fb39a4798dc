"""Schema migrations: applied in order, once, and an edited applied migration is refused."""

import shutil

import psycopg
import pytest

from capaian.warehouse.migrations import MIGRATIONS_DIR, MigrationError, migrate


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
