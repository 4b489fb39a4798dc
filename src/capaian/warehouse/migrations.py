"""Versioned schema migrations: numbered SQL files applied in order, each recorded once.

The files live in ``warehouse/migrations/NNNN_name.sql``. Each is applied in its own
transaction and recorded with a checksum in ``public.capaian_schema_migrations``; editing a
file that was already applied is refused (write a new migration instead). An advisory lock
makes concurrent callers (two Airflow tasks starting at once) wait for each other.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

from capaian.warehouse.connection import connect

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_FILE_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Any constant works; it only has to be the same for every Capaian process.
_ADVISORY_LOCK_KEY = 0x43415041  # "CAPA"

_BOOKKEEPING = """
create table if not exists public.capaian_schema_migrations (
    version    integer primary key,
    name       text        not null,
    checksum   text        not null,
    applied_at timestamptz not null default now()
)
"""


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def available_migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in sorted(directory.glob("*.sql")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"{path.name}: migration files are named NNNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if len(versions) != len(set(versions)):
        raise MigrationError(f"two migration files share a version number in {directory}")
    return found


def migrate(url: str | None = None, directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Apply every pending migration; returns those applied now (empty when up to date)."""
    applied_now: list[Migration] = []
    with connect(url, autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(%s)", (_ADVISORY_LOCK_KEY,))
        try:
            conn.execute(_BOOKKEEPING)
            done = {
                version: checksum
                for version, checksum in conn.execute(
                    "select version, checksum from public.capaian_schema_migrations"
                )
            }
            for migration in available_migrations(directory):
                if migration.version in done:
                    if done[migration.version] != migration.checksum:
                        raise MigrationError(
                            f"{migration.path.name} was changed after it was applied; "
                            "write a new migration instead of editing an applied one"
                        )
                    continue
                try:
                    with conn.transaction():
                        conn.execute(migration.sql)
                        conn.execute(
                            "insert into public.capaian_schema_migrations"
                            " (version, name, checksum) values (%s, %s, %s)",
                            (migration.version, migration.name, migration.checksum),
                        )
                except psycopg.Error as exc:
                    # Rolled back whole: the schema is as before, and the next call retries.
                    raise MigrationError(
                        f"migration {migration.path.name} failed and was rolled back: "
                        f"{str(exc).strip()}"
                    ) from exc
                applied_now.append(migration)
        finally:
            conn.execute("select pg_advisory_unlock(%s)", (_ADVISORY_LOCK_KEY,))
    return applied_now
