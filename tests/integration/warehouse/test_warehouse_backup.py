"""`capaian warehouse backup FILE` and `restore FILE` round-trip the warehouse: every table
comes back exactly as it was backed up, and a file that is not a backup changes nothing."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from capaian.branch_reports.loading import load_files
from capaian.warehouse.connection import url_parameters

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "branch_reports"
PASSWORD = "never-shown-7f3a"


def capaian(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "capaian.cli", *args],
        env={**os.environ, "CAPAIAN_WAREHOUSE_URL": url},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def with_password(url: str) -> tuple[str, str]:
    """The URL with a password in it, and that password: the server's own (the embedded
    warehouse's), else a made-up one (a server that trusts local logins takes any)."""
    params = url_parameters(url)
    if params.get("password"):
        return url, params["password"]
    user = params.get("user", "postgres")
    host, port, db = params["host"], params.get("port", "5432"), params["dbname"]
    return f"postgresql://{user}:{PASSWORD}@{host}:{port}/{db}", PASSWORD


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Row count and a digest of the sorted rows of every table in the loaded schemas."""
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "select format('%I.%I', table_schema, table_name) from information_schema.tables"
            " where table_schema in ('raw', 'staging', 'audit') and table_type = 'BASE TABLE'"
            " order by 1"
        ).fetchall()
        return {
            table: conn.execute(
                f"select count(*), coalesce(md5(string_agg(t::text, '|' order by t::text)), '')"
                f" from {table} as t"
            ).fetchone()
            for (table,) in tables
        }


def test_backup_and_restore_round_trip_the_warehouse(migrated_db, tmp_path):
    results = load_files(
        [FIXTURES / "canonical.csv", FIXTURES / "semicolon_indonesian.csv"],
        "backup-test",
        migrated_db,
    )
    assert all(r.status == "loaded" for r in results), results
    before = fingerprint(migrated_db)
    assert before["staging.branch_report_rows"][0] > 0
    assert before["audit.load_log"][0] == 2

    url, password = with_password(migrated_db)
    dump = tmp_path / "warehouse.dump"
    backed_up = capaian(url, "warehouse", "backup", str(dump))
    assert backed_up.returncode == 0, backed_up.stderr
    assert dump.stat().st_size > 0
    assert f"to {dump}" in backed_up.stdout
    assert password not in backed_up.stdout + backed_up.stderr

    # Lost and changed after the backup: rows gone, rows changed, a table added.
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute("delete from staging.branch_report_rows")
        conn.execute("update audit.load_log set message = 'changed after the backup'")
        conn.execute("create table staging.made_after_the_backup (x int)")
        conn.execute("create schema kept_apart")
        conn.execute("create table kept_apart.notes as select 1 as x")
    assert fingerprint(migrated_db) != before

    # Without --yes and no one to answer, nothing happens.
    declined = capaian(url, "warehouse", "restore", str(dump))
    assert declined.returncode != 0
    assert fingerprint(migrated_db)["staging.branch_report_rows"][0] == 0

    restored = capaian(url, "warehouse", "restore", str(dump), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert f"restored {dump}" in restored.stdout
    assert password not in restored.stdout + restored.stderr
    # Each schema in the backup is as it was backed up; a schema it does not hold is kept.
    assert fingerprint(migrated_db) == before
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select x from kept_apart.notes").fetchall() == [(1,)]


def test_restore_refuses_what_is_not_a_backup(migrated_db, tmp_path):
    load_files([FIXTURES / "canonical.csv"], "backup-test", migrated_db)
    before = fingerprint(migrated_db)
    not_a_dump = tmp_path / "notes.dump"
    not_a_dump.write_text("select 1;\n")

    refused = capaian(migrated_db, "warehouse", "restore", str(not_a_dump), "--yes")
    assert refused.returncode == 1
    assert "is not a backup pg_restore can read" in refused.stderr
    assert "Traceback" not in refused.stderr

    missing = capaian(migrated_db, "warehouse", "restore", str(tmp_path / "absent.dump"), "--yes")
    assert missing.returncode == 1
    assert "no backup file" in missing.stderr
    assert fingerprint(migrated_db) == before


def test_backup_names_an_unreachable_server_without_its_password(tmp_path):
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/capaian"
    failed = capaian(url, "warehouse", "backup", str(tmp_path / "w.dump"))
    assert failed.returncode == 1
    assert "cannot reach the warehouse" in failed.stderr
    assert PASSWORD not in failed.stdout + failed.stderr
    assert not (tmp_path / "w.dump").exists()
