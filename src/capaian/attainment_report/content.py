"""The report's pages and tables, arranged from the rows the marts gave (no database, no
HTML here).

Every figure is the marts' own: the latest per office, segment and metric, the office totals,
the region and national roll-ups and the progress against the pro-rata target are defined
once, in dbt. This module only groups, orders, picks (the ten furthest behind) and draws.

The report is a small site: the first screen (``index.html``: national and regional totals,
offices behind, the ten furthest behind, what waits), a page per region listing its offices,
a page per office, and pages for the discrepancies, the news evidence and the reporting
gaps. Every table is also an export (exports.Table), written beside the pages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from capaian import definitions
from capaian.attainment_report import charts
from capaian.attainment_report.exports import Column, Link, Table
from capaian.attainment_report.formatting import LABELS, discrepancy_kind, measure_label, month
from capaian.attainment_report.queries import (
    Discrepancy,
    Figure,
    MissingReport,
    MonthlyProgress,
    NationalTotal,
    NewsFigure,
    OfficeTotal,
    RegionTotal,
)

NO_REGION = "(tanpa wilayah)"
INDEX = "index.html"
DISCREPANCIES_PAGE = "selisih.html"
NEWS_PAGE = "berita.html"
REPORTING_PAGE = "pelaporan.html"
FURTHEST_BEHIND = 10
L = LABELS


@dataclass
class OfficeSection:
    slug: str
    office_code: str
    office_name: str
    office_level: str | None
    region_name: str
    latest_year: int
    latest: list[Figure]
    totals: list[OfficeTotal]  # the office total per metric, every year
    progress: list[MonthlyProgress]  # its latest year, month by month
    bars_svg: str | None = None
    progress_svg: str | None = None
    years_svg: str | None = None
    region_page: str = INDEX
    tables: list[Table] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"kantor-{self.slug}.html"

    @property
    def progress_year(self) -> int | None:
        return self.progress[0].year if self.progress else None


@dataclass
class RegionPage:
    number: int
    name: str
    totals: list[RegionTotal]
    offices: list[OfficeSection]
    tables: list[Table] = field(default_factory=list)

    @property
    def page(self) -> str:
        return f"wilayah-{self.number}.html"


@dataclass
class Article:
    anchor: str
    doc_id: str
    title: str | None
    link: str | None
    publisher: str | None
    published_at: str | None
    figures: list[NewsFigure] = field(default_factory=list)
    table: Table | None = None


@dataclass
class ReportContent:
    latest_year: int | None
    national: list[NationalTotal]
    regions: list[RegionTotal]
    overview_svg: str | None
    region_pages: list[RegionPage]
    offices: list[OfficeSection]
    discrepancies: list[Discrepancy]
    articles: list[Article]
    # News facts the marts leave out until a person reviews them, grouped by article.
    waiting_articles: list[Article] = field(default_factory=list)
    # How many; None before dbt built its review list.
    news_waiting_for_review: int | None = None
    # Offices expected to report monthly that have not sent the last complete month.
    missing_reports: list[MissingReport] = field(default_factory=list)
    # The first screen's tables: national totals, the furthest behind, the regions.
    summary_tables: list[Table] = field(default_factory=list)
    discrepancy_table: Table | None = None
    reporting_table: Table | None = None

    @property
    def figure_count(self) -> int:
        return sum(len(office.latest) for office in self.offices)

    @property
    def tables(self) -> list[Table]:
        """Every table of every page (what the exports folder holds)."""
        found = list(self.summary_tables)
        for region in self.region_pages:
            found += region.tables
        for office in self.offices:
            found += office.tables
        found += [t for t in (self.discrepancy_table, self.reporting_table) if t]
        found += [a.table for a in (*self.articles, *self.waiting_articles) if a.table]
        return found


def build_content(
    figures: list[Figure],
    totals: list[OfficeTotal],
    regions: list[RegionTotal],
    discrepancies: list[Discrepancy],
    news: list[NewsFigure],
    waiting: list[NewsFigure] | None = None,
    news_waiting_for_review: int | None = None,
    missing_reports: list[MissingReport] | None = None,
    national: list[NationalTotal] | None = None,
    progress: list[MonthlyProgress] | None = None,
) -> ReportContent:
    latest_year = max((f.year for f in figures), default=None)
    regions = sorted(regions, key=lambda r: (r.region_name, _metric_rank(r.metric)))
    national = sorted(national or [], key=lambda n: _metric_rank(n.metric))
    offices = office_sections(figures, totals, progress or [])
    region_pages = _region_pages(offices, regions)
    published = articles(news)
    waiting_articles = articles(waiting or [], anchor_prefix="waiting")
    content = ReportContent(
        latest_year=latest_year,
        national=national,
        regions=regions,
        overview_svg=_overview_chart(regions),
        region_pages=region_pages,
        offices=offices,
        discrepancies=discrepancies,
        articles=published,
        waiting_articles=waiting_articles,
        news_waiting_for_review=news_waiting_for_review,
        missing_reports=missing_reports or [],
    )
    _tables(content)
    return content


def office_sections(
    figures: list[Figure], totals: list[OfficeTotal], progress: list[MonthlyProgress]
) -> list[OfficeSection]:
    by_office: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_office[f.office_code].append(f)
    totals_by_office: dict[str, list[OfficeTotal]] = defaultdict(list)
    for total in totals:
        totals_by_office[total.office_code].append(total)
    progress_by_office: dict[str, list[MonthlyProgress]] = defaultdict(list)
    for row in progress:
        progress_by_office[row.office_code].append(row)
    ordered = sorted(
        by_office.items(),
        key=lambda item: (item[1][0].region_name or NO_REGION, item[1][0].office_name or ""),
    )
    sections = []
    slugs: set[str] = set()
    for code, rows in ordered:
        latest_year = max(f.year for f in rows)
        latest = sorted(
            (f for f in rows if f.year == latest_year),
            key=lambda f: (_metric_rank(f.metric), _segment_rank(f.segment)),
        )
        slug = _unique_slug(code, slugs)
        section = OfficeSection(
            slug=slug,
            office_code=code,
            office_name=rows[0].office_name or code,
            office_level=rows[0].office_level,
            region_name=rows[0].region_name or NO_REGION,
            latest_year=latest_year,
            latest=latest,
            totals=totals_by_office[code],
            progress=sorted(
                progress_by_office[code], key=lambda p: (_metric_rank(p.metric), p.month)
            ),
        )
        section.bars_svg = _office_bars(f"kantor-{slug}", latest)
        section.progress_svg = _office_progress(f"kantor-{slug}", section.progress)
        section.years_svg = _office_years(f"kantor-{slug}", section.totals)
        sections.append(section)
    return sections


def articles(news: list[NewsFigure], anchor_prefix: str = "article") -> list[Article]:
    found: dict[str, Article] = {}
    for figure in news:
        article = found.get(figure.doc_id)
        if article is None:
            article = Article(
                anchor=f"{anchor_prefix}-{len(found) + 1}",
                doc_id=figure.doc_id,
                title=figure.title,
                link=safe_link(figure.url),
                publisher=figure.publisher,
                published_at=figure.published_at,
            )
            found[figure.doc_id] = article
        article.figures.append(figure)
    return list(found.values())


def safe_link(url: str | None) -> str | None:
    """The URL if it is a plain web address; anything else (``javascript:``, ``data:``, a
    file path) is shown as text, never made into a link."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def furthest_behind(
    offices: list[OfficeSection], year: int | None, count: int = FURTHEST_BEHIND
) -> list[tuple[OfficeSection, MonthlyProgress]]:
    """Per metric, the ``count`` offices furthest below their pro-rata target at their
    latest report of ``year`` (lowest pro-rata attainment first)."""
    behind: dict[str, list[tuple[OfficeSection, MonthlyProgress]]] = defaultdict(list)
    for office in offices:
        for row in office.progress:
            if row.year == year and row.is_latest_month and row.is_behind_pro_rata:
                behind[row.metric].append((office, row))
    chosen = []
    for metric in sorted(behind, key=_metric_rank):
        ranked = sorted(
            behind[metric],
            key=lambda pair: (pair[1].pro_rata_attainment_pct or Decimal(0), pair[0].office_name),
        )
        chosen += ranked[:count]
    return chosen


