"""A news fact that fails a blocking check of the staging news suite is held back from the
marts and listed for review with its evidence; the run goes on and the other facts publish."""

from pathlib import Path

import psycopg

from capaian.marts.dbt_runner import run_dbt
from capaian.news.loading import load_files
from capaian.orchestration.tasks.nightly import validate

REPO_ROOT = Path(__file__).resolve().parents[3]
NEWS_CHECKPOINTS = ["staging_news_facts"]


def test_a_misread_year_is_held_for_review_not_published(migrated_db, tmp_path):
    # Synthetic: figures for 2010, before the agency existed in its current form (2014).
    (tmp_path / "synthetic_padang_2010.txt").write_text(
        "PADANG - BPJS Ketenagakerjaan Kantor Cabang Padang menargetkan 5.000 peserta bukan"
        " penerima upah pada 2010. Hingga Desember 2010 realisasinya mencapai 4.200 peserta.\n",
        encoding="utf-8",
    )
    articles = [
        tmp_path / "synthetic_padang_2010.txt",
        REPO_ROOT / "inbox" / "news" / "synthetic_medan_kota_2025.txt",
    ]
    load_files(articles, run_id="t1", url=migrated_db)

    outcome = validate("t1", NEWS_CHECKPOINTS, url=migrated_db)  # does not raise: facts are held
    assert outcome["staging_news_facts"]["expectations"] > 0
    result = run_dbt(["build"], url=migrated_db, capture=True)
    assert result.returncode == 0, result.stdout[-3000:]

    with psycopg.connect(migrated_db) as conn:
        published = conn.execute(
            "select split_part(source_ref, ' ', 1), year from marts_build.fct_attainment"
            " where source_kind = 'news'"
        ).fetchall()
        review = conn.execute(
            "select doc_id, year, evidence, failed_expectations, reason"
            " from dbt_intermediate.int_news_facts_held_for_review order by value"
        ).fetchall()
    assert ("synthetic_medan_kota_2025", 2025) in published
    assert all(doc != "synthetic_padang_2010" for doc, _ in published)
    assert [(doc, year) for doc, year, *_ in review] == [("synthetic_padang_2010", 2010)] * 2
    assert "4.200 peserta" in review[0][2]
    assert "older than the agency (dbt var first_year)" in review[0][3]
    assert "held back by the quality gate: " + review[0][3] in review[0][4]

    # Validating again replaces the list rather than piling it up.
    validate("t2", NEWS_CHECKPOINTS, url=migrated_db)
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select count(*) from audit.news_facts_held").fetchone() == (2,)
