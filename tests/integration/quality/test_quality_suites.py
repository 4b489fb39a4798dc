"""The GX suites in expectations/, run for real against a throwaway warehouse: bad rows are
caught, named in the result and recorded in audit.validation_runs; warnings do not block."""

import json
import re

import psycopg
import pytest

from capaian.quality.gx_runner import data_docs_dir, run_checkpoints, validate_suite

FCT_COLUMNS = """
    office_code text, office_name text, office_level text, region_name text, segment text,
    metric text, year integer, as_of_date date, target numeric, realization numeric,
    attainment_pct numeric, reported_pct numeric, pct_gap numeric, source_kind text,
    source_ref text, is_approximate boolean
"""


@pytest.fixture(autouse=True)
def gx_runtime_dir(tmp_path, monkeypatch):
    """Validation results and Data Docs of these tests stay out of the project's .capaian."""
    monkeypatch.setenv("CAPAIAN_HOME", str(tmp_path))
    return tmp_path / "gx"


def make_fct(url, rows):
    with psycopg.connect(url) as conn:
        conn.execute("create schema if not exists marts_build")
        conn.execute(f"create table marts_build.fct_attainment ({FCT_COLUMNS})")
        conn.execute("create table marts_build.dim_office (office_code text primary key)")
        conn.execute("insert into marts_build.dim_office values ('KC-A'), ('KC-B')")
        conn.execute("create table marts_build.dim_segment (segment text primary key)")
        conn.execute("insert into marts_build.dim_segment values ('PU'), ('BPU'), ('ALL')")
        conn.execute("create table marts_build.dim_metric (metric text primary key)")
        conn.execute("insert into marts_build.dim_metric values ('participants')")
        for row in rows:
            conn.execute(
                "insert into marts_build.fct_attainment values"
                " (%s, 'X', 'branch', 'R', %s, 'participants', 2025, '2025-06-30', %s, %s, %s,"
                " %s, null, 'branch_report', %s, false)",
                row,
            )


def failed(report):
    return {
        o.expectation.split(":")[0] + (":" + o.column if o.column else "") for o in report.failures
    }


def test_clean_marts_pass(migrated_db):
    make_fct(migrated_db, [("KC-A", "PU", 200, 100, 50, 50.2, "a.csv")])
    report = validate_suite(migrated_db, "marts_fct_attainment", "run-1")
    assert report.success and not report.warnings


def test_negative_realization_and_wrong_ratio_block(migrated_db):
    make_fct(
        migrated_db,
        [
            ("KC-A", "PU", 200, -5, -2.5, None, "a.csv"),
            ("KC-B", "PU", 200, 100, 60, None, "b.csv"),  # 100 / 200 is 50 %, not 60 %
        ],
    )
    report = validate_suite(migrated_db, "marts_fct_attainment", "run-2")
    assert not report.success
    names = failed(report)
    assert "expect_column_values_to_be_between:realization" in names
    assert "unexpected_rows_expectation" in names
    ratio = next(o for o in report.failures if "attainment_pct equals" in o.expectation)
    assert ratio.unexpected_count == 1
    assert "KC-B" in json.dumps(ratio.sample, default=str)
    with psycopg.connect(migrated_db) as conn:
        recorded = conn.execute(
            "select expectation, sample::text from audit.validation_runs"
            " where run_id = 'run-2' and not success and severity = 'critical'"
        ).fetchall()
    assert any("attainment_pct equals" in e and "KC-B" in s for e, s in recorded)


def test_a_reported_percentage_off_its_ratio_passes_the_gate(migrated_db):
    """108 % published against a ratio of 106.05 % is the source's word, not a bad row: it
    reaches BI, and mart_discrepancies (the one home of the tolerances) lists it."""
    make_fct(migrated_db, [("KC-A", "PU", 137956, 146309, 106.0548, 108, "pekalongan")])
    report = validate_suite(migrated_db, "marts_fct_attainment", "run-3")
    assert report.success and not report.warnings


def test_staging_suite_rejects_unknown_segments(migrated_db):
    with psycopg.connect(migrated_db) as conn:
        conn.execute(
            "insert into raw.branch_report_files (content_sha256, file_name, size_bytes)"
            " values ('abc', 'f.csv', 1)"
        )
        conn.execute(
            "insert into staging.branch_report_rows (file_id, line_ref, report_date,"
            " office_code, segment, metric, target, realization)"
            " select file_id, 'line 2', '2025-06-30', 'KC-A', 'XYZ', 'participants', 10, 5"
            " from raw.branch_report_files"
        )
    report = validate_suite(migrated_db, "staging_branch_report_rows", "run-4")
    assert failed(report) == {"expect_column_values_to_be_in_set:segment"}


def test_a_segment_above_its_office_total_blocks(migrated_db):
    make_fct(
        migrated_db,
        [
            ("KC-A", "ALL", 1000, 500, 50, None, "a.csv"),
            ("KC-A", "PU", 800, 400, 50, None, "a.csv"),
            ("KC-A", "BPU", 300, 600, 200, None, "a.csv"),  # 600 > the office's 500
        ],
    )
    report = validate_suite(migrated_db, "marts_fct_attainment", "run-5")
    (failure,) = report.failures
    assert "not above its office's ALL figure" in failure.expectation
    assert failure.unexpected_count == 1
    assert "BPU" in json.dumps(failure.sample, default=str)


