"""The report as one HTML page: Jinja2 with autoescaping on for every value.

Text from articles and files (titles, evidence sentences, file names, office names) is
escaped by the template. The only markup not escaped is our own: the SVG charts matplotlib
drew (their text escaped by its XML writer) and the one script below, which the page's
Content-Security-Policy allows by its hash, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from capaian.attainment_report.content import ReportContent
from capaian.indonesian_numbers import format_indonesian

TEMPLATES = Path(__file__).with_name("templates")
TEMPLATE = "report.html.j2"
# Marks the page as fully drawn (and counts the chart bars), for the browser test and for
# anyone checking that the page was not cut short.
READY_SCRIPT = (
    "document.documentElement.setAttribute('data-report-ready', "
    "String(document.querySelectorAll('svg [id*=\"-bar-\"]').length));"
)


def render_report(content: ReportContent, built_at: datetime) -> str:
    environment = _environment()
    article_anchor = {article.doc_id: article.anchor for article in content.articles}

    def source(kind: str | None, ref: str | None) -> Markup:
        """A news source links to its evidence below; a file is named (both escaped)."""
        if kind == "news" and ref in article_anchor:
            return Markup('news: <a href="#{}">{}</a>').format(article_anchor[ref], ref)
        return Markup("{}: {}").format((kind or "").replace("_", " "), ref or "")

    template = environment.get_template(TEMPLATE)
    return template.render(
        content=_with_trusted_charts(content),
        built_at=built_at.strftime("%Y-%m-%d %H:%M %Z").strip(),
        source=source,
        ready_script=Markup(READY_SCRIPT),
        script_hash=script_hash(READY_SCRIPT),
    )


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # always, whatever the template's file name
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["number"] = _number
    environment.filters["pct"] = _pct
    environment.filters["standing"] = _standing
    return environment


def _with_trusted_charts(content: ReportContent) -> ReportContent:
    """Mark our own SVG charts as markup; everything else stays text to be escaped."""
    content.overview_svg = _markup(content.overview_svg)
    for office in content.offices:
        office.bars_svg = _markup(office.bars_svg)
        office.years_svg = _markup(office.years_svg)
    return content


def _markup(svg: str | None) -> Markup | None:
    return None if svg is None else Markup(svg)


def _number(value: Decimal | float | int | None) -> str:
    if value is None:
        return "–"
    value = Decimal(str(value))
    return format_indonesian(value, 0 if value == value.to_integral_value() else 2)


def _pct(value: Decimal | float | None) -> str:
    return "–" if value is None else format_indonesian(Decimal(str(value)), 1) + " %"


def _standing(value: Decimal | float | None) -> str:
    if value is None:
        return ""
    return "on-target" if value >= 100 else "behind"
