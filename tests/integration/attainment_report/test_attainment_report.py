"""The attainment report, built from a real warehouse: branch reports and articles loaded
by the real loaders, the marts built by dbt and published (report_warehouse.py). Every
section shows what the marts hold, the printed table agrees with them, and text from articles
and files never becomes markup."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import psycopg
import pytest

from capaian.attainment_report import build_attainment_report
from capaian.attainment_report.content import safe_link
from capaian.attainment_report.render import READY_SCRIPT
from capaian.attainment_report.table import attainment_rows, format_table

from report_warehouse import HOSTILE_FILE, PWN, filled_warehouse

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def warehouse(server_url, tmp_path_factory):
    yield from filled_warehouse(server_url, tmp_path_factory.mktemp("inbox"))


@pytest.fixture(scope="module")
def report_html(warehouse, tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("report")
    path = build_attainment_report(warehouse, out)
    assert path == out / "index.html"
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
    for name in ("Palembang", "Batam Nagoya", "Sumatera Bagian Selatan"):
        assert name in text
    assert "Sumatera Barat dan Riau" in text
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


def test_the_table_the_report_and_bi_agree_where_a_later_article_disagrees(warehouse, report_html):
    """Batam Nagoya's branch report says Rp 98.7 billion by June; an article a week later says
    Rp 101.2 billion. Branch reports win (fct_attainment_latest's precedence), and the printed
    table and the report show exactly what BI reads there."""
    with psycopg.connect(warehouse) as conn:
        bi = conn.execute(
            "select office_name, segment, metric, year, target, realization, attainment_pct,"
            " source_kind from marts.fct_attainment_latest order by office_code, segment,"
            " metric, year"
        ).fetchall()
        news = conn.execute(
            "select realization from marts.fct_attainment where office_code = 'KC-BATAM-NAGOYA'"
            " and segment = 'ALL' and metric = 'contributions' and source_kind = 'news'"
        ).fetchall()
    assert news == [(Decimal("101200000000"),)]  # the article's figure is in the marts ...
    batam = [row for row in bi if row[0] == "Batam Nagoya" and row[1] == "ALL"]
    assert [(row[5], row[7]) for row in batam] == [(Decimal("98700000000"), "branch_report")]
    # ... the printed table is BI's rows, in BI's order
    assert [row[:7] for row in bi] == attainment_rows(warehouse)
    table = format_table(attainment_rows(warehouse))
    assert "98.700.000.000" in table and "101.200.000.000" not in table
    # ... and so is the report's office section.
    batam_section = report_html.split("Batam Nagoya <span", 1)[1].split("</article>", 1)[0]
    text = " ".join(parse(batam_section).text)
    assert "98.700.000.000" in text and "101.200.000.000" not in text
    assert HOSTILE_FILE in text


def test_region_overview_is_the_marts_roll_up(warehouse, report_html):
    """Palembang reported by segment only (PU + BPU: 80,000 target, 60,000 by June); its
    regional office's own figure is not added in."""
    with psycopg.connect(warehouse) as conn:
        row = conn.execute(
            "select branch_count, branches_behind_target, rolled_up_target,"
            " rolled_up_realization from marts.mart_region_attainment"
            " where region_name = 'Sumatera Bagian Selatan' and segment = 'ALL'"
            " and metric = 'participants' and year = 2025"
        ).fetchone()
    assert row == (1, 1, 80_000, 60_000)
    overview = report_html.split('id="overview"', 1)[1].split('id="offices"', 1)[0]
    overview = overview.split("<table", 1)[1]  # the table, not the chart's labels
    cells = [c.strip() for c in parse(overview).text if c.strip()]
    start = cells.index("Sumatera Bagian Selatan")
    assert cells[start : start + 7] == [
        "Sumatera Bagian Selatan", "participants", "1", "1", "80.000", "60.000", "75,0 %",
    ]  # fmt: skip


def test_every_published_news_figure_has_its_evidence_and_waiting_ones_are_apart(
    report_html, warehouse
):
    news = report_html.split('id="news"', 1)[1].split('id="review"', 1)[0]
    review = report_html.split('id="review"', 1)[1]
    with psycopg.connect(warehouse) as conn:
        published = [e for (e,) in conn.execute("select evidence from marts.mart_news_evidence")]
        waiting = conn.execute(
            "select count(*) from dbt_intermediate.int_news_facts_held_for_review"
        ).fetchone()[0]
    assert len(published) >= 4
    news_text = " ".join(parse(news).text)
    for sentence in published:
        assert sentence in news_text
    assert "waits for review" not in news_text
    assert review.count("waits for review: ") == waiting
    hrefs = [attrs["href"] for tag, attrs in parse(news).tags if tag == "a" and "href" in attrs]
    assert "https://example.invalid/batam-2025?a=1&b=2" in hrefs
    # The hostile article's javascript: URL is not a link; its figures are still listed.
    assert "no web link" in news_text


def test_discrepancies_are_the_marts(report_html, warehouse):
    section = report_html.split('id="discrepancies"', 1)[1].split('id="news"', 1)[0]
    text = " ".join(parse(section).text)
    with psycopg.connect(warehouse) as conn:
        kinds = conn.execute(
            "select discrepancy_kind from marts.mart_discrepancies order by 1"
        ).fetchall()
    assert section.count("<tr>") - 1 == len(kinds)
    # Batam: 55 % published, 98.7 / 210 is 47 %; Palembang's news target 70,000 against the
    # branch report's 60,000, and 39,815 participants against 45,000 in the same month.
    assert "reported pct mismatch" in text and "attainment_pct 55 47 8" in text
    assert "news vs branch target" in text and "target 70.000 60.000 10.000" in text
    assert "news vs branch realization" in text and "realization 39.815 45.000 -5.185" in text


def test_an_empty_warehouse_gives_a_report_that_says_so(migrated_db, tmp_path):
    html = build_attainment_report(migrated_db, tmp_path / "report").read_text()
    assert "No figures have been published yet." in html
    assert "No news figures published." in html
    assert format_table(attainment_rows(migrated_db)).endswith(
        "(no rows: marts.fct_attainment_latest is empty)"
    )


def test_building_again_replaces_the_report_whole(report_html, warehouse, tmp_path):
    again = build_attainment_report(warehouse, tmp_path / "report")
    assert [p.name for p in again.parent.iterdir()] == ["index.html"]
    # Same data, same page apart from the time it was built.
    assert _without_build_time(again.read_text()) == _without_build_time(report_html)


def _without_build_time(html: str) -> str:
    before, after = html.split('<p class="meta">Built ', 1)
    return before + after.split(" from ", 1)[1]
