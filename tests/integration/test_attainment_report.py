"""The attainment report, built from a real warehouse filled with a few rows: every section
shows what the marts hold, and text from articles and files never becomes markup.

The marts are created here with the BI contract's columns (the report reads only those), so
the test does not depend on a dbt build; the news goes in through the real loader, with an
article that carries <script> and event-handler attributes in its title, text and link."""

from __future__ import annotations

import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import pytest

from capaian.attainment_report import build_attainment_report
from capaian.attainment_report.content import office_totals, region_rows, safe_link
from capaian.attainment_report.queries import Figure
from capaian.attainment_report.render import READY_SCRIPT
from capaian.ingest.news import load_files

pytestmark = pytest.mark.integration

HOSTILE_DOC_ID = "palembang-<script>alert('doc')</script>"
HOSTILE_OFFICE = (
    "Batam <img src=x onerror=\"document.documentElement.setAttribute('data-pwned','office')\">"
)
HOSTILE_FILE = "\"><script>document.documentElement.setAttribute('data-pwned','file')</script>.csv"
PWN = "document.documentElement.setAttribute('data-pwned','{}')"

HOSTILE_ARTICLE = {
    "id": HOSTILE_DOC_ID,
    "url": "javascript:" + PWN.format("url"),
    "title": "Palembang <script>" + PWN.format("title") + "</script>",
    "published_at": "2025-07-02",
    "text": (
        "PALEMBANG - BPJS Ketenagakerjaan Kantor Cabang Palembang membidik 70.000 peserta "
        "penerima upah pada 2025 <script>" + PWN.format("evidence") + "</script>"
        '<img src=x onerror="' + PWN.format("onerror") + '">. Sampai Juni 2025 yang sudah '
        'terdaftar 39.815 peserta <b onmouseover="' + PWN.format("hover") + '">terdaftar</b>, '
        "atau sekitar 56,9 persen dari target."
    ),
}
PLAIN_ARTICLE = {
    "id": "batam-iuran-2025",
    "url": "https://example.invalid/batam-2025?a=1&b=2",
    "title": "Iuran Batam Nagoya",
    "published_at": "2025-07-08",
    "text": (
        "BATAM - Kantor Cabang Batam Nagoya menghimpun iuran Rp 98,7 miliar hingga semester "
        "pertama 2025 dari target Rp 210 miliar tahun ini."
    ),
}

FCT_COLUMNS = (
    "office_code, office_name, office_level, region_name, segment, metric, year, as_of_date,"
    " target, realization, attainment_pct, reported_pct, pct_gap, source_kind, source_ref,"
    " is_approximate"
)

# (office, name, level, region, segment, metric, year, target, realization, reported_pct,
#  source_kind, source_ref)
ROWS = [
    (
        "KC-PLB",
        "Palembang",
        "branch",
        "Sumatera Bagian Selatan",
        "PU",
        "participants",
        2024,
        50_000,
        52_000,
        None,
        "branch_report",
        "plb_2024.csv",
    ),
    (
        "KC-PLB",
        "Palembang",
        "branch",
        "Sumatera Bagian Selatan",
        "PU",
        "participants",
        2025,
        60_000,
        45_000,
        None,
        "branch_report",
        "plb_2025.csv",
    ),
    (
        "KC-PLB",
        "Palembang",
        "branch",
        "Sumatera Bagian Selatan",
        "BPU",
        "participants",
        2025,
        20_000,
        15_000,
        None,
        "branch_report",
        "plb_2025.csv",
    ),
    (
        "KC-PLB",
        "Palembang",
        "branch",
        "Sumatera Bagian Selatan",
        "PU",
        "participants",
        2025,
        70_000,
        39_815,
        Decimal("56.9"),
        "news",
        HOSTILE_DOC_ID,
    ),
    (
        "KC-BTM",
        HOSTILE_OFFICE,
        "branch",
        "Sumatera Barat dan Riau",
        "ALL",
        "contributions",
        2025,
        210_000_000_000,
        98_700_000_000,
        Decimal("55"),
        "branch_report",
        HOSTILE_FILE,
    ),
    (
        "KC-BTM",
        HOSTILE_OFFICE,
        "branch",
        "Sumatera Barat dan Riau",
        "PU",
        "contributions",
        2025,
        150_000_000_000,
        70_000_000_000,
        None,
        "branch_report",
        HOSTILE_FILE,
    ),
    (
        "KW-SBS",
        "Kanwil Sumbagsel",
        "region",
        "Sumatera Bagian Selatan",
        "ALL",
        "participants",
        2025,
        400_000,
        410_000,
        None,
        "branch_report",
        "kanwil.csv",
    ),
]


