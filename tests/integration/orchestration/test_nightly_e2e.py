"""capaian_nightly end to end, through Airflow itself, on a fresh throwaway database.

Runs exactly what `make run` runs (`capaian run nightly`, which calls `airflow dags test`)
with CAPAIAN_WAREHOUSE_URL pointing at a database made for this test, then checks the marts
against the sample inbox: every sample row made it, the attainment is the ratio, and a second
run changes nothing.
"""

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from capaian.quality.gx_runner import data_docs_dir

from nightly_cli import run_nightly
from seed_articles import REAL_DISCREPANCIES, SEEDS, discrepancies, missing_seed_figures

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE = REPO_ROOT / "inbox" / "branch_reports" / "synthetic_branch_report_2025.csv"

pytestmark = pytest.mark.e2e


def marts_snapshot(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select * from marts.fct_attainment order by 1, 5, 6, 7, 8, 14, 15"
        ).fetchall()


def test_nightly_builds_the_marts_from_the_sample_inbox(throwaway_db):
    first = run_nightly(throwaway_db)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "Attainment (latest figure" in first.stdout
    assert "Run log:" in first.stdout

    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        sample = list(csv.DictReader(handle))
    with psycopg.connect(throwaway_db) as conn:
        branch = conn.execute(
            "select office_code, segment, metric, as_of_date::text, target, realization,"
            " attainment_pct from marts.fct_attainment where source_kind = 'branch_report'"
        ).fetchall()
        news = conn.execute(
            "select count(*) from marts.fct_attainment where source_kind = 'news'"
        ).fetchone()[0]
        load_log = conn.execute(
            "select status, rows_read, rows_loaded from audit.load_log"
        ).fetchall()
        validations = conn.execute(
            "select suite, bool_and(success) from audit.validation_runs group by suite"
        ).fetchall()

    # Every sample row is in the marts, with its figures and the computed attainment.
    assert len(branch) == len(sample)
    by_key = {(r[0], r[1], r[2], r[3]): r for r in branch}
    for row in sample:
        office, segment, metric, as_of, target, realization, pct = by_key[
            (row["office_code"], row["segment"], row["metric"], row["report_date"])
        ]
        assert target == Decimal(row["target"]) and realization == Decimal(row["realization"])
        assert abs(pct - realization / target * 100) < Decimal("0.01")
    assert news > 0, "the synthetic news articles yield facts in the marts"
    assert load_log == [("loaded", len(sample), len(sample))]
    assert dict(validations) == {
        "staging_branch_report_rows": True,
        "staging_news_facts": True,
        "marts_fct_attainment": True,
    }
    # Each suite's result of this run is a page of the Data Docs, under the Airflow run id.
    with psycopg.connect(throwaway_db) as conn:
        (run_id,) = conn.execute("select distinct run_id from audit.validation_runs").fetchone()
    site = data_docs_dir()
    for suite in dict(validations):
        assert list((site / "validations" / suite / run_id).rglob("*.html")), suite
    assert run_id in (site / "index.html").read_text()

    before = marts_snapshot(throwaway_db)
    second = run_nightly(throwaway_db)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert marts_snapshot(throwaway_db) == before
    # Nothing new arrived: the second run did not build, check or publish the marts again.
    with psycopg.connect(throwaway_db) as conn:
        publishes = conn.execute("select count(*) from audit.published_builds").fetchone()[0]
        marts_checks = conn.execute(
            "select count(distinct run_id) from audit.validation_runs"
            " where suite = 'marts_fct_attainment'"
        ).fetchone()[0]
    assert (publishes, marts_checks) == (1, 1)
    assert "The marts were not rebuilt: nothing they are made of changed" in second.stdout
    assert "Attainment (latest figure" in second.stdout


