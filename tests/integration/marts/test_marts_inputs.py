"""The nightly's "anything new since the last publish?" check, on a real database.

What a data engineer relies on: a night with nothing new does not build the marts again, and
anything that would change them (a loaded row, a news fact held back or let through, an edit
to the dbt project or a suite, a missing marts table) makes the next night build them.
"""

import shutil
from pathlib import Path

import psycopg
import pytest

from capaian.marts.change_check import check_for_changes, record_publish

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def published_db(migrated_db):
    """A migrated database with a published marts table and the fingerprint of its inputs."""
    with psycopg.connect(migrated_db) as conn:
        conn.execute("create table marts.fct_attainment (office_code text)")
        check = check_for_changes(conn)
        assert check.changed and "never published" in check.reason
        record_publish(conn, check.fingerprint, "run_1")
    return migrated_db


def test_nothing_new_since_the_publish_means_nothing_to_build(published_db):
    with psycopg.connect(published_db) as conn:
        check = check_for_changes(conn)
    assert not check.changed
    assert "nothing changed since run run_1" in check.reason


def test_a_forced_build_builds_even_when_nothing_changed(published_db):
    with psycopg.connect(published_db) as conn:
        check = check_for_changes(conn, forced="a full refresh was asked for")
    assert check.changed and check.reason == "a full refresh was asked for"


@pytest.mark.parametrize(
    "change",
    [
        "insert into staging.branch_report_rows (file_id, line_ref, report_date,"
        " office_code, segment, metric, realization) values"
        " (1, 'line 2', '2025-06-30', 'KC-PADANG', 'ALL', 'participants', 5)",
        "insert into audit.news_facts_held (content_sha256, fact_index, expectation, run_id)"
        " values ('a', 0, 'expect_x', 'run_2')",
        "drop table marts.fct_attainment",
    ],
    ids=["new staging row", "a news fact held back", "published marts missing"],
)
def test_a_change_to_what_the_marts_are_made_of_means_a_build(published_db, change):
    with psycopg.connect(published_db) as conn:
        conn.execute(change)
        check = check_for_changes(conn)
    assert check.changed


def test_an_edit_to_the_dbt_project_means_a_build(published_db, tmp_path, monkeypatch):
    copy = tmp_path / "project"
    generated = shutil.ignore_patterns("target", "logs", "dbt_packages")
    shutil.copytree(REPO_ROOT / "dbt_project", copy / "dbt_project", ignore=generated)
    shutil.copytree(REPO_ROOT / "expectations", copy / "expectations")
    monkeypatch.setenv("CAPAIAN_PROJECT_ROOT", str(copy))
    with psycopg.connect(published_db) as conn:
        assert not check_for_changes(conn).changed, "a copy of the same files is the same"
        gazetteer = copy / "dbt_project" / "seeds" / "office_gazetteer.csv"
        gazetteer.write_text(gazetteer.read_text() + "KC-NEW,Baru,branch,X,Y,\n")
        assert check_for_changes(conn).changed
