"""Query, arrange, draw, render and write the report, replacing the previous one in one step.

The report is a folder: the pages (index.html first), and ``exports/`` with every table as
CSV and XLSX. It is built whole in a temporary folder beside the target and then swapped in
(one ``renameat2(RENAME_EXCHANGE)`` where Linux offers it, else two renames), so a reader
never sees a half-built site, nor the pages of one night with the exports of another.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from capaian import settings
from capaian.attainment_report import exports, queries
from capaian.attainment_report.content import INDEX, build_content
from capaian.attainment_report.render import render_site
from capaian.quality.review import news_facts_waiting_for_review
from capaian.warehouse.connection import connect


def default_output_dir() -> Path:
    """``.capaian/attainment_report/`` (under CAPAIAN_HOME; generated, never in git)."""
    return settings.capaian_home() / "attainment_report"


def report_path(out_dir: Path | None = None) -> Path:
    return (out_dir or default_output_dir()) / INDEX


def build_attainment_report(url: str, out_dir: Path) -> Path:
    """Build the report from the warehouse at ``url`` into ``out_dir``; returns index.html."""
    content = build_content(**read_marts(url))
    pages = render_site(content, built_at=datetime.now(UTC))
    return write_site(Path(out_dir), pages, content.tables) / INDEX


def read_marts(url: str) -> dict:
    """Every row the report shows, as build_content's arguments."""
    # One snapshot: every section comes from the same moment,
    # even if a publish commits while the report is being read.
    with connect(url) as conn:
        conn.execute("set transaction isolation level repeatable read, read only")
        return {
            "figures": queries.latest_figures(conn),
            "totals": queries.office_totals(conn),
            "regions": queries.region_totals(conn),
            "discrepancies": queries.discrepancies(conn),
            "news": queries.news_figures(conn),
            "waiting": queries.news_waiting_for_review(conn),
            "news_waiting_for_review": news_facts_waiting_for_review(conn),
            "missing_reports": queries.missing_reports(conn),
            "national": queries.national_totals(conn),
            "progress": queries.monthly_progress(conn),
        }


def write_site(folder: Path, pages: dict[str, str], tables: list[exports.Table]) -> Path:
    """Write the pages and the exports into a new folder beside ``folder``, then swap it in."""
    folder = folder.absolute()
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        os.chmod(building, 0o755)
        for name, html in pages.items():
            (building / name).write_text(html, encoding="utf-8")
        export_dir = building / exports.FOLDER
        export_dir.mkdir()
        for table in tables:
            exports.write(table, export_dir)
        _swap_in(building, folder)
    finally:
        shutil.rmtree(building, ignore_errors=True)  # after the swap: the previous site
    return folder


def _swap_in(new: Path, target: Path) -> None:
    """Make ``new`` the content of ``target``; ``new`` then holds the previous site."""
    if not target.exists():
        os.rename(new, target)
        new.mkdir()  # for the caller's clean-up
        return
    if _exchange(new, target):
        return
    # No atomic exchange (not Linux, or a file system without it): two renames, the gap
    # between them is where a reader would find no report at all, never a half-built one.
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    aside.rmdir()
    os.rename(target, aside)
    os.rename(new, target)
    os.rename(aside, new)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not available."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0