def test_staging_rows_reconcile_with_the_load_log(migrated_db):
    with psycopg.connect(migrated_db) as conn:
        conn.execute(
            "insert into raw.branch_report_files (content_sha256, file_name, size_bytes)"
            " values ('abc', 'f.csv', 1)"
        )
        conn.execute(
            "insert into audit.load_log (file_name, content_sha256, rows_read, rows_loaded,"
            " status, started_at) values ('f.csv', 'abc', 2, 2, 'loaded', now())"
        )
        conn.execute(
            "insert into staging.branch_report_rows (file_id, line_ref, report_date,"
            " office_code, segment, metric, target, realization)"
            " select file_id, 'line 2', '2025-06-30', 'KC-A', 'PU', 'participants', 10, 5"
            " from raw.branch_report_files"
        )
    report = validate_suite(migrated_db, "staging_branch_report_rows", "run-6")
    (failure,) = report.failures
    assert "reconciliation" in failure.expectation
    assert "f.csv" in json.dumps(failure.sample, default=str)


STAGED_ROW = (
    "insert into staging.branch_report_rows (file_id, line_ref, report_date,"
    " office_code, segment, metric, target, realization)"
    " values (%s, %s, '2025-06-30', 'KC-A', 'PU', 'participants', 10, 5)"
)


def test_staging_rows_without_their_raw_file_block(migrated_db):
    # No foreign key any more (load speed): the suite is what notices an orphan row.
    with psycopg.connect(migrated_db) as conn:
        conn.execute(STAGED_ROW, (4242, "line 2"))
    report = validate_suite(migrated_db, "staging_branch_report_rows", "run-7")
    assert any("belongs to a file kept in raw" in f.expectation for f in report.failures)
    orphan = next(f for f in report.failures if "belongs to a file" in f.expectation)
    assert "4242" in json.dumps(orphan.sample, default=str)


def test_two_staging_rows_with_one_line_ref_block(migrated_db):
    # No primary key any more (load speed): the suite is what notices a repeated line_ref.
    with psycopg.connect(migrated_db) as conn:
        (file_id,) = conn.execute(
            "insert into raw.branch_report_files (content_sha256, file_name, size_bytes)"
            " values ('abc', 'f.csv', 1) returning file_id"
        ).fetchone()
        conn.execute(STAGED_ROW, (file_id, "line 2"))
        conn.execute(STAGED_ROW, (file_id, "line 2"))
    report = validate_suite(migrated_db, "staging_branch_report_rows", "run-8")
    repeated = next(f for f in report.failures if "its own line_ref" in f.expectation)
    assert "line 2" in json.dumps(repeated.sample, default=str)


def test_data_docs_keep_every_suite_of_every_run_and_open_offline(migrated_db, gx_runtime_dir):
    make_fct(migrated_db, [("KC-A", "PU", 200, 100, 50, None, "a.csv")])
    run_ids = ["scheduled__2026-12-01T19:00:00+00:00", "manual__2026-12-02T08:30:00+00:00"]
    for run_id in run_ids:
        run_checkpoints(migrated_db, ["staging_branch_report_rows"], run_id)
        run_checkpoints(migrated_db, ["marts_fct_attainment"], run_id)

    site = data_docs_dir(gx_runtime_dir)
    pages = {
        p.relative_to(site / "validations").parts[:2] for p in site.rglob("validations/**/*.html")
    }
    assert pages == {
        (suite, run_id)
        for suite in ("staging_branch_report_rows", "marts_fct_attainment")
        for run_id in run_ids
    }
    index = (site / "index.html").read_text()
    # The index is plain HTML with a link to each of the four results.
    assert index.count('href="validations/') == 4
    assert all(run_id in index for run_id in run_ids)
    for page in site.rglob("*.html"):
        remote = re.findall(r'(?:src=|href=|url\()["\']?(https?://[^"\')]+)', page.read_text())
        assert not [url for url in remote if not _is_plain_link(page, url)], page


def _is_plain_link(page, url):
    """A link a reader may follow (GX's own site in a footer) is not an asset the page needs."""
    return f'<a href="{url}"' in page.read_text()


def test_running_checkpoints_leaves_the_gx_project_unchanged(migrated_db):
    from capaian import settings

    project = settings.gx_project_dir()
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    suites = {p: p.read_bytes() for p in settings.expectations_dir().glob("*.json")}
    make_fct(migrated_db, [("KC-A", "PU", 200, 100, 50, None, "a.csv")])
    run_checkpoints(migrated_db, ["marts_fct_attainment", "staging_news_facts"], "run-10")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before
    assert {p: p.read_bytes() for p in settings.expectations_dir().glob("*.json")} == suites


def test_an_office_missing_from_dim_office_blocks(migrated_db):
    make_fct(migrated_db, [("KC-NOWHERE", "PU", 200, 100, 50, None, "a.csv")])
    report = validate_suite(migrated_db, "marts_fct_attainment", "run-8")
    (failure,) = report.failures
    assert "every office resolves" in failure.expectation
    assert "KC-NOWHERE" in json.dumps(failure.sample, default=str)


def test_a_segment_or_metric_missing_from_its_dimension_blocks(migrated_db):
    # dbt's relationship tests check the offices and years a build rewrote; the gate checks
    # the whole table before it is published.
    make_fct(migrated_db, [("KC-A", "PMI", 200, 100, 50, None, "a.csv")])
    with psycopg.connect(migrated_db) as conn:
        conn.execute("update marts_build.fct_attainment set metric = 'members'")
    report = validate_suite(migrated_db, "marts_fct_attainment", "run-9")
    messages = " ".join(failure.expectation for failure in report.failures)
    assert "every segment is in dim_segment" in messages
    assert "every metric is in dim_metric" in messages