# ------------------------------------------------------------------------------ tables
def _tables(content: ReportContent) -> None:
    article_pages = {a.doc_id: f"{NEWS_PAGE}#{a.anchor}" for a in content.articles}

    def source(kind: str | None, ref: str | None, approximate: bool = False) -> Link:
        text = f"{(kind or '').replace('_', ' ')}: {ref or ''}"
        if approximate:
            text += " (perkiraan / approximate)"
        href = article_pages.get(ref or "") if kind == "news" else None
        return Link(text, href)

    content.summary_tables = [
        _national_table(content.national),
        _furthest_table(furthest_behind(content.offices, content.latest_year)),
        _regions_table(content.regions, content.region_pages),
    ]
    for region in content.region_pages:
        region.tables = [_region_offices_table(region)]
    for office in content.offices:
        office.tables = [_latest_table(office, source)]
        if office.progress:
            office.tables.append(_progress_table(office))
    content.discrepancy_table = _discrepancy_table(content.discrepancies, source)
    content.reporting_table = _reporting_table(content.missing_reports, content.offices)
    for kind, group in (("berita", content.articles), ("tinjauan", content.waiting_articles)):
        for number, article in enumerate(group, start=1):
            article.table = _article_table(f"{kind}-{number}", article)


def _national_table(national: list[NationalTotal]) -> Table:
    return Table(
        name="nasional",
        title="Nasional",
        columns=[
            Column(L["metric"], "metric"),
            Column(L["year"]),
            Column("Wilayah (regions)", "count"),
            Column(L["branches"], "count"),
            Column("Di bawah target tahun (behind the year's target)", "count"),
            Column("Dengan laporan bulanan (with monthly reports)", "count"),
            Column(L["behind_pro_rata"], "count"),
            Column(L["target"], "amount", 0),
            Column(L["realization"], "amount", 0),
            Column(L["attainment"], "pct"),
        ],
        rows=[
            (
                n.metric,
                n.year,
                n.regions,
                n.branches,
                n.branches_behind_target,
                n.branches_with_progress,
                n.branches_behind_pro_rata,
                n.target,
                n.realization,
                n.attainment_pct,
            )
            for n in national
        ],
    )


