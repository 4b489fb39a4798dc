"""How big the attainment report's first page is, and how long the whole report takes to
build, at the scale benchmark's size (1,440 offices x 10 years x 12 month-ends).

Makes a throwaway database on the warehouse server in use (CAPAIAN_WAREHOUSE_URL, else the
embedded one), fills it as bench_dbt_build.py part 1 does (generated branch-report rows
COPYed into staging, the synthetic offices added to the seeded gazetteer), builds the marts
with dbt and publishes them (not measured), then builds the report ``--repeat`` times.

Measured, each time:

* the whole build (``build_attainment_report``: read the marts, arrange, draw, render, write
  every page and every table's CSV and XLSX, swap the site in), goal < 60 s;
* its parts, and as the baseline of the same run, reading the marts alone: the queries the
  report runs, in one snapshot (the floor no report of these marts can go below);
* the first page's size (index.html), goal < 1 MB; the whole site's size, pages and exports.

Also, as the reason the charts are written as SVG by hand (docs/design.md): one office's
three charts drawn by matplotlib against the same three written by ``charts``.

    .venv/bin/python benchmarks/bench_attainment_report.py [--rows 1900000] [--quick] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench_dbt_build import (
    NIGHTLY_EXCLUDES,
    add_synthetic_offices,
    capaian,
    dbt,
    load_rows,
    ranged,
)

from capaian.attainment_report import build_attainment_report, charts, exports
from capaian.attainment_report.build import read_marts, write_site
from capaian.attainment_report.content import build_content
from capaian.attainment_report.render import render_site
from capaian.marts.publish import publish_marts
from capaian.warehouse.connection import warehouse_url
from capaian.warehouse.scratch import create_database, drop_database

FIRST_PAGE_GOAL = 1_000_000  # bytes
BUILD_GOAL = 60.0  # seconds


def parts(url: str, out: Path) -> dict[str, float]:
    """The build again, step by step (the same steps build_attainment_report runs)."""

    seconds = {}
    started = time.perf_counter()
    rows = read_marts(url)
    seconds["read the marts"] = time.perf_counter() - started
    started = time.perf_counter()
    content = build_content(**rows)
    seconds["arrange and draw the charts"] = time.perf_counter() - started
    started = time.perf_counter()
    pages = render_site(content, built_at=datetime.now(UTC))
    seconds["render the pages"] = time.perf_counter() - started
    started = time.perf_counter()
    write_site(out, pages, [])
    seconds["write the pages"] = time.perf_counter() - started
    started = time.perf_counter()
    folder = out / exports.FOLDER
    for table in content.tables:
        exports.write(table, folder)
    seconds["write the exports (CSV + XLSX)"] = time.perf_counter() - started
    return seconds


def chart_costs(repeat: int = 20) -> tuple[float, float]:
    """Seconds per office for its three charts: matplotlib, and as written by ``charts``."""
    import matplotlib

    matplotlib.use("svg")
    import io

    from matplotlib.figure import Figure

    bars = [charts.Bar(f"{s} · metric", 60 + 10 * i) for i, s in enumerate("ABCDEFGHIJK")]
    years = [str(y) for y in range(2016, 2026)]
    series = [charts.Series(m, [70.0 + i for i in range(10)]) for m in ("p", "c", "e")]
    line = charts.Line("p", [charts.Point(m / 12, 8.0 * m, m % 2 == 0, "x") for m in range(1, 13)])

    def by_hand() -> None:
        charts.attainment_bars("a-bars", bars)
        charts.grouped_bars("a-years", years, series)
        charts.progress_lines("a-progress", 2025, [line, line, line])

    def by_matplotlib() -> None:
        for kind in ("barh", "bar", "line"):
            figure = Figure(figsize=(7.5, 3.4))
            axes = figure.add_subplot()
            if kind == "barh":
                axes.barh(range(len(bars)), [b.pct for b in bars])
            elif kind == "bar":
                for i, one in enumerate(series):
                    axes.bar([g + i * 0.25 for g in range(10)], one.values, width=0.25)
            else:
                for _ in range(3):
                    axes.plot([p.year_share for p in line.points], [p.pct for p in line.points])
            figure.savefig(io.StringIO(), format="svg")

    timings = []
    for draw in (by_matplotlib, by_hand):
        draw()  # warm-up
        started = time.perf_counter()
        for _ in range(repeat):
            draw()
        timings.append((time.perf_counter() - started) / repeat)
    return timings[0], timings[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_900_000)
    parser.add_argument("--quick", action="store_true", help="100,000 rows (about 76 offices)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = 100_000 if args.quick else args.rows
    server = warehouse_url()
    table: list[tuple[str, str, str]] = []
    notes: list[str] = []

    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        workdir = Path(tmp)
        inbox = workdir / "inbox"
        for folder in ("branch_reports", "news"):
            (inbox / folder).mkdir(parents=True)
        url = create_database(server, prefix="capaian_bench")
        try:
            print(f"preparing {rows:,} rows, building and publishing the marts ...", flush=True)
            capaian(url, "setup", inbox=inbox)
            loaded, offices = load_rows(url, rows, workdir)
            target = workdir / "target"
            dbt(url, target, "parse")
            dbt(url, target, "seed")
            added = add_synthetic_offices(url, offices)
            seconds, _ = dbt(
                url, target, "build", "--exclude", "resource_type:seed", NIGHTLY_EXCLUDES
            )
            publish_marts(url)
            notes.append(
                f"{loaded:,} branch-report rows, {offices:,} offices ({added:,} synthetic);"
                f" dbt build {seconds:.0f} s (not measured here)"
            )

            out = workdir / "report"
            builds, reads, steps = [], [], []
            for run in range(args.repeat):
                started = time.perf_counter()
                read_marts(url)
                reads.append(time.perf_counter() - started)
                started = time.perf_counter()
                index = build_attainment_report(url, out)
                builds.append(time.perf_counter() - started)
                print(
                    f"  build {run + 1}: {builds[-1]:.1f} s (reading the marts alone:"
                    f" {reads[-1]:.1f} s)",
                    flush=True,
                )
            steps = parts(url, workdir / "parts")
            first_page = index.stat().st_size
            pages = sorted(out.glob("*.html"))
            export_files = sorted((out / exports.FOLDER).iterdir())
            largest = max(pages, key=lambda p: p.stat().st_size)
            site_bytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
            ratios = [b / r for b, r in zip(builds, reads, strict=True)]
            matplotlib_office, hand_office = chart_costs()

            table += [
                (
                    "first page (index.html)",
                    f"{first_page / 1e6:.2f} MB",
                    f"goal < 1 MB: {'met' if first_page < FIRST_PAGE_GOAL else 'NOT met'}",
                ),
                (
                    f"whole build, {offices:,} offices",
                    ranged(builds),
                    f"goal < {BUILD_GOAL:.0f} s: "
                    + ("met" if max(builds) < BUILD_GOAL else "NOT met"),
                ),
                ("reading the marts alone (baseline)", ranged(reads), ""),
                ("whole build / reading the marts", ranged(ratios, "x"), ""),
                *((f"  {name}", f"{value:.2f} s", "(one run)") for name, value in steps.items()),
                (
                    "one office's 3 charts, matplotlib",
                    f"{matplotlib_office * 1000:.1f} ms",
                    f"x {offices:,} offices = {matplotlib_office * offices:.0f} s",
                ),
                (
                    "one office's 3 charts, written as SVG",
                    f"{hand_office * 1000:.2f} ms",
                    f"matplotlib / SVG: {matplotlib_office / hand_office:.0f}x",
                ),
            ]
            notes.append(
                f"{len(pages):,} pages, {len(export_files):,} export files,"
                f" {site_bytes / 1e6:.0f} MB in all; largest page {largest.name}"
                f" {largest.stat().st_size / 1e6:.2f} MB"
            )
        finally:
            drop_database(url)

    print()
    width = max(len(name) for name, _, _ in table)
    for name, value, verdict in table:
        print(f"{name:<{width}}  {value:>14}  {verdict}")
    for note in notes:
        print(f"- {note}")


if __name__ == "__main__":
    sys.exit(main())