def _fct_row(row) -> tuple:
    code, name, level, region, segment, metric, year, target, real, reported, kind, ref = row
    pct = Decimal(real) / Decimal(target) * 100
    gap = None if reported is None else reported - pct
    return (code, name, level, region, segment, metric, year, f"{year}-06-30", target, real,
            pct, reported, gap, kind, ref, kind == "news")  # fmt: skip


def fill_warehouse(url: str, inbox: Path) -> None:
    """Marts with the rows above, and the two articles loaded through the real loader."""
    inbox.mkdir(parents=True, exist_ok=True)
    feed = inbox / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in (HOSTILE_ARTICLE, PLAIN_ARTICLE)),
        encoding="utf-8",
    )
    (result,) = load_files([feed], run_id="test", url=url)
    assert result.articles_new == 2 and result.facts >= 4, result.describe()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "create table marts.fct_attainment (office_code text, office_name text,"
            " office_level text, region_name text, segment text, metric text, year integer,"
            " as_of_date date, target numeric, realization numeric, attainment_pct numeric,"
            " reported_pct numeric, pct_gap numeric, source_kind text, source_ref text,"
            " is_approximate boolean)"
        )
        with conn.cursor().copy(f"copy marts.fct_attainment ({FCT_COLUMNS}) from stdin") as copy:
            for row in ROWS:
                copy.write_row(_fct_row(row))


@pytest.fixture
def report_html(migrated_db, tmp_path) -> str:
    fill_warehouse(migrated_db, tmp_path / "inbox")
    path = build_attainment_report(migrated_db, tmp_path / "report")
    assert path == tmp_path / "report" / "index.html"
    return path.read_text(encoding="utf-8")


