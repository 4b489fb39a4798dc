"""Query, draw, render and write the report, replacing the previous one in one step."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from capaian import settings
from capaian.attainment_report import queries
from capaian.attainment_report.content import build_content
from capaian.attainment_report.render import render_report
from capaian.quality.review import news_facts_waiting_for_review
from capaian.warehouse.connection import connect

INDEX = "index.html"


def default_output_dir() -> Path:
    """``.capaian/attainment_report/`` (under CAPAIAN_HOME; generated, never in git)."""
    return settings.capaian_home() / "attainment_report"


def report_path(out_dir: Path | None = None) -> Path:
    return (out_dir or default_output_dir()) / INDEX


def build_attainment_report(url: str, out_dir: Path) -> Path:
    """Build the report from the warehouse at ``url`` into ``out_dir``; returns index.html."""
    # One snapshot: every section comes from the same moment,
    # even if a publish commits while the report is being read.
    with connect(url) as conn:
        conn.execute("set transaction isolation level repeatable read, read only")
        content = build_content(
            figures=queries.latest_figures(conn),
            totals=queries.office_totals(conn),
            regions=queries.region_totals(conn),
            discrepancies=queries.discrepancies(conn),
            news=queries.news_figures(conn),
            waiting=queries.news_waiting_for_review(conn),
            news_waiting_for_review=news_facts_waiting_for_review(conn),
            missing_reports=queries.missing_reports(conn),
        )
    html = render_report(content, built_at=datetime.now(UTC))
    return _write_atomically(Path(out_dir), INDEX, html)


def _write_atomically(folder: Path, name: str, text: str) -> Path:
    """Write beside the target, then rename: a reader sees the old page or the new, whole."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fd, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
