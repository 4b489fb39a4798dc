"""The report's sections, worked out from the queried rows (no database, no HTML here).

Office totals: an office's total for a metric and year is its ``ALL`` figure when it published
one, else the sum of its segment figures that have both a target and a realization; adding
``ALL`` to its segments would count everything twice.

The region overview rolls up branch offices only: a regional office's own figure covers the
same participants as its branches, so it is shown in its own office section, never added in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from capaian.attainment_report import charts
from capaian.attainment_report.queries import Discrepancy, Figure, NewsFigure

ALL_SEGMENTS = "ALL"
SEGMENT_ORDER = ("ALL", "PU", "BPU", "JAKON", "PMI")
METRIC_ORDER = ("participants", "contributions", "employers")
BRANCH_LEVELS = ("branch", "pioneer_branch")
NO_REGION = "(no region)"


@dataclass(frozen=True)
class Totals:
    target: Decimal
    realization: Decimal

    @property
    def attainment_pct(self) -> Decimal | None:
        return self.realization / self.target * 100 if self.target else None


@dataclass(frozen=True)
class RegionRow:
    region_name: str
    metric: str
    offices: int
    offices_behind_target: int
    totals: Totals


@dataclass
class OfficeSection:
    anchor: str
    office_code: str
    office_name: str
    office_level: str | None
    region_name: str
    latest_year: int
    latest: list[Figure]
    bars_svg: str | None
    years_svg: str | None


@dataclass
class Article:
    anchor: str
    doc_id: str
    title: str | None
    link: str | None
    publisher: str | None
    published_at: str | None
    figures: list[NewsFigure] = field(default_factory=list)


@dataclass
class ReportContent:
    latest_year: int | None
    regions: list[RegionRow]
    overview_svg: str | None
    offices: list[OfficeSection]
    discrepancies: list[Discrepancy]
    articles: list[Article]
    # News facts the marts leave out until a person reviews them; None before dbt built its list.
    news_waiting_for_review: int | None = None

    @property
    def figure_count(self) -> int:
        return sum(len(office.latest) for office in self.offices)


def build_content(
    figures: list[Figure],
    discrepancies: list[Discrepancy],
    news: list[NewsFigure],
    news_waiting_for_review: int | None = None,
) -> ReportContent:
    latest_year = max((f.year for f in figures), default=None)
    totals = office_totals(figures)
    regions = region_rows(figures, totals, latest_year) if latest_year else []
    return ReportContent(
        latest_year=latest_year,
        regions=regions,
        overview_svg=_overview_chart(regions),
        offices=office_sections(figures, totals),
        discrepancies=discrepancies,
        articles=articles(news),
        news_waiting_for_review=news_waiting_for_review,
    )


def office_totals(figures: Iterable[Figure]) -> dict[tuple[str, str, int], Totals]:
    """Per (office, metric, year): the ALL figure if there is one, else the segment sum."""
    whole: dict[tuple[str, str, int], Totals] = {}
    summed: dict[tuple[str, str, int], Totals] = {}
    for f in figures:
        if f.target is None or f.realization is None:
            continue
        key = (f.office_code, f.metric, f.year)
        if f.segment == ALL_SEGMENTS:
            whole[key] = Totals(f.target, f.realization)
        else:
            before = summed.get(key, Totals(Decimal(0), Decimal(0)))
            summed[key] = Totals(before.target + f.target, before.realization + f.realization)
    return {**summed, **whole}


def region_rows(
    figures: list[Figure], totals: dict[tuple[str, str, int], Totals], year: int
) -> list[RegionRow]:
    office_region = {
        f.office_code: f.region_name or NO_REGION
        for f in figures
        if f.office_level in BRANCH_LEVELS
    }
    grouped: dict[tuple[str, str], list[Totals]] = defaultdict(list)
    for (office, metric, total_year), total in totals.items():
        if total_year == year and office in office_region:
            grouped[(office_region[office], metric)].append(total)
    rows = []
    for (region, metric), office_totals_ in grouped.items():
        summed = Totals(
            sum((t.target for t in office_totals_), Decimal(0)),
            sum((t.realization for t in office_totals_), Decimal(0)),
        )
        behind = sum(
            1 for t in office_totals_ if t.attainment_pct is not None and t.attainment_pct < 100
        )
        rows.append(RegionRow(region, metric, len(office_totals_), behind, summed))
    return sorted(rows, key=lambda r: (r.region_name, _metric_rank(r.metric)))


def office_sections(
    figures: list[Figure], totals: dict[tuple[str, str, int], Totals]
) -> list[OfficeSection]:
    by_office: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_office[f.office_code].append(f)
    ordered = sorted(
        by_office.items(),
        key=lambda item: (item[1][0].region_name or NO_REGION, item[1][0].office_name or ""),
    )
    sections = []
    for number, (code, rows) in enumerate(ordered, start=1):
        latest_year = max(f.year for f in rows)
        latest = sorted(
            (f for f in rows if f.year == latest_year),
            key=lambda f: (_metric_rank(f.metric), _segment_rank(f.segment)),
        )
        anchor = f"office-{number}"
        sections.append(
            OfficeSection(
                anchor=anchor,
                office_code=code,
                office_name=rows[0].office_name or code,
                office_level=rows[0].office_level,
                region_name=rows[0].region_name or NO_REGION,
                latest_year=latest_year,
                latest=latest,
                bars_svg=_office_bars(anchor, latest),
                years_svg=_office_years(anchor, code, rows, totals),
            )
        )
    return sections


def articles(news: list[NewsFigure]) -> list[Article]:
    found: dict[str, Article] = {}
    for figure in news:
        article = found.get(figure.doc_id)
        if article is None:
            article = Article(
                anchor=f"article-{len(found) + 1}",
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


# ------------------------------------------------------------------------------ charts
def _overview_chart(regions: list[RegionRow]) -> str | None:
    names = sorted({r.region_name for r in regions})
    metrics = sorted({r.metric for r in regions}, key=_metric_rank)
    if not names:
        return None
    pct = {(r.region_name, r.metric): r.totals.attainment_pct for r in regions}
    series = [
        charts.Series(metric, [_float(pct.get((name, metric))) for name in names])
        for metric in metrics
    ]
    return charts.grouped_bars("overview", names, series)


def _office_bars(anchor: str, latest: list[Figure]) -> str | None:
    bars = [
        charts.Bar(f"{f.segment} · {f.metric}", float(f.attainment_pct))
        for f in latest
        if f.attainment_pct is not None
    ]
    return charts.attainment_bars(f"{anchor}-bars", bars) if bars else None


def _office_years(
    anchor: str, code: str, rows: list[Figure], totals: dict[tuple[str, str, int], Totals]
) -> str | None:
    years = sorted({f.year for f in rows})
    metrics = sorted({f.metric for f in rows}, key=_metric_rank)
    series = [
        charts.Series(
            metric,
            [_float(_pct_of(totals.get((code, metric, year)))) for year in years],
        )
        for metric in metrics
    ]
    if not any(v is not None for s in series for v in s.values):
        return None
    return charts.grouped_bars(f"{anchor}-years", [str(y) for y in years], series)


def _pct_of(total: Totals | None) -> Decimal | None:
    return total.attainment_pct if total else None


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _metric_rank(metric: str) -> tuple[int, str]:
    return (METRIC_ORDER.index(metric) if metric in METRIC_ORDER else len(METRIC_ORDER), metric)


def _segment_rank(segment: str) -> tuple[int, str]:
    return (
        SEGMENT_ORDER.index(segment) if segment in SEGMENT_ORDER else len(SEGMENT_ORDER),
        segment,
    )
