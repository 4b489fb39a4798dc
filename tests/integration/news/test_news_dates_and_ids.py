"""News dates that cannot be right, and articles that would share a doc_id, through the loader.

A sidecar, feed or page date that does not exist or lies before 2014 or after today is a notice
naming the file and field; the article is kept, dated from its text where the text gives a date
(marked as a guess), and never given 1 January of a year merely named in it. Two different
articles never share a doc_id. Every article here is synthetic, made up for the test.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import psycopg

from capaian.news.loading import facts_as_jsonl, load_files

DATELINED = (
    "PADANG, Selasa (31/1/2017) - BPJS Ketenagakerjaan Kantor Cabang Padang menargetkan 21.500 "
    "peserta bukan penerima upah sepanjang 2017.\n"
)
# Names a year, but no day or month the article was written on.
UNDATED = (
    "BPJS Ketenagakerjaan Kantor Cabang Pekalongan menargetkan 12.000 peserta penerima upah "
    "pada tahun 2017.\n"
)
UNDATED_PAGE = f"""<!doctype html><html><head><title>Pekalongan (sintetis)</title></head>
<body><article><h1>Pekalongan kejar target (sintetis)</h1>
<p>{UNDATED * 3}</p><p>Kantor cabang itu mendatangi pasar dan komunitas nelayan pada 2016
dan 2017 agar pekerja informal terlindungi jaminan sosial ketenagakerjaan.</p>
</article></body></html>
"""


def rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchall()


def test_a_sidecar_date_that_does_not_exist_is_a_notice_and_the_text_dates_the_article(
    migrated_db, tmp_path
):
    (tmp_path / "padang.txt").write_text(DATELINED, encoding="utf-8")
    (tmp_path / "padang.meta.json").write_text(
        json.dumps({"url": "https://example.invalid/padang", "published_at": "2025-02-30"}),
        encoding="utf-8",
    )
    (result,) = load_files([tmp_path / "padang.txt"], run_id="test", url=migrated_db)
    assert result.articles_new == 1 and result.rejected == [] and result.facts >= 1
    assert rows(
        migrated_db, "select doc_id, published_at, published_at_guessed from raw.news_articles"
    ) == [("padang", "2017-01-31", True)]
    ((source, line, notice),) = rows(
        migrated_db, "select source_name, source_line, notice from audit.news_notices"
    )
    assert (source, line) == ("padang.txt", 0)
    assert "padang.meta.json: field published_at: '2025-02-30'" in notice
    assert "2017-01-31 is taken from the text" in notice
    assert any(notice in item for item in result.items)
    # The facts' years come from the text, as without any sidecar.
    assert {year for (year,) in rows(migrated_db, "select year from staging.news_facts")} == {2017}
    # Read again: nothing new, the notice recorded once.
    load_files([tmp_path / "padang.txt"], run_id="again", url=migrated_db)
    assert rows(migrated_db, "select count(*) from audit.news_notices") == [(1,)]


def test_feed_dates_in_year_one_or_the_future_are_notices_and_never_1_january(
    migrated_db, tmp_path
):
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"id": "year-one", "published_at": "0001", "text": UNDATED},
        {"id": "far-future", "published_at": "2999-12-31", "text": DATELINED},
        {"id": "tomorrow", "published_at": tomorrow, "text": DATELINED + " "},
        {"id": "too-early", "published_at": "2013-12", "text": UNDATED + " "},
        {"id": "fine", "published_at": "2017-02", "text": UNDATED + "  "},
    ]
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    (result,) = load_files([feed], run_id="test", url=migrated_db)
    assert result.articles_new == 5 and result.rejected == []
    assert rows(
        migrated_db,
        "select doc_id, published_at, published_at_guessed from raw.news_articles order by 1",
    ) == [
        ("far-future", "2017-01-31", True),
        ("fine", "2017-02", False),
        ("tomorrow", "2017-01-31", True),
        ("too-early", None, False),  # the text names 2017, but no day: no date, no 1 January
        ("year-one", None, False),
    ]
    notices = dict(
        rows(migrated_db, "select source_line, notice from audit.news_notices order by 1")
    )
    assert sorted(notices) == [1, 2, 3, 4]
    assert notices[1].startswith("feed.jsonl line 1: field published_at: 0001 lies before 2014")
    assert "2999-12-31 lies after today" in notices[2]
    assert f"{tomorrow} lies after today" in notices[3]
    assert "the text gives no date either" in notices[4]


def test_a_page_without_a_date_gets_none_not_a_year_from_its_text(migrated_db, tmp_path):
    page = tmp_path / "pekalongan.html"
    page.write_text(UNDATED_PAGE, encoding="utf-8")
    (result,) = load_files([page], run_id="test", url=migrated_db)
    assert result.articles_new == 1
    assert rows(
        migrated_db, "select published_at, published_at_guessed from raw.news_articles"
    ) == [(None, False)]


def test_two_feed_lines_with_one_id_and_different_texts_get_two_doc_ids(migrated_db, tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "same", "url": "https://example.invalid/a", "text": DATELINED})
        + "\n"
        + json.dumps({"id": "same", "url": "https://example.invalid/b", "text": UNDATED})
        + "\n",
        encoding="utf-8",
    )
    (result,) = load_files([feed], run_id="test", url=migrated_db)
    assert result.articles_new == 2
    articles = rows(
        migrated_db, "select doc_id, url, content_sha256 from raw.news_articles order by url"
    )
    (first, _, _), (second, _, second_sha) = articles
    assert first == "same" and second == f"same-{second_sha[:8]}"
    # Facts carry their own article's doc_id.
    assert rows(
        migrated_db,
        "select distinct f.doc_id = a.doc_id from staging.news_facts f"
        " join raw.news_articles a using (content_sha256)",
    ) == [(True,)]
    # Stable: loading the feed again changes no doc_id and stores nothing.
    (again,) = load_files([feed], run_id="again", url=migrated_db)
    assert again.articles_new == 0
    assert (
        rows(migrated_db, "select doc_id, url, content_sha256 from raw.news_articles order by url")
        == articles
    )
    # Without the warehouse, the facts of the two lines are told apart the same way.
    doc_ids = {json.loads(line)["doc_id"] for line in facts_as_jsonl([feed])}
    assert doc_ids == {"same", f"same-{second_sha[:8]}"}


def test_two_files_with_one_name_in_different_folders_get_two_doc_ids(migrated_db, tmp_path):
    for folder, text in (("a", DATELINED), ("b", UNDATED)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "berita.txt").write_text(text, encoding="utf-8")
    load_files(
        [tmp_path / "a" / "berita.txt", tmp_path / "b" / "berita.txt"],
        run_id="test",
        url=migrated_db,
    )
    doc_ids = [doc_id for (doc_id,) in rows(migrated_db, "select doc_id from raw.news_articles")]
    assert len(doc_ids) == 2 and len(set(doc_ids)) == 2 and "berita" in doc_ids
