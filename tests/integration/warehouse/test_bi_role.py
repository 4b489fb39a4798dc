"""capaian_bi, proven with real connections as that role: it reads the published marts (also
after the publish step recreated them) and every other read, write or create is refused.

The role is shared by every database on the server; each test works in a throwaway database
of its own and leaves the role in place for the next (ensure_bi_role is idempotent)."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from capaian.marts.publish import publish_marts
from capaian.warehouse.bi_role import (
    BI_ROLE,
    bi_password,
    bi_url,
    ensure_bi_role,
    reachable_outside_marts,
)

pytestmark = pytest.mark.integration

REFUSED = psycopg.errors.InsufficientPrivilege

FORBIDDEN_READS = [
    "select * from raw.news_articles",
    "select * from raw.branch_report_files",
    "select * from staging.news_facts",
    "select * from staging.branch_report_rows",
    "select * from audit.load_log",
    "select * from marts_build.fct_attainment",
    "select * from marts_live.fct_attainment",
    "select * from dbt_staging.stg_news_facts",
    "select * from public.capaian_schema_migrations",
]

FORBIDDEN_WRITES = [
    "insert into marts.fct_attainment (office_code, attainment_pct) values ('X', 1)",
    "update marts.fct_attainment set attainment_pct = 0",
    "delete from marts.fct_attainment",
    "truncate marts_live.fct_attainment",
    "alter view marts.fct_attainment rename to sneaky",
    "alter table marts_live.fct_attainment add column sneaky text",
    "drop view marts.fct_attainment",
    "drop table marts_live.fct_attainment",
    "create table marts.sneaky (x int)",
    "create view marts.sneaky as select 1",
    "create table public.sneaky (x int)",
    "create schema sneaky",
    "insert into staging.news_facts (doc_id) values ('x')",
    "delete from audit.load_log",
]


@pytest.fixture
def warehouse_with_marts(migrated_db) -> str:
    """A migrated warehouse with one mart published the real way, a dbt view and a table
    in public, and the BI role set up on it."""
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute("create schema marts_build")
        conn.execute(
            "create table marts_build.fct_attainment (office_code text, attainment_pct numeric)"
        )
        conn.execute("insert into marts_build.fct_attainment values ('KC-A', 97.5)")
        conn.execute("create schema dbt_staging")
        conn.execute("create view dbt_staging.stg_news_facts as select * from staging.news_facts")
    publish_marts(migrated_db)
    ensure_bi_role(migrated_db)
    return migrated_db


def bi_connect(url: str) -> psycopg.Connection:
    return psycopg.connect(bi_url(url), autocommit=True)


def test_bi_reads_the_marts(warehouse_with_marts):
    with bi_connect(warehouse_with_marts) as bi:
        assert bi.execute("select current_user").fetchone() == (BI_ROLE,)
        rows = bi.execute("select office_code, attainment_pct from marts.fct_attainment")
        assert [(code, float(pct)) for code, pct in rows] == [("KC-A", 97.5)]
        # search_path is marts: BI tools may leave the schema out.
        assert bi.execute("select count(*) from fct_attainment").fetchone() == (1,)


@pytest.mark.parametrize("statement", FORBIDDEN_READS)
def test_bi_cannot_read_outside_marts(warehouse_with_marts, statement):
    with bi_connect(warehouse_with_marts) as bi, pytest.raises(REFUSED):
        bi.execute(statement)


@pytest.mark.parametrize("statement", FORBIDDEN_WRITES)
def test_bi_cannot_write_or_create_anything(warehouse_with_marts, statement):
    with bi_connect(warehouse_with_marts) as bi:
        # Sessions start read-only by default; switch that off to show the grants alone refuse.
        bi.execute("set default_transaction_read_only = off")
        with pytest.raises(REFUSED):
            bi.execute(statement)


def test_bi_cannot_become_the_warehouse_owner(warehouse_with_marts):
    with psycopg.connect(warehouse_with_marts) as owner_conn:
        (owner,) = owner_conn.execute("select current_user").fetchone()
    with bi_connect(warehouse_with_marts) as bi, pytest.raises(REFUSED):
        bi.execute(sql.SQL("set role {}").format(sql.Identifier(owner)))


def test_bi_sessions_are_read_only_by_default(warehouse_with_marts):
    with bi_connect(warehouse_with_marts) as bi:
        assert bi.execute("show default_transaction_read_only").fetchone() == ("on",)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            bi.execute("create temporary table scratch (x int)")


def test_bi_cannot_create_temporary_tables_even_in_a_read_write_session(warehouse_with_marts):
    with bi_connect(warehouse_with_marts) as bi:
        bi.execute("set default_transaction_read_only = off")
        with pytest.raises(REFUSED):
            bi.execute("create temporary table scratch (x int)")
        with pytest.raises(REFUSED):
            bi.execute("create temp table scratch as select 1")
    with psycopg.connect(warehouse_with_marts) as owner:
        (temporary,) = owner.execute(
            "select has_database_privilege(%s, current_database(), 'TEMPORARY')", (BI_ROLE,)
        ).fetchone()
        assert temporary is False
        # The role that runs set-up and dbt keeps its temporary tables.
        owner.execute("create temporary table owner_scratch (x int)")


def test_the_bi_url_carries_only_the_bi_roles_credentials(warehouse_with_marts):
    owner = conninfo_to_dict(warehouse_with_marts)
    owner_url = (
        f"postgresql://{owner['user']}:owner-userinfo-pw@{owner['host']}:{owner['port']}"
        f"/{owner['dbname']}?password=owner-query-pw&sslmode=disable&sslcert=/owner/cert.pem"
        "&sslkey=/owner/key.pem&application_name=owner&options=-c%20role%3Dpostgres"
    )
    url = bi_url(owner_url)
    assert "owner" not in url
    params = conninfo_to_dict(url)
    assert params == {
        "user": BI_ROLE,
        "password": bi_password(),
        "host": owner["host"],
        "port": owner["port"],
        "dbname": owner["dbname"],
        "sslmode": "disable",
    }
    with psycopg.connect(url) as bi:
        assert bi.execute("select current_user").fetchone() == (BI_ROLE,)


def test_nothing_outside_marts_is_reachable_even_through_public(warehouse_with_marts):
    assert reachable_outside_marts(warehouse_with_marts) == []


def test_marts_stay_readable_after_publish_recreates_them(warehouse_with_marts):
    url = warehouse_with_marts
    with psycopg.connect(url, autocommit=True) as conn:
        # A new column makes publish drop and recreate marts.fct_attainment, and a new
        # table appears: neither is followed by another ensure_bi_role call here.
        conn.execute(
            "create table marts_build.fct_attainment as select 'KC-A'::text as office_code,"
            " 97.5::numeric as attainment_pct, 'Kalimantan'::text as region_name"
        )
        conn.execute("create table marts_build.dim_office as select 'KC-A'::text as office_code")
    published = {table.name: table.recreated for table in publish_marts(url)}
    assert published == {"fct_attainment": True, "dim_office": True}
    with bi_connect(url) as bi:
        assert bi.execute("select region_name from marts.fct_attainment").fetchall() == [
            ("Kalimantan",)
        ]
        assert bi.execute("select office_code from marts.dim_office").fetchall() == [("KC-A",)]


def test_setting_up_again_changes_nothing_and_keeps_sessions_working(warehouse_with_marts):
    url = warehouse_with_marts
    with bi_connect(url) as open_session:
        again = ensure_bi_role(url)
        assert not again.created
        assert not again.password_set
        assert again.readable_tables == 1
        assert open_session.execute("select count(*) from marts.fct_attainment").fetchone() == (1,)


def test_a_grant_made_by_hand_outside_marts_is_taken_back(warehouse_with_marts):
    url = warehouse_with_marts
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"grant usage on schema staging to {BI_ROLE}")
        conn.execute(f"grant select on staging.news_facts to {BI_ROLE}")
    assert reachable_outside_marts(url) == ["staging.news_facts"]
    ensure_bi_role(url)
    assert reachable_outside_marts(url) == []
    with bi_connect(url) as bi, pytest.raises(REFUSED):
        bi.execute("select * from staging.news_facts")