class Markup(HTMLParser):
    """Every element and attribute the browser would build from the page, and the scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def parse(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


# ------------------------------------------------------------------------------ escaping
def test_hostile_text_from_articles_and_files_never_becomes_markup(report_html):
    page = parse(report_html)
    # The one script is our own; everything the article and files carried is not there.
    assert page.scripts == [READY_SCRIPT]
    handlers = [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
    assert handlers == []
    links = [
        attrs.get(name) or "" for _, attrs in page.tags for name in ("href", "src", "xlink:href")
    ]
    assert not [link for link in links if link.strip().lower().startswith(("javascript:", "data:"))]
    assert "img" not in {tag for tag, _ in page.tags}
    assert "b" not in {tag for tag, _ in page.tags}
    # ... yet the text itself is shown, as text: the reader sees what the article said.
    text = " ".join(page.text)
    assert "<script>" + PWN.format("evidence") + "</script>" in text
    assert 'onmouseover="' + PWN.format("hover") + '"' in text
    assert HOSTILE_OFFICE in text
    assert HOSTILE_FILE in text
    assert "Palembang <script>" + PWN.format("title") + "</script>" in text


def test_only_web_links_become_links():
    assert safe_link("https://example.invalid/a?b=1") == "https://example.invalid/a?b=1"
    assert safe_link("http://example.invalid") == "http://example.invalid"
    for unsafe in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "/etc/x", ""):
        assert safe_link(unsafe) is None
    assert safe_link(None) is None


# ------------------------------------------------------------------------------ content
def test_every_office_region_and_year_is_in_the_report(report_html):
    page = parse(report_html)
    text = " ".join(page.text)
    for name in ("Palembang", HOSTILE_OFFICE, "Kanwil Sumbagsel"):
        assert name in text
    for region in ("Sumatera Bagian Selatan", "Sumatera Barat dan Riau"):
        assert region in text
    ids = {attrs.get("id") for _, attrs in page.tags}
    # Three offices, each with its bar chart by segment and metric; Palembang over 2 years.
    office_charts = sorted(i for i in ids if i and i.endswith("-bars-figure_1"))
    assert len(office_charts) == 3
    assert "overview-figure_1" in ids
    assert any(i and i.endswith("-years-figure_1") for i in ids)
    # Each chart has its 100 % line.
    charts = [i for i in ids if i and i.endswith("figure_1")]
    target_lines = [i for i in ids if i and i.endswith("target-line")]
    assert len(target_lines) == len(charts) >= 5


def test_every_news_figure_has_its_evidence_sentence_and_link(report_html, migrated_db):
    page = parse(report_html)
    text = " ".join(page.text)
    with psycopg.connect(migrated_db) as conn:
        evidence = [e for (e,) in conn.execute("select evidence from staging.news_facts")]
    assert len(evidence) >= 4
    for sentence in evidence:
        assert sentence in text
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a" and "href" in attrs]
    assert "https://example.invalid/batam-2025?a=1&b=2" in hrefs
    # The hostile article's javascript: URL is not a link; its figures are still listed.
    assert "no web link" in text


def test_discrepancies_list_reported_and_news_disagreements(report_html):
    section = report_html.split('id="discrepancies"', 1)[1].split('id="news"', 1)[0]
    text = " ".join(parse(section).text)
    # Batam: 55 % published, 98.7 / 210 is 47 %; Palembang's news target 70,000 against the
    # branch report's 60,000, and 39,815 participants against 45,000 in the same month.
    assert "reported pct mismatch" in text and "attainment_pct 55 47 8" in text
    assert "news vs branch target" in text and "target 70.000 60.000 10.000" in text
    assert "news vs branch realization" in text and "realization 39.815 45.000 -5.185" in text


def test_region_overview_adds_up_branches_and_leaves_the_regional_office_out():
    figures = [Figure(*_fct_row(row)[:11], row[9], row[10], row[11], row[10] == "news")
               for row in ROWS]  # fmt: skip
    # Branch reports first, as the report's query prefers them.
    latest = [f for f in figures if f.source_kind == "branch_report"]
    totals = office_totals(latest)
    # Batam published an ALL figure: it is used, not ALL + PU.
    assert totals[("KC-BTM", "contributions", 2025)].target == 210_000_000_000
    assert totals[("KC-PLB", "participants", 2025)].target == 80_000  # PU + BPU
    rows = {(r.region_name, r.metric): r for r in region_rows(latest, totals, 2025)}
    south = rows[("Sumatera Bagian Selatan", "participants")]
    assert south.offices == 1  # Palembang only: the Kanwil is not added to its branches
    assert south.totals.realization == 60_000
    assert south.offices_behind_target == 1


def test_a_published_discrepancy_mart_is_used_when_there(migrated_db, tmp_path):
    fill_warehouse(migrated_db, tmp_path / "inbox")
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute(
            "create table marts.mart_discrepancies as select 'reported_pct_mismatch'::text"
            " as discrepancy_kind, 'KC-X'::text as office_code, 'Kota Contoh'::text as office_name,"
            " 'PU'::text as segment, 'participants'::text as metric, 2025 as year,"
            " date '2025-06-30' as as_of_date, 'attainment_pct'::text as measure,"
            " 99::numeric as stated_value, 90::numeric as expected_value,"
            " 9::numeric as difference, 'branch_report'::text as source_kind,"
            " 'contoh.csv'::text as source_ref, null::text as other_source_ref"
        )
    html = build_attainment_report(migrated_db, tmp_path / "report").read_text()
    section = html.split('id="discrepancies"', 1)[1].split('id="news"', 1)[0]
    assert "Kota Contoh" in section
    assert "news vs branch target" not in section  # the mart's rows, not computed ones


def test_an_empty_warehouse_gives_a_report_that_says_so(migrated_db, tmp_path):
    html = build_attainment_report(migrated_db, tmp_path / "report").read_text()
    assert "No figures have been published yet." in html
    assert "No news figures loaded." in html


def test_building_again_replaces_the_report_whole(report_html, migrated_db, tmp_path):
    again = build_attainment_report(migrated_db, tmp_path / "report")
    assert [p.name for p in again.parent.iterdir()] == ["index.html"]
    # Same data, same page apart from the time it was built.
    assert _without_build_time(again.read_text()) == _without_build_time(report_html)


def _without_build_time(html: str) -> str:
    before, after = html.split('<p class="meta">Built ', 1)
    return before + after.split(" from ", 1)[1]