def test_a_failed_check_fails_the_run_names_the_task_and_keeps_the_marts(throwaway_db, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(REPO_ROOT / "inbox", inbox)
    assert run_nightly(throwaway_db, inbox=inbox).returncode == 0
    published = marts_snapshot(throwaway_db)

    # A branch report whose BPU realization exceeds the office's own total: every value is
    # valid on its own, so it loads, and the marts check must stop it.
    (inbox / "branch_reports" / "kc_padang_koreksi.csv").write_text(
        "report_date,office_code,office_name,segment,metric,target,realization\n"
        "2025-09-30,KC-PADANG,Padang,ALL,participants,1000,500\n"
        "2025-09-30,KC-PADANG,Padang,BPU,participants,300,600\n",
        encoding="utf-8",
    )
    failed = run_nightly(throwaway_db, inbox=inbox)
    assert failed.returncode == 1
    message = failed.stderr.strip().splitlines()[-1]
    assert "task check_built_marts_with_gx failed, its log: " in message
    log_path = Path(message.split("its log: ")[1].split(";")[0].split(". Whole run")[0])
    assert log_path.exists()
    assert "not above its office's ALL figure" in log_path.read_text()
    assert marts_snapshot(throwaway_db) == published
    with psycopg.connect(throwaway_db) as conn:
        (sample,) = conn.execute(
            "select sample::text from audit.validation_runs where not success"
            " and severity = 'critical' and expectation like '%%not above its office%%'"
        ).fetchone()
    assert "KC-PADANG" in sample and "BPU" in sample and "600" in sample

    # Nothing new since the failure: the next run checks the same data again and fails again,
    # rather than passing quietly because nothing changed.
    again = run_nightly(throwaway_db, inbox=inbox)
    assert again.returncode == 1
    assert "task check_built_marts_with_gx failed" in again.stderr

    # The branch sends a corrected report for the same date: the next run publishes it.
    (inbox / "branch_reports" / "kc_padang_koreksi_2.csv").write_text(
        "report_date,office_code,office_name,segment,metric,target,realization\n"
        "2025-09-30,KC-PADANG,Padang,ALL,participants,1000,500\n"
        "2025-09-30,KC-PADANG,Padang,BPU,participants,300,250\n",
        encoding="utf-8",
    )
    fixed = run_nightly(throwaway_db, inbox=inbox)
    assert fixed.returncode == 0, fixed.stdout[-3000:] + fixed.stderr[-3000:]
    with psycopg.connect(throwaway_db) as conn:
        published_bpu = conn.execute(
            "select realization, source_ref from marts.fct_attainment where office_code ="
            " 'KC-PADANG' and segment = 'BPU' and as_of_date = '2025-09-30'"
        ).fetchall()
    assert published_bpu == [(250, "kc_padang_koreksi_2.csv")]


def test_a_failed_dbt_node_fails_the_run_and_is_named(throwaway_db):
    """dbt runs as one Cosmos `dbt build` task: a model, test or snapshot that fails fails
    that task, and its error (in the task's log and the failure alert) names the node."""
    from capaian.warehouse.migrations import migrate

    migrate(throwaway_db)
    with psycopg.connect(throwaway_db) as conn:
        # An fct_attainment of another shape where dbt builds: the incremental model refuses
        # to change its columns (on_schema_change='fail'), so it fails.
        conn.execute("create schema marts_build")
        conn.execute("create table marts_build.fct_attainment (office_code text)")

    failed = run_nightly(throwaway_db)
    assert failed.returncode == 1
    message = failed.stderr.strip().splitlines()[-1]
    assert "task build_marts_with_dbt.dbt_build failed, its log: " in message
    log_path = Path(message.split("its log: ")[1].split(";")[0].split(". Whole run")[0])
    log = log_path.read_text()
    assert "dbt invocation completed with errors: fct_attainment:" in log
    assert "fct_attainment" in log and "schema" in log.lower()
    with psycopg.connect(throwaway_db) as conn:
        published = conn.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts'"
        ).fetchone()[0]
    assert published == 0


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is absent")
def test_the_nightly_publishes_the_seed_articles_figures(throwaway_db, tmp_path):
    """The five real seed articles through the nightly: every required figure is published
    under its office, exactly the two real discrepancies are listed, and what waits for review
    is in staging with its evidence, not in the marts."""
    inbox = tmp_path / "inbox"
    (inbox / "branch_reports").mkdir(parents=True)
    shutil.copytree(SEEDS, inbox / "news")
    run = run_nightly(throwaway_db, inbox=inbox)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    with psycopg.connect(throwaway_db) as conn:
        assert missing_seed_figures(conn, "marts") == []
        assert discrepancies(conn, "marts") == REAL_DISCREPANCIES
        waiting = conn.execute(
            "select doc_id, value, evidence from staging.news_facts where review"
        ).fetchall()
        for doc_id, value, evidence in waiting:
            assert evidence
            published = conn.execute(
                "select count(*) from marts.fct_attainment where source_kind = 'news'"
                " and split_part(source_ref, ' ', 1) = %s"
                " and %s in (target, realization, reported_pct)",
                (doc_id, value),
            ).fetchone()[0]
            assert published == 0, (doc_id, value)
