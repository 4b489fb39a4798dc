"""The report's pages as HTML: Jinja2 with autoescaping on for every value.

Text from articles and files (titles, evidence sentences, file names, office names) is
escaped by the templates. The only markup not escaped is our own: the SVG charts of
``charts`` (their text escaped there) and the one script below, which every page's
Content-Security-Policy allows by its hash, and nothing else. Links are either our own pages
and exports, or an article's address that ``content.safe_link`` let through.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from capaian.attainment_report import formatting
from capaian.attainment_report.content import (
    DISCREPANCIES_PAGE,
    FURTHEST_BEHIND,
    INDEX,
    NEWS_PAGE,
    REPORTING_PAGE,
    ReportContent,
)
from capaian.attainment_report.exports import FOLDER, Column, Link, Table

TEMPLATES = Path(__file__).with_name("templates")
# Marks the page as fully drawn (and counts the chart bars), for the browser test and for
# anyone checking that the page was not cut short.
READY_SCRIPT = (
    "document.documentElement.setAttribute('data-report-ready', "
    "String(document.querySelectorAll('svg [id*=\"-bar-\"]').length));"
)


@dataclass(frozen=True)
class Cell:
    text: str
    title: str | None = None
    css: str | None = None
    href: str | None = None


def render_site(content: ReportContent, built_at: datetime) -> dict[str, str]:
    """Every page of the report: file name -> HTML."""
    environment = _environment()
    common = {
        "content": content,
        "built_at": formatting.jakarta_time(built_at),
        "ready_script": Markup(READY_SCRIPT),
        "script_hash": script_hash(READY_SCRIPT),
        "pages": {
            "index": INDEX,
            "discrepancies": DISCREPANCIES_PAGE,
            "news": NEWS_PAGE,
            "reporting": REPORTING_PAGE,
        },
        "svg": _markup,
        "L": formatting.LABELS,
        "metric_label": formatting.metric_label,
        "amount": formatting.amount,
        "amount_title": formatting.amount_title,
        "furthest_behind": FURTHEST_BEHIND,
    }

    def page(template: str, **values) -> str:
        return environment.get_template(template).render(**common, **values)

    site = {INDEX: page("index.html.j2")}
    for region in content.region_pages:
        site[region.page] = page("region.html.j2", region=region)
    for office in content.offices:
        site[office.page] = page("office.html.j2", office=office)
    site[DISCREPANCIES_PAGE] = page("discrepancies.html.j2")
    site[NEWS_PAGE] = page("news.html.j2")
    site[REPORTING_PAGE] = page("reporting.html.j2")
    return site


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def cells(table: Table) -> list[list[Cell]]:
    """Each value as the page shows it: compact rupiah with the full value on hover, counts
    and percentages the Indonesian way, links to our own pages."""
    return [[_cell(table.columns[i], v, row) for i, v in enumerate(row)] for row in table.rows]


def _cell(column: Column, value, row) -> Cell:
    href = None
    if isinstance(value, Link):
        value, href = value.text, value.href
    kind = column.kind
    if kind == "amount":
        unit = row[column.metric_column] if column.metric_column is not None else None
        if unit == formatting.RUPIAH or formatting.is_money(unit):
            return Cell(
                formatting.rupiah_compact(value), formatting.rupiah_full(value), "num", href
            )
        return Cell(formatting.count(value), None, "num", href)
    if kind == "count":
        return Cell(formatting.count(value), None, "num", href)
    if kind == "pct":
        css = " ".join(c for c in ("num", formatting.standing(value)) if c)
        return Cell(formatting.pct(value), None, css, href)
    if kind == "pct_plain":
        return Cell("" if value is None else formatting.pct(value), None, "num", href)
    if kind == "date":
        return Cell("" if value is None else formatting.day(value), None, "nowrap", href)
    if kind == "month":
        return Cell("" if value is None else formatting.month(value), None, "nowrap", href)
    if kind == "metric":
        return Cell("" if value is None else formatting.metric_label(value), None, None, href)
    if kind == "segment":
        return Cell(value or "", formatting.segment_label(value) if value else None, None, href)
    if kind == "behind":
        if value is None:
            return Cell("")
        return Cell("di bawah (behind)" if value else "sesuai (on track)",
                    None, "behind" if value else "on-target")  # fmt: skip
    if kind == "quote":
        return Cell("" if value is None else str(value), None, "quote", href)
    return Cell("" if value is None else str(value), None, None, href)


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # always, whatever the template's file name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["cells"] = cells
    environment.globals["export_href"] = lambda table, ext: f"{FOLDER}/{table.name}.{ext}"
    environment.filters["number"] = formatting.count
    environment.filters["pct"] = formatting.pct
    environment.filters["standing"] = formatting.standing
    environment.filters["day"] = formatting.day
    return environment


def _markup(svg: str | None) -> Markup | None:
    """Our own SVG charts as markup; everything else stays text to be escaped."""
    return None if svg is None else Markup(svg)