def _furthest_table(rows: list[tuple[OfficeSection, MonthlyProgress]]) -> Table:
    return Table(
        name="terjauh-di-bawah-pro-rata",
        title="Terjauh di bawah pro-rata",
        columns=[
            Column(L["metric"], "metric"),
            Column(L["office"]),
            Column(L["region"]),
            Column(L["as_of"], "date"),
            Column(L["pro_rata_target"], "amount", 0),
            Column(L["realization"], "amount", 0),
            Column(L["gap"], "amount", 0),
            Column(L["pro_rata_attainment"], "pct"),
            Column(L["attainment"] + " tahun", "pct_plain"),
        ],
        rows=[
            (
                p.metric,
                Link(o.office_name, o.page),
                Link(o.region_name, o.region_page),
                p.as_of_date,
                p.pro_rata_target,
                p.realization,
                p.gap_to_pro_rata,
                p.pro_rata_attainment_pct,
                p.attainment_pct,
            )
            for o, p in rows
        ],
    )


def _regions_table(regions: list[RegionTotal], pages: list[RegionPage]) -> Table:
    page_of = {page.name: page.page for page in pages}
    return Table(
        name="wilayah",
        title="Wilayah",
        columns=[
            Column(L["region"]),
            Column(L["metric"], "metric"),
            Column(L["branches"], "count"),
            Column(L["behind_target"], "count"),
            Column(L["target"], "amount", 1),
            Column(L["realization"], "amount", 1),
            Column(L["attainment"], "pct"),
        ],
        rows=[
            (
                Link(r.region_name, page_of.get(r.region_name)),
                r.metric,
                r.branches,
                r.branches_behind_target,
                r.target,
                r.realization,
                r.attainment_pct,
            )
            for r in regions
        ],
    )


def _region_offices_table(region: RegionPage) -> Table:
    rows = []
    for office in region.offices:
        latest_progress = {p.metric: p for p in office.progress if p.is_latest_month}
        for total in sorted(
            (t for t in office.totals if t.year == office.latest_year),
            key=lambda t: _metric_rank(t.metric),
        ):
            now = latest_progress.get(total.metric)
            rows.append(
                (
                    Link(office.office_name, office.page),
                    office.office_code,
                    office.office_level,
                    total.metric,
                    total.year,
                    total.target,
                    total.realization,
                    total.attainment_pct,
                    now.as_of_date if now else None,
                    now.pro_rata_attainment_pct if now else None,
                    now.is_behind_pro_rata if now else None,
                )
            )
    return Table(
        name=f"wilayah-{region.number}-kantor",
        title=f"Kantor {region.name}",
        columns=[
            Column(L["office"]),
            Column("Kode (code)"),
            Column("Jenjang (level)"),
            Column(L["metric"], "metric"),
            Column(L["year"]),
            Column(L["target"], "amount", 3),
            Column(L["realization"], "amount", 3),
            Column(L["attainment"], "pct"),
            Column("Laporan bulanan terakhir (latest monthly report)", "date"),
            Column(L["pro_rata_attainment"], "pct"),
            Column(L["behind_pro_rata"], "behind"),
        ],
        rows=rows,
    )


