"""The warehouse owner's password, in every form libpq takes it, never leaves the process:
not printed by `capaian setup`, `capaian warehouse ...` or an error, not written under
CAPAIAN_HOME (Airflow's home included) or dbt's target, not stored in the warehouse or in
Airflow's metadata database, and never part of the URL BI users get.

Real subprocesses against the real server. The server trusts local connections, so each
password is carried everywhere a real one would be, and the tests look for it afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from capaian.warehouse.bi_role import BI_ROLE
from capaian.warehouse.connection import with_database

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[3]
# One per form: the user info, ?password=, PGPASSWORD and a .pgpass file.
USERINFO_SECRET = "UserinfoSecret1"
QUERY_SECRET = "QuerySecret2"
ENV_SECRET = "EnvSecret3"
PGPASS_SECRET = "PgpassSecret4"
SECRETS = (USERINFO_SECRET, QUERY_SECRET, ENV_SECRET, PGPASS_SECRET)


def owner_url_with_every_secret(db_url: str) -> str:
    params = conninfo_to_dict(db_url)
    return (
        f"postgresql://{params['user']}:{USERINFO_SECRET}@{params['host']}:{params['port']}"
        f"/{params['dbname']}?password={QUERY_SECRET}&sslmode=disable"
    )


@pytest.fixture
def environment(migrated_db, tmp_path) -> dict[str, str]:
    if conninfo_to_dict(migrated_db).get("password"):
        pytest.skip(
            "the server checks passwords (the embedded warehouse does): carrying four fake ones"
            " needs a server that trusts local connections, as CI's at 127.0.0.1:5432"
        )
    user_home = tmp_path / "user"
    user_home.mkdir()
    pgpass = user_home / ".pgpass"
    pgpass.write_text(f"*:*:*:*:{PGPASS_SECRET}\n")
    pgpass.chmod(0o600)
    env = {
        **os.environ,
        "CAPAIAN_WAREHOUSE_URL": owner_url_with_every_secret(migrated_db),
        "CAPAIAN_HOME": str(tmp_path / "capaian_home"),
        "PGPASSWORD": ENV_SECRET,
        "HOME": str(user_home),
    }
    for unset in ("PGPASSFILE", "CAPAIAN_AIRFLOW_DB_URL", "CAPAIAN_BI_PASSWORD"):
        env.pop(unset, None)
    return env


def capaian(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "capaian.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret} in {where}"


def files_under(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]


def assert_no_secret_in_files(*folders: Path) -> None:
    files = files_under(*folders)
    assert files
    for path in files:
        assert_no_secret(path.read_bytes().decode("utf-8", errors="replace"), str(path))


def assert_no_secret_in_database(url: str) -> None:
    """Every row of every table, read as text."""
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "select table_schema, table_name from information_schema.tables"
            " where table_type = 'BASE TABLE'"
            " and table_schema not in ('pg_catalog', 'information_schema')"
        ).fetchall()
        assert tables
        for schema, table in tables:
            rows = conn.execute(
                sql.SQL("select t::text from {}.{} as t").format(
                    sql.Identifier(schema), sql.Identifier(table)
                )
            ).fetchall()
            assert_no_secret("\n".join(r[0] for r in rows), f"{schema}.{table}")


def test_setup_and_the_warehouse_commands_never_show_or_store_the_password(
    environment, migrated_db
):
    home = Path(environment["CAPAIAN_HOME"])
    setup = capaian(environment, "setup")
    assert setup.returncode == 0, setup.stderr[-3000:]
    assert "***" in setup.stdout  # the warehouse is named, its password masked
    assert_no_secret(setup.stdout + setup.stderr, "capaian setup's output")

    for command in (["warehouse", "status"], ["warehouse", "url"], ["warehouse", "migrate"]):
        result = capaian(environment, *command)
        assert result.returncode == 0, result.stderr
        assert_no_secret(result.stdout + result.stderr, " ".join(command))

    bi = capaian(environment, "warehouse", "bi-url")
    assert bi.returncode == 0, bi.stderr
    assert_no_secret(bi.stdout + bi.stderr, "capaian warehouse bi-url")
    params = conninfo_to_dict(bi.stdout.strip())
    assert params["user"] == BI_ROLE
    assert params["password"] == (home / "bi.password").read_text().strip()
    assert set(params) == {"user", "password", "host", "port", "dbname", "sslmode"}
    with psycopg.connect(bi.stdout.strip()) as conn:
        assert conn.execute("select current_user").fetchone() == (BI_ROLE,)

    # Airflow's home (its config, secrets and logs), every other file Capaian keeps, dbt's
    # output, and the user's home (minus the .pgpass the test wrote) hold no password.
    assert (home / "airflow").exists()
    assert_no_secret_in_files(home, REPO_ROOT / "dbt_project" / "target")
    user_files = [p for p in files_under(Path(environment["HOME"])) if p.name != ".pgpass"]
    for path in user_files:
        assert_no_secret(path.read_bytes().decode("utf-8", errors="replace"), str(path))
    assert_no_secret_in_database(migrated_db)
    airflow_db = with_database(migrated_db, conninfo_to_dict(migrated_db)["dbname"] + "_airflow")
    assert_no_secret_in_database(airflow_db)


def test_warehouse_url_shows_the_owners_password_only_when_asked(environment):
    shown = capaian(environment, "warehouse", "url")
    assert shown.returncode == 0, shown.stderr
    assert ":***@" in shown.stdout
    asked = capaian(environment, "warehouse", "url", "--show-password")
    # libpq reads ?password= over the user info: that is the password in use.
    assert f":{QUERY_SECRET}@" in asked.stdout
    assert USERINFO_SECRET not in asked.stdout


def test_an_unreachable_server_is_named_without_its_password(environment):
    environment["CAPAIAN_WAREHOUSE_URL"] = (
        f"postgresql://postgres:{USERINFO_SECRET}@127.0.0.1:1/nothing?password={QUERY_SECRET}"
    )
    result = capaian(environment, "warehouse", "migrate")
    assert result.returncode == 1
    assert "cannot reach the warehouse at postgresql://postgres:***@127.0.0.1:1/nothing" in (
        result.stderr
    )
    assert_no_secret(result.stdout + result.stderr, "the error")
