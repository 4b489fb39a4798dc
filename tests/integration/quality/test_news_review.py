"""News facts the extractor is not sure of, or cannot place under a known office, wait for a
person: they are kept in staging with their evidence, listed in dbt's review list with the
reason, and left out of the marts, while the article's other facts are published. Nothing is
dropped on the way. Real PostgreSQL, real loader, quality gate and dbt build; the articles are
synthetic, written for the test."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import psycopg

from capaian.attainment_report import build_attainment_report
from capaian.marts.dbt_runner import run_dbt
from capaian.news.extract import extract_facts
from capaian.news.loading import load_files
from capaian.orchestration.tasks.nightly import summarize, validate
from capaian.quality.review import REVIEW_LIST, news_facts_waiting_for_review
from capaian.settings import NEWS_PUBLISH_CONFIDENCE_VAR

NEWS_CHECKPOINTS = ["staging_news_facts"]
PUBLISHED_AT = "2025-07-01"
ARTICLES = {
    # Its facts straddle the publish confidence chosen below: some published, some waiting.
    "synthetic_padang_review": (
        "PADANG - BPJS Ketenagakerjaan Kantor Cabang Padang menargetkan 21.500 peserta bukan"
        " penerima upah sepanjang 2025. Hingga Juni 2025, realisasinya sudah mencapai 11.240"
        " peserta atau 52,28 persen dari target.\n"
    ),
    # No office named anywhere: figures without an owner.
    "synthetic_no_office": (
        "BPJS Ketenagakerjaan menargetkan 5.000 peserta bukan penerima upah pada 2025. Hingga"
        " Juni 2025 realisasinya mencapai 4.200 peserta.\n"
    ),
    # Kantor Cabang Tanjung Selor is not in the gazetteer.
    "synthetic_tanjung_selor": (
        "TANJUNG SELOR - BPJS Ketenagakerjaan Kantor Cabang Tanjung Selor menargetkan 9.800"
        " peserta bukan penerima upah pada 2025. Hingga Juni 2025 realisasinya mencapai 4.120"
        " peserta.\n"
    ),
}
# Where each measure is in a row of PUBLISHED_NEWS.
MEASURE_POSITION = {"target": 1, "realization": 2, "attainment_pct": 3}
PUBLISHED_NEWS = (
    "select source_ref, target, realization, reported_pct from marts_build.fct_attainment"
    " where source_kind = 'news'"
)


def write_articles(folder: Path) -> list[Path]:
    paths = []
    for doc_id, text in ARTICLES.items():
        path = folder / f"{doc_id}.txt"
        path.write_text(text, encoding="utf-8")
        (folder / f"{doc_id}.meta.json").write_text(json.dumps({"published_at": PUBLISHED_AT}))
        paths.append(path)
    return paths


def threshold_splitting_padang() -> Decimal:
    """A publish confidence between the Padang article's surest fact and the next, so that
    the article has both published and waiting facts whatever the extractor's model says."""
    scores = sorted(
        f["confidence"]
        for f in extract_facts(ARTICLES["synthetic_padang_review"], "x", PUBLISHED_AT)
    )
    assert len(scores) >= 2 and scores[-2] < scores[-1], scores
    threshold = Decimal(str(round((scores[-2] + scores[-1]) / 2, 4)))
    assert Decimal(str(scores[-2])) < threshold <= Decimal(str(scores[-1]))
    return threshold


def test_facts_waiting_for_review_are_listed_not_published(migrated_db, tmp_path, monkeypatch):
    threshold = threshold_splitting_padang()
    monkeypatch.setenv(NEWS_PUBLISH_CONFIDENCE_VAR, str(threshold))
    load_files(write_articles(tmp_path), run_id="t1", url=migrated_db)

    # The quality gate does not hold back a fact for waiting: no office is not a failure.
    validate("t1", NEWS_CHECKPOINTS, url=migrated_db)
    result = run_dbt(["build"], url=migrated_db, capture=True)
    assert result.returncode == 0, result.stdout[-4000:]

    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select count(*) from audit.news_facts_held").fetchone() == (0,)
        staged = conn.execute(
            "select content_sha256, fact_index, doc_id, office, measure, value, year,"
            " confidence, review, evidence from staging.news_facts order by doc_id, fact_index"
        ).fetchall()
        listed = {
            (row[0], row[1]): row[2:]
            for row in conn.execute(
                "select content_sha256, fact_index, doc_id, url, office, evidence, confidence,"
                f" reason from {REVIEW_LIST}"
            )
        }
        published = conn.execute(PUBLISHED_NEWS).fetchall()
        waiting = news_facts_waiting_for_review(conn)

    waiting_facts = [f for f in staged if f[8]]
    published_facts = [f for f in staged if not f[8]]
    by_doc = {doc: [f for f in staged if f[2] == doc] for doc in ARTICLES}
    # Every fact of the articles without a known office waits; Padang's split at the threshold.
    assert all(
        f[8] for doc in ("synthetic_no_office", "synthetic_tanjung_selor") for f in by_doc[doc]
    )
    assert {f[8] for f in by_doc["synthetic_padang_review"]} == {True, False}
    assert all(f[3] is None for f in by_doc["synthetic_no_office"])

    # Kept in staging with their evidence and confidence, and on the review list with why.
    for sha, index, doc, office, _, _, _, confidence, _, evidence in waiting_facts:
        assert evidence and evidence in ARTICLES[doc]
        assert confidence is not None
        assert (sha, index) in listed
        _, _, _, listed_evidence, _, reason = listed[(sha, index)]
        assert listed_evidence == evidence
        if confidence < threshold:
            rounded = confidence.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            assert f"confidence {rounded} below {threshold}" in reason
        if office is None:
            assert "no office" in reason
        elif doc == "synthetic_tanjung_selor":
            assert "office not in the gazetteer" in reason

    # Nothing dropped: every fact is either on the review list or published, never both.
    assert set(listed) == {(f[0], f[1]) for f in waiting_facts}
    assert len(staged) == len(listed) + len(published_facts)
    assert waiting == len(waiting_facts)

    # Published facts are in the marts; waiting ones are not (not even beside a published one).
    def in_marts(fact) -> bool:
        _, _, doc, _, measure, value, *_ = fact
        position = MEASURE_POSITION[measure]
        return any(row[0].split(" ")[0] == doc and row[position] == value for row in published)

    assert published_facts and all(in_marts(f) for f in published_facts)
    assert not any(in_marts(f) for f in waiting_facts)
    assert {row[0].split(" ")[0] for row in published} == {"synthetic_padang_review"}

    # The count reaches the people: the run summary and the attainment report.
    summary = summarize(
        "t1",
        {"files": 0, "loaded": 0, "already_loaded": 0, "failed": [], "rows_loaded": 0,
         "rows_rejected": 0},
        {"files": 3, "articles_new": 3, "facts": len(staged), "rejected": 0},
        {},
        None,
        None,
        {"report": "index.html", "news_facts_waiting_for_review": waiting},
    )  # fmt: skip
    assert f"news figures waiting for review: {waiting} (listed in {REVIEW_LIST})" in summary
    index = build_attainment_report(migrated_db, tmp_path / "report")
    count = index.read_text(encoding="utf-8").split('id="review-count"', 1)[1].split("</li>")[0]
    assert f"{waiting} angka berita (news figures)" in count
    # Listed on the news page, apart, one table row each.
    review = (index.parent / "berita.html").read_text(encoding="utf-8").split('id="review"')[1]
    assert review.count("<tr>") - review.count("<thead>") == waiting