def _latest_table(office: OfficeSection, source) -> Table:
    return Table(
        name=f"kantor-{office.slug}-terbaru",
        title=f"{office.office_name} {office.latest_year}",
        columns=[
            Column(L["segment"], "segment"),
            Column(L["metric"], "metric"),
            Column(L["as_of"], "date"),
            Column(L["target"], "amount", 1),
            Column(L["realization"], "amount", 1),
            Column(L["attainment"], "pct"),
            Column(L["reported"], "pct_plain"),
            Column(L["source"]),
        ],
        rows=[
            (
                f.segment,
                f.metric,
                f.as_of_date,
                f.target,
                f.realization,
                f.attainment_pct,
                f.reported_pct,
                source(f.source_kind, f.source_ref, f.is_approximate),
            )
            for f in office.latest
        ],
    )


def _progress_table(office: OfficeSection) -> Table:
    return Table(
        name=f"kantor-{office.slug}-bulanan",
        title=f"{office.office_name} bulanan {office.progress_year}",
        columns=[
            Column(L["metric"], "metric"),
            Column(L["month"], "month"),
            Column(L["as_of"], "date"),
            Column(L["target"] + " tahun (year's target)", "amount", 0),
            Column(L["pro_rata_target"], "amount", 0),
            Column(L["realization"], "amount", 0),
            Column(L["gap"], "amount", 0),
            Column(L["pro_rata_attainment"], "pct"),
            Column(L["behind_pro_rata"], "behind"),
        ],
        rows=[
            (
                p.metric,
                p.month,
                p.as_of_date,
                p.target,
                p.pro_rata_target,
                p.realization,
                p.gap_to_pro_rata,
                p.pro_rata_attainment_pct,
                p.is_behind_pro_rata,
            )
            for p in office.progress
        ],
    )


def _discrepancy_table(discrepancies: list[Discrepancy], source) -> Table:
    return Table(
        name="selisih",
        title="Selisih (discrepancies)",
        columns=[
            Column(L["kind"]),
            Column(L["office"]),
            Column(L["segment"], "segment"),
            Column(L["metric"], "metric"),
            Column(L["year"]),
            Column(L["as_of"], "date"),
            Column(L["measure"]),
            Column("Satuan (unit)"),
            Column(L["stated"], "amount", 7),
            Column(L["expected"], "amount", 7),
            Column(L["difference"], "amount", 7),
            Column(L["source"]),
            Column(L["compared_with"]),
        ],
        rows=[
            (
                discrepancy_kind(d.kind),
                d.office_name,
                d.segment,
                d.metric,
                d.year,
                d.as_of_date,
                measure_label(d.measure),
                _unit(d.metric, d.measure),
                d.stated_value,
                d.expected_value,
                d.difference,
                source(d.source_kind, d.source_ref),
                d.other_source_ref,
            )
            for d in discrepancies
        ],
    )


def _reporting_table(missing: list[MissingReport], offices: list[OfficeSection]) -> Table:
    return Table(
        name="belum-melapor",
        title="Belum melapor",
        columns=[
            Column(L["office"]),
            Column(L["region"]),
            Column(L["last_reported"], "month"),
            Column(L["last_complete_month"], "month"),
            Column(L["months_missing"]),
        ],
        rows=[
            (
                m.office_name,
                m.region_name,
                m.last_reported_month,
                m.last_complete_month,
                m.months_missing if m.months_missing is not None else "semua (all)",
            )
            for m in missing
        ],
    )


