"""The report's sections, arranged from the rows the marts gave (no database, no HTML here).

Every figure is the marts' own: the latest per office, segment and metric, the office totals
and the region roll-ups are defined once, in dbt. This module only groups, orders and draws.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from capaian import definitions
from capaian.attainment_report import charts
from capaian.attainment_report.queries import (
    Discrepancy,
    Figure,
    MissingReport,
    NewsFigure,
    OfficeTotal,
    RegionTotal,
)

NO_REGION = "(no region)"


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
    regions: list[RegionTotal]
    overview_svg: str | None
    offices: list[OfficeSection]
    discrepancies: list[Discrepancy]
    articles: list[Article]
    # News facts the marts leave out until a person reviews them, grouped by article.
    waiting_articles: list[Article] = field(default_factory=list)
    # How many; None before dbt built its review list.
    news_waiting_for_review: int | None = None
    # Offices expected to report monthly that have not sent the last complete month.
    missing_reports: list[MissingReport] = field(default_factory=list)

    @property
    def figure_count(self) -> int:
        return sum(len(office.latest) for office in self.offices)


def build_content(
    figures: list[Figure],
    totals: list[OfficeTotal],
    regions: list[RegionTotal],
    discrepancies: list[Discrepancy],
    news: list[NewsFigure],
    waiting: list[NewsFigure] | None = None,
    news_waiting_for_review: int | None = None,
    missing_reports: list[MissingReport] | None = None,
) -> ReportContent:
    latest_year = max((f.year for f in figures), default=None)
    regions = sorted(regions, key=lambda r: (r.region_name, _metric_rank(r.metric)))
    return ReportContent(
        latest_year=latest_year,
        regions=regions,
        overview_svg=_overview_chart(regions),
        offices=office_sections(figures, totals),
        discrepancies=discrepancies,
        articles=articles(news),
        waiting_articles=articles(waiting or [], anchor_prefix="waiting"),
        news_waiting_for_review=news_waiting_for_review,
        missing_reports=missing_reports or [],
    )


def office_sections(figures: list[Figure], totals: list[OfficeTotal]) -> list[OfficeSection]:
    by_office: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        by_office[f.office_code].append(f)
    totals_by_office: dict[str, list[OfficeTotal]] = defaultdict(list)
    for total in totals:
        totals_by_office[total.office_code].append(total)
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
                years_svg=_office_years(anchor, totals_by_office[code]),
            )
        )
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


# ------------------------------------------------------------------------------ charts
def _overview_chart(regions: list[RegionTotal]) -> str | None:
    names = sorted({r.region_name for r in regions})
    metrics = sorted({r.metric for r in regions}, key=_metric_rank)
    if not names:
        return None
    pct = {(r.region_name, r.metric): r.attainment_pct for r in regions}
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


def _office_years(anchor: str, totals: list[OfficeTotal]) -> str | None:
    years = sorted({t.year for t in totals})
    metrics = sorted({t.metric for t in totals}, key=_metric_rank)
    pct = {(t.metric, t.year): t.attainment_pct for t in totals}
    series = [
        charts.Series(metric, [_float(pct.get((metric, year))) for year in years])
        for metric in metrics
    ]
    if not any(v is not None for s in series for v in s.values):
        return None
    return charts.grouped_bars(f"{anchor}-years", [str(y) for y in years], series)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _metric_rank(metric: str) -> tuple[int, str]:
    return definitions.display_rank(metric, definitions.metrics())


def _segment_rank(segment: str) -> tuple[int, str]:
    return definitions.display_rank(segment, definitions.segments())
