"""A person settles what waits for review, through `capaian review` and `capaian ingest retract`,
on a real warehouse built by dbt and published: decisions are kept with who, when and why, and
every later build applies them, a full refresh included.

SYNTHETIC articles and branch reports, made up for the test; the offices they are filed under
are real gazetteer entries, the unknown ones ("Sukamakmur", "Pasar Baru Timur") are not."""

import json

import psycopg
import pytest
from click.testing import CliRunner

from capaian.branch_reports import loading as branch_reports
from capaian.cli import main
from capaian.marts.dbt_runner import run_dbt
from capaian.marts.publish import publish_marts
from capaian.news import loading as news

pytestmark = pytest.mark.integration

UNKNOWN_OFFICE_ARTICLE = (
    "SUKAMAKMUR - BPJS Ketenagakerjaan Kantor Cabang Sukamakmur mencatat 12.500 peserta bukan"
    " penerima upah hingga Juni 2025, dari target 20.000 peserta tahun ini.\n"
)
HEADER = "report_date,office_code,office_name,segment,metric,target,realization\n"


@pytest.fixture
def warehouse(migrated_db, monkeypatch):
    monkeypatch.setenv("CAPAIAN_WAREHOUSE_URL", migrated_db)
    return migrated_db


def build_and_publish(url: str, *args: str) -> None:
    command = ["build", "--exclude", "resource_type:unit_test", *args]
    result = run_dbt(command, url=url, capture=True)
    assert result.returncode == 0, result.stdout[-4000:]
    publish_marts(url)


def capaian(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def refused(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 1, result.output
    return result.output


def waiting(kind: str | None = None) -> list[dict]:
    lines = capaian("review", "list", "--format", "jsonl").splitlines()
    items = [json.loads(line) for line in lines]
    return [i for i in items if kind is None or i["kind"] == kind]


def news_in_marts(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select office_code, segment, metric, year, target, realization"
            " from marts.fct_attainment where source_kind = 'news' order by 1, 2, 3, 4"
        ).fetchall()


def test_a_fact_for_an_unknown_office_is_published_where_a_reviewer_says(warehouse, tmp_path):
    article = tmp_path / "sukamakmur_2025.txt"
    article.write_text(UNKNOWN_OFFICE_ARTICLE, encoding="utf-8")
    news.load_files([article], run_id="t1", url=warehouse)
    build_and_publish(warehouse)
    assert news_in_marts(warehouse) == []

    facts = {f["measure"]: f for f in waiting("news_fact")}
    assert set(facts) == {"target", "realization"}
    realization, target = facts["realization"], facts["target"]
    assert realization["office"] == "Sukamakmur" and realization["value"] == "12500"
    assert "office not in the gazetteer" in realization["reason"]
    assert "12.500 peserta" in realization["evidence"]
    assert set(realization) >= {"id", "kind", "office", "segment", "metric", "measure", "value",
                                "year", "evidence", "reason"}  # fmt: skip

    assert "not a gazetteer office" in refused(
        "review", "accept", realization["id"], "--office", "Atlantis", "--why", "x"
    )
    capaian("review", "accept", realization["id"], "--office", "KC-PADANG",
            "--why", "Sukamakmur is served by the Padang branch")  # fmt: skip
    capaian("review", "reject", target["id"], "--why", "the target is the regency's, not ours")
    assert "decided already" in refused("review", "reject", target["id"], "--why", "again")
    assert waiting("news_fact") == []  # both decided, waiting for the next build

    build_and_publish(warehouse)
    published = [("KC-PADANG", "BPU", "participants", 2025, None, 12500)]
    assert news_in_marts(warehouse) == published
    # Applied again by every build: a full refresh, and the article loaded and read again.
    build_and_publish(warehouse, "--full-refresh")
    assert news_in_marts(warehouse) == published
    with psycopg.connect(warehouse) as conn:
        for table in ("staging.news_facts", "audit.news_notices", "raw.news_article_arrivals",
                      "raw.news_articles"):  # fmt: skip
            conn.execute(f"delete from {table}")
    news.load_files([article], run_id="t2", url=warehouse)
    build_and_publish(warehouse)
    assert news_in_marts(warehouse) == published
    assert waiting() == []
    with psycopg.connect(warehouse) as conn:
        decisions = conn.execute(
            "select action, office, why, decided_by is not null from audit.review_decisions"
            " order by decision_id"
        ).fetchall()
    assert decisions == [
        ("accept", "Padang", "Sukamakmur is served by the Padang branch", True),
        ("reject", None, "the target is the regency's, not ours", True),
    ]


def test_an_office_name_mapped_once_resolves_every_figure(warehouse, tmp_path):
    report = tmp_path / "pasar_baru_timur.csv"
    report.write_text(
        HEADER
        + "2025-06-30,PBT-01,Pasar Baru Timur,PU,participants,1000,900\n"
        + "2025-06-30,PBT-01,Pasar Baru Timur,BPU,participants,500,100\n",
        encoding="utf-8",
    )
    branch_reports.load_files([report], run_id="t1", url=warehouse)
    build_and_publish(warehouse)
    (office,) = waiting("office_name")
    assert office["office"] == "Pasar Baru Timur" and office["figure_count"] == 2

    assert "already the gazetteer office" in refused(
        "review", "map-office", "Padang", "KC-MEDAN-KOTA", "--why", "x"
    )
    capaian("review", "map-office", "Pasar Baru Timur", "KC-MEDAN-KOTA", "--why", "renamed unit")
    build_and_publish(warehouse)
    assert waiting() == []
    with psycopg.connect(warehouse) as conn:
        rows = conn.execute(
            "select office_code, segment, realization from marts.fct_attainment order by 2"
        ).fetchall()
    assert rows == [("KC-MEDAN-KOTA", "BPU", 100), ("KC-MEDAN-KOTA", "PU", 900)]


def test_a_retracted_file_leaves_the_marts_and_stays_in_the_audit(warehouse, tmp_path):
    good = tmp_path / "padang_juni.csv"
    good.write_text(HEADER + "2025-06-30,KC-PADANG,Padang,PU,participants,1000,900\n")
    mistake = tmp_path / "padang_juni_salah.csv"
    mistake.write_text(HEADER + "2025-06-30,KC-PADANG,Padang,PU,participants,1000,9000\n")
    branch_reports.load_files([good], run_id="t1", url=warehouse)
    branch_reports.load_files([mistake], run_id="t2", url=warehouse)
    build_and_publish(warehouse)

    def published_realization():
        with psycopg.connect(warehouse) as conn:
            return conn.execute(
                "select realization, source_ref from marts.fct_attainment_latest"
            ).fetchall()

    assert published_realization() == [(9000, "padang_juni_salah.csv")]
    assert "not a loaded branch report" in refused("ingest", "retract", "nope.csv", "--why", "x")
    capaian("ingest", "retract", "padang_juni_salah.csv", "--why", "sent by mistake")
    build_and_publish(warehouse)
    # The file received before it counts again; the withdrawn one is still in staging.
    assert published_realization() == [(900, "padang_juni.csv")]
    with psycopg.connect(warehouse) as conn:
        (staged,) = conn.execute("select count(*) from staging.branch_report_rows").fetchone()
    assert staged == 2
    again = refused("ingest", "retract", "padang_juni_salah.csv", "--why", "x")
    assert "retracted already" in again
