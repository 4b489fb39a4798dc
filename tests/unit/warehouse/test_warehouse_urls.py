"""The one warehouse setting: URL forms accepted, refused with a reason, and never leaked."""

import pytest

from capaian.settings import SettingError
from capaian.warehouse.connection import database_name, normalise_url, redact, with_database


def test_postgres_spellings_are_normalised():
    assert normalise_url("postgres://u@h:5432/db") == "postgresql://u@h:5432/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql://u@h/db"


@pytest.mark.parametrize(
    ("url", "complaint"),
    [
        ("mysql://u@h/db", "must be a postgresql:// URL"),
        ("postgresql:///db?host=/tmp", "must name a host"),
        ("postgresql://u@h:5432", "must name a database"),
    ],
)
def test_unusable_urls_are_refused_with_the_reason(url, complaint):
    with pytest.raises(SettingError, match=complaint):
        normalise_url(url)


def test_password_in_the_user_info_never_appears_in_messages():
    assert redact("postgresql://u:s3cret@h:1/db") == "postgresql://u:***@h:1/db"
    assert redact("postgresql://u@h:1/db") == "postgresql://u@h:1/db"


def test_database_swap_keeps_the_server():
    url = with_database("postgresql://u:p@h:1/capaian?sslmode=disable", "capaian_airflow")
    assert url == "postgresql://u:p@h:1/capaian_airflow?sslmode=disable"
    assert database_name(url) == "capaian_airflow"


SECRET = "S3cret-pw"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://u:{SECRET}@h:1/db",
        f"postgresql://u@h:1/db?password={SECRET}",
        f"postgresql://u@h:1/db?sslmode=require&password={SECRET}",
        f"postgresql://u:other@h:1/db?password={SECRET}",
        f"postgresql://u:{SECRET}@h:1/db?password=other",
        f"postgresql://u@h:1/db?password=x&password={SECRET}",
        "postgresql://u@h:1/db?password=" + SECRET.replace("-", "%2D"),
        f"postgresql://u@h:1/db?sslpassword={SECRET}",
        f"postgresql+psycopg2://u:{SECRET}@h:1/db",
        f"postgres://u@[::1]:1,h2:2/db?password={SECRET}",
    ],
)
def test_a_password_in_any_form_the_url_allows_is_masked(url):
    shown = redact(url)
    assert SECRET not in shown and "S3cret" not in shown
    assert "***" in shown
    assert "u" in shown.split("@")[0] and "/db" in shown


def test_masking_keeps_what_is_not_secret():
    assert (
        redact(f"postgresql://u@h:1/db?password={SECRET}&sslmode=require")
        == "postgresql://u:***@h:1/db?sslmode=require"
    )
    assert redact("postgres://u@[::1]:5432/db") == "postgresql://u@[::1]:5432/db"


def test_a_url_libpq_cannot_read_is_not_shown_at_all():
    shown = redact(f"postgresql://u:{SECRET}@h:1/db?no_such_option=1")
    assert SECRET not in shown
    with pytest.raises(SettingError, match="not a URL libpq can read") as refused:
        normalise_url(f"postgresql://u:{SECRET}@h:1/db?no_such_option=1")
    assert SECRET not in str(refused.value)


def test_a_query_password_moves_into_the_user_info_where_every_tool_looks():
    # Airflow's connection, dbt's profile and SQLAlchemy read the password from the user info.
    assert (
        normalise_url(f"postgresql://u@h:1/db?password={SECRET}")
        == f"postgresql://u:{SECRET}@h:1/db"
    )


def test_pgpassword_and_pgpass_never_reach_a_url(tmp_path, monkeypatch):
    from capaian.warehouse.connection import warehouse_url

    home = tmp_path / "home"
    home.mkdir()
    pgpass = home / ".pgpass"
    pgpass.write_text(f"h:1:*:u:{SECRET}-pgpass\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.setenv("PGPASSWORD", SECRET + "-env")
    monkeypatch.setenv("CAPAIAN_WAREHOUSE_URL", "postgresql://u@h:1/db")
    for shown in (warehouse_url(), redact(warehouse_url())):
        assert SECRET not in shown


def test_dbt_gets_a_query_password_too():
    from capaian.marts.dbt_runner import dbt_environment

    env = dbt_environment(f"postgresql://u@h:1/db?password={SECRET}")
    assert env["CAPAIAN_DBT_PASSWORD"] == SECRET
    assert (env["CAPAIAN_DBT_USER"], env["CAPAIAN_DBT_HOST"], env["CAPAIAN_DBT_PORT"]) == (
        "u",
        "h",
        "1",
    )
    assert env["CAPAIAN_DBT_DBNAME"] == "db"