def _article_table(name: str, article: Article) -> Table:
    return Table(
        name=name,
        title=article.title or article.doc_id,
        columns=[
            Column(L["office"]),
            Column(L["segment"], "segment"),
            Column(L["metric"], "metric"),
            Column(L["measure"]),
            Column(L["value"], "amount", 5),
            Column("Satuan (unit)"),
            Column(L["year"]),
            Column("Perkiraan (approximate)"),
            Column(L["evidence"], "quote"),
            Column("Alasan tinjauan (review reason)"),
        ],
        rows=[
            (
                f.office or "(tanpa kantor)",
                f.segment,
                f.metric,
                measure_label(f.measure),
                f.value,
                f.unit,
                f.year,
                "ya (yes)" if f.approximate else "",
                f.evidence,
                f.review_reason,
            )
            for f in article.figures
        ],
    )


# ------------------------------------------------------------------------------ grouping
def _region_pages(offices: list[OfficeSection], regions: list[RegionTotal]) -> list[RegionPage]:
    by_region: dict[str, list[OfficeSection]] = defaultdict(list)
    for office in offices:
        by_region[office.region_name].append(office)
    totals: dict[str, list[RegionTotal]] = defaultdict(list)
    for total in regions:
        totals[total.region_name].append(total)
    pages = []
    for number, name in enumerate(sorted(by_region), start=1):
        page = RegionPage(number, name, totals[name], by_region[name])
        for office in page.offices:
            office.region_page = page.page
        pages.append(page)
    return pages


def _unique_slug(code: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-") or "kantor"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


# ------------------------------------------------------------------------------ charts
def _overview_chart(regions: list[RegionTotal]) -> str | None:
    names = sorted({r.region_name for r in regions})
    metrics = sorted({r.metric for r in regions}, key=_metric_rank)
    if not names:
        return None
    pct = {(r.region_name, r.metric): r.attainment_pct for r in regions}
    series = [
        charts.Series(_metric_name(metric), [_float(pct.get((name, metric))) for name in names])
        for metric in metrics
    ]
    return charts.grouped_bars("overview", names, series)


def _office_bars(anchor: str, latest: list[Figure]) -> str | None:
    bars = [
        charts.Bar(f"{f.segment} · {_metric_name(f.metric)}", float(f.attainment_pct))
        for f in latest
        if f.attainment_pct is not None
    ]
    return charts.attainment_bars(f"{anchor}-bars", bars) if bars else None


def _office_progress(anchor: str, progress: list[MonthlyProgress]) -> str | None:
    by_metric: dict[str, list[MonthlyProgress]] = defaultdict(list)
    for row in progress:
        if row.attainment_pct is not None:
            by_metric[row.metric].append(row)
    if not by_metric:
        return None
    lines = [
        charts.Line(
            _metric_name(metric),
            [
                charts.Point(
                    float(r.year_elapsed_share),
                    float(r.attainment_pct),
                    r.is_behind_pro_rata,
                    f"{month(r.month)}: {_pct_text(r.attainment_pct)} dari target tahun, "
                    f"pro-rata {_pct_text(r.year_elapsed_share * 100)}",
                )
                for r in rows
            ],
        )
        for metric, rows in sorted(by_metric.items(), key=lambda item: _metric_rank(item[0]))
    ]
    return charts.progress_lines(f"{anchor}-progress", progress[0].year, lines)


def _office_years(anchor: str, totals: list[OfficeTotal]) -> str | None:
    years = sorted({t.year for t in totals})
    metrics = sorted({t.metric for t in totals}, key=_metric_rank)
    pct = {(t.metric, t.year): t.attainment_pct for t in totals}
    series = [
        charts.Series(_metric_name(metric), [_float(pct.get((metric, year))) for year in years])
        for metric in metrics
    ]
    if not any(v is not None for s in series for v in s.values):
        return None
    return charts.grouped_bars(f"{anchor}-years", [str(y) for y in years], series)


def _unit(metric: str, measure: str) -> str:
    """What a discrepancy's values are: a percentage, rupiah or a count."""
    if measure == "attainment_pct":
        return "%"
    return "IDR" if definitions.metric_units().get(metric) == "IDR" else "count"


def _metric_name(metric: str) -> str:
    return definitions.metric_names().get(metric, metric)


def _pct_text(value: Decimal) -> str:
    return f"{float(value):.1f} %".replace(".", ",")


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _metric_rank(metric: str) -> tuple[int, str]:
    return definitions.display_rank(metric, definitions.metrics())


def _segment_rank(segment: str) -> tuple[int, str]:
    return definitions.display_rank(segment, definitions.segments())
