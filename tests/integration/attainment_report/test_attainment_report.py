"""The attainment report, built from a real warehouse: branch reports and articles loaded
by the real loaders, the marts built by dbt and published (report_warehouse.py). Every
page shows what the marts hold, the printed table agrees with them, text from articles and
files never becomes markup, and every table is exported with formula-like text neutralised."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import psycopg
import pytest
from openpyxl import load_workbook

from capaian.attainment_report import build_attainment_report
from capaian.attainment_report.charts import BEHIND_TARGET, ON_TARGET
from capaian.attainment_report.content import safe_link
from capaian.attainment_report.exports import FORMULA_STARTS
from capaian.attainment_report.render import READY_SCRIPT
from capaian.attainment_report.table import attainment_rows, format_table

from report_warehouse import (
    FORMULA_EVIDENCE,
    FORMULA_FILE,
    HOSTILE_FILE,
    PWN,
    filled_warehouse,
)

pytestmark = pytest.mark.integration
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def warehouse(server_url, tmp_path_factory):
    yield from filled_warehouse(server_url, tmp_path_factory.mktemp("inbox"))


@pytest.fixture(scope="module")
def site(warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    path = build_attainment_report(warehouse, out)
    assert path == out / "index.html"
    return out


@pytest.fixture(scope="module")
def report_html(site) -> str:
    return (site / "index.html").read_text(encoding="utf-8")


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


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


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", " ".join(parse(html).text).replace(NBSP, " "))


def table_cells(html: str, name: str) -> list[list[str]]:
    """The body cells of the table ``table-<name>``, as text."""
    table = html.split(f'id="table-{name}"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].split("<tr>")[1:]
    return [
        [text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows
    ]


# ------------------------------------------------------------------------------ escaping
def test_hostile_text_from_articles_and_files_never_becomes_markup(site):
    pages = sorted(site.glob("*.html"))
    assert len(pages) >= 8
    for path in pages:
        page = parse(path.read_text(encoding="utf-8"))
        # The one script is our own; everything the article and files carried is not there.
        assert page.scripts == [READY_SCRIPT], path.name
        handlers = [(t, n) for t, attrs in page.tags for n in attrs if n.startswith("on")]
        assert handlers == [], path.name
        links = [a.get(n) or "" for _, a in page.tags for n in ("href", "src", "xlink:href")]
        assert not [x for x in links if x.strip().lower().startswith(("javascript:", "data:"))]
        assert {"img", "b"}.isdisjoint(tag for tag, _ in page.tags), path.name
    # ... yet the text itself is shown, as text: the reader sees what the article said.
    news = text_of(read(site, "berita.html"))
    assert "<script>" + PWN.format("evidence") + "</script>" in news
    assert 'onmouseover="' + PWN.format("hover") + '"' in news
    assert "Palembang <script>" + PWN.format("title") + "</script>" in news
    assert HOSTILE_FILE in text_of(read(site, "kantor-kc-batam-nagoya.html"))


def test_only_web_links_become_links():
    assert safe_link("https://example.invalid/a?b=1") == "https://example.invalid/a?b=1"
    assert safe_link("http://example.invalid") == "http://example.invalid"
    for unsafe in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "/etc/x", ""):
        assert safe_link(unsafe) is None
    assert safe_link(None) is None


def test_every_page_is_indonesian_offline_and_built_in_jakarta_time(site):
    for path in site.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert '<html lang="id">' in html
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        assert re.search(r"Dibuat \(built\) \d{1,2} \w+ \d{4}, \d\d\.\d\d WIB", text_of(html))
        assert "<link" not in html


# ------------------------------------------------------------------------------ first screen
def test_the_first_screen_has_the_national_total_the_offices_behind_and_what_waits(
    warehouse, report_html
):
    with psycopg.connect(warehouse) as conn:
        national = conn.execute(
            "select metric, branch_count, branches_behind_target, branches_with_progress,"
            " branches_behind_pro_rata, target, realization from marts.mart_national_attainment"
            " where segment = 'ALL' and year = 2025 order by metric"
        ).fetchall()
        missing = conn.execute(
            "select count(*) from marts.mart_reporting_completeness where is_last_month_missing"
        ).fetchone()[0]
    # Batam Nagoya's contributions and Palembang's participants, one branch each.
    assert national == [
        ("contributions", 1, 1, 1, 1, Decimal("210000000000"), Decimal("98700000000")),
        ("participants", 1, 1, 1, 0, Decimal("80000"), Decimal("60000")),
    ]
    cells = table_cells(report_html, "nasional")
    assert cells == [
        ["Peserta (tenaga kerja) (participants)", "2025", "1", "1", "1", "1", "0", "80.000",
         "60.000", "75,0 %"],
        ["Iuran (contributions)", "2025", "1", "1", "1", "1", "1", "Rp 210 M", "Rp 98,7 M",
         "47,0 %"],
    ]  # fmt: skip
    summary = text_of(report_html.split('id="summary"', 1)[1].split("</section>", 1)[0])
    assert "Rp 98,7 M dari target (of the target) Rp 210 M" in summary
    # The full value on hover.
    assert f'title="Rp{NBSP}98.700.000.000"' in report_html
    attention = text_of(report_html.split('id="attention"', 1)[1].split("</section>", 1)[0])
    assert f"Belum melapor (not reported) : {missing} kantor" in attention
    assert "Selisih (discrepancies) : 3" in attention
    assert "Menunggu tinjauan (waiting for review) :" in attention
    hrefs = [a["href"] for t, a in parse(report_html).tags if t == "a" and "href" in a]
    for page in ("pelaporan.html", "berita.html#review", "selisih.html", "wilayah-1.html"):
        assert page in hrefs


def test_the_furthest_behind_are_behind_pro_rata_with_their_gap(warehouse, site, report_html):
    """Batam Nagoya: Rp 98.7 billion by 30 June of a Rp 210 billion year is 47 % of the year
    but 94.8 % of where it should be by then (181 of 365 days): behind pro rata by Rp 5.4
    billion. Palembang (60,000 of 80,000 by June) is ahead of its pro-rata line."""
    with psycopg.connect(warehouse) as conn:
        (gap, pro_rata) = conn.execute(
            "select gap_to_pro_rata, pro_rata_attainment_pct from"
            " marts.mart_office_monthly_progress where office_code = 'KC-BATAM-NAGOYA'"
            " and metric = 'contributions' and is_latest_month"
        ).fetchone()
        behind = conn.execute(
            "select office_code from marts.mart_office_monthly_progress"
            " where is_latest_month and is_behind_pro_rata"
        ).fetchall()
    assert behind == [("KC-BATAM-NAGOYA",)]
    assert pro_rata == Decimal("94.7791") and gap == Decimal("5436900000.00")
    rows = table_cells(report_html, "terjauh-di-bawah-pro-rata")
    assert rows == [
        ["Iuran (contributions)", "Batam Nagoya", "Sumatera Barat dan Riau", "30 Jun 2025",
         "Rp 104,1 M", "Rp 98,7 M", "Rp 5,4 M", "94,8 %", "47,0 %"],
    ]  # fmt: skip
    with (site / "exports" / "terjauh-di-bawah-pro-rata.csv").open(encoding="utf-8-sig") as f:
        exported = list(csv.DictReader(f))
    assert Decimal(exported[0]["Selisih (gap)"]) == gap  # exact in the export


def test_an_office_page_has_its_monthly_progress_against_pro_rata(site):
    html = read(site, "kantor-kc-batam-nagoya.html")
    ids = {attrs.get("id") for _, attrs in parse(html).tags}
    assert "kantor-kc-batam-nagoya-progress-figure" in ids
    assert "kantor-kc-batam-nagoya-progress-pro-rata-line" in ids
    assert "kantor-kc-batam-nagoya-progress-point-0-0" in ids
    # Ahead of the pro-rata line in March (green), behind it in May and June (red).
    fills = re.findall(
        r'<circle id="kantor-kc-batam-nagoya-progress-point-0-\d+"[^>]* fill="([^"]+)"', html
    )
    assert fills == [ON_TARGET, BEHIND_TARGET, BEHIND_TARGET]
    assert table_cells(html, "kantor-kc-batam-nagoya-bulanan") == [
        ["Iuran (contributions)", "Mar 2025", "31 Mar 2025", "Rp 210 M", "Rp 51,8 M",
         "Rp 55 M", "-Rp 3,2 M", "106,2 %", "sesuai (on track)"],
        ["Iuran (contributions)", "Mei 2025", "31 Mei 2025", "Rp 210 M", "Rp 86,9 M",
         "Rp 85 M", "Rp 1,9 M", "97,8 %", "di bawah (behind)"],
        ["Iuran (contributions)", "Jun 2025", "30 Jun 2025", "Rp 210 M", "Rp 104,1 M",
         "Rp 98,7 M", "Rp 5,4 M", "94,8 %", "di bawah (behind)"],
    ]  # fmt: skip


# ------------------------------------------------------------------------------ content
def test_every_office_region_and_year_is_in_the_report(site, report_html):
    text = text_of(report_html)
    for name in ("Batam Nagoya", "Sumatera Bagian Selatan", "Sumatera Barat dan Riau"):
        assert name in text
    offices = sorted(p.name for p in site.glob("kantor-*.html"))
    assert offices == [
        "kantor-kc-batam-nagoya.html", "kantor-kc-palembang.html", "kantor-kw-sumbagsel.html",
    ]  # fmt: skip
    region = read(site, "wilayah-1.html")
    assert "Palembang" in text_of(region) and 'href="kantor-kc-palembang.html"' in region
    ids = set()
    for path in site.glob("*.html"):
        ids |= {attrs.get("id") for _, attrs in parse(path.read_text()).tags}
    # Each office its bar chart by segment and metric; Palembang over 2 years.
    assert len([i for i in ids if i and i.endswith("-bars-figure")]) == 3
    assert "overview-figure" in ids and "kantor-kc-palembang-years-figure" in ids
    # Each bar chart has its 100 % line.
    bar_charts = [i for i in ids if i and re.search(r"(bars|years|overview)-figure$", i)]
    target_lines = [i for i in ids if i and i.endswith("target-line")]
    assert len(target_lines) == len(bar_charts) >= 5


def test_the_table_the_report_and_bi_agree_where_a_later_article_disagrees(warehouse, site):
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
    lines = [line.split() for line in table.splitlines()]
    assert [cells[3:] for cells in lines if cells[:3] == ["Batam", "Nagoya", "ALL"]] == [
        ["contributions", "2025", "210.000.000.000", "98.700.000.000", "47,0", "%"]
    ]
    # ... and so is the report's office page: compact, with the full value on hover.
    html = read(site, "kantor-kc-batam-nagoya.html")
    cells = table_cells(html, "kantor-kc-batam-nagoya-terbaru")
    assert cells[0][:7] == [
        "ALL", "Iuran (contributions)", "30 Jun 2025", "Rp 210 M", "Rp 98,7 M", "47,0 %", "55,0 %",
    ]  # fmt: skip
    assert f'title="Rp{NBSP}98.700.000.000"' in html
    assert "101,2" not in text_of(html) and "101.200" not in html
    assert HOSTILE_FILE in text_of(html)


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
    assert table_cells(report_html, "wilayah")[0] == [
        "Sumatera Bagian Selatan", "Peserta (tenaga kerja) (participants)", "1", "1", "80.000",
        "60.000", "75,0 %",
    ]  # fmt: skip


def test_every_published_news_figure_has_its_evidence_and_waiting_ones_are_apart(site, warehouse):
    html = read(site, "berita.html")
    news, review = html.split('id="review"', 1)
    with psycopg.connect(warehouse) as conn:
        published = [e for (e,) in conn.execute("select evidence from marts.mart_news_evidence")]
        waiting = conn.execute(
            "select count(*) from dbt_intermediate.int_news_facts_held_for_review"
        ).fetchone()[0]
    assert len(published) >= 4
    news_text = text_of(news)
    for sentence in published:
        assert sentence in news_text
    review_rows = [row for t in re.findall(r'id="table-(tinjauan-\d+)"', review)
                   for row in table_cells(review, t)]  # fmt: skip
    assert len(review_rows) == waiting
    assert all(row[-1] for row in review_rows)  # each says why it waits
    hrefs = [attrs["href"] for tag, attrs in parse(news).tags if tag == "a" and "href" in attrs]
    assert "https://example.invalid/batam-2025?a=1&b=2" in hrefs
    # The hostile article's javascript: URL is not a link; its figures are still listed.
    assert "tanpa tautan web (no web link)" in news_text


def test_discrepancies_are_the_marts(site, warehouse):
    html = read(site, "selisih.html")
    with psycopg.connect(warehouse) as conn:
        kinds = conn.execute(
            "select discrepancy_kind from marts.mart_discrepancies order by 1"
        ).fetchall()
    rows = table_cells(html, "selisih")
    assert len(rows) == len(kinds) == 3
    # Batam: 55 % published, 98.7 / 210 is 47 %; Palembang's news target 70,000 against the
    # branch report's 60,000, and 39,815 participants against 45,000 in the same month.
    by_kind = {row[0].split(" (")[-1].rstrip(")"): row for row in rows}
    assert by_kind["reported pct mismatch"][6:11] == ["Capaian % (attainment_pct)", "%", "55",
                                                       "47", "8"]  # fmt: skip
    assert by_kind["news vs branch target"][6:11] == ["Target", "count", "70.000", "60.000",
                                                       "10.000"]  # fmt: skip
    assert by_kind["news vs branch realization"][8:11] == ["39.815", "45.000", "-5.185"]


# ------------------------------------------------------------------------------ exports
def test_every_table_is_exported_beside_its_page_and_linked(site):
    exports = site / "exports"
    linked = set()
    for path in site.glob("*.html"):
        html = path.read_text(encoding="utf-8")
        tables = re.findall(r'<table id="table-([^"]+)"', html)
        hrefs = re.findall(r'<a class="export" href="([^"]+)"', html)
        # Each table has its CSV and XLSX link just before it.
        assert hrefs == [f"exports/{t}.{ext}" for t in tables for ext in ("csv", "xlsx")]
        linked |= set(hrefs)
    files = {f"exports/{p.name}" for p in exports.iterdir()}
    assert linked == files and len(files) >= 20


def test_formula_like_text_is_neutralised_in_every_export(site):
    """A file named =HYPERLINK(...) and an article beginning with @SUM(1): shown as they are
    on the page, but in the exports with a quote in front, so a spreadsheet shows text."""
    text_cells: list[str] = []
    for path in (site / "exports").glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            text_cells += [value for row in csv.reader(handle) for value in row]
    numeric_cells = 0
    for path in (site / "exports").glob("*.xlsx"):
        for row in load_workbook(path, read_only=True).active.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    text_cells.append(cell.value)
                elif isinstance(cell.value, int | float):
                    numeric_cells += 1
    # Numbers (-5185 included) are numbers in the CSV text too: only text is neutralised.
    formula_like = [v for v in text_cells if v.startswith(FORMULA_STARTS) and not _is_number(v)]
    assert formula_like == []
    assert text_cells.count("'" + FORMULA_FILE) == 4  # compared-with, 2 rows, CSV and XLSX
    assert any(v.startswith("'" + FORMULA_EVIDENCE + " BATAM") for v in text_cells)
    assert numeric_cells > 50
    # The page itself shows the file's name as it is.
    assert FORMULA_FILE in text_of(read(site, "selisih.html"))
    # Exact values, as numbers, in the XLSX.
    sheet = load_workbook(site / "exports" / "kantor-kc-batam-nagoya-terbaru.xlsx").active
    first = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert first[3:5] == [210000000000, 98700000000]


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


# ------------------------------------------------------------------------------ building
def test_an_empty_warehouse_gives_a_report_that_says_so(migrated_db, tmp_path):
    index = build_attainment_report(migrated_db, tmp_path / "report")
    assert "Belum ada angka yang dipublikasikan." in index.read_text()
    assert (
        "Belum ada angka berita yang dipublikasikan." in (index.parent / "berita.html").read_text()
    )
    assert format_table(attainment_rows(migrated_db)).endswith(
        "(no rows: marts.fct_attainment_latest is empty)"
    )


def test_building_again_replaces_the_report_whole(site, warehouse, tmp_path):
    out = tmp_path / "report"
    first = build_attainment_report(warehouse, out).parent
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    again = build_attainment_report(warehouse, out).parent
    assert again == out
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # nothing left beside it
    # Same data, same pages apart from the time they were built.
    for path in first.glob("*.html"):
        assert _without_build_time(path.read_text()) == _without_build_time(
            (site / path.name).read_text()
        ), path.name


def _without_build_time(html: str) -> str:
    before, after = html.split('<p class="meta" id="built">', 1)
    return before + after.split("</p>", 1)[1]
