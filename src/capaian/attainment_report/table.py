"""The attainment table printed at the end of a run: the latest figure per office, segment,
metric and year, as BI reads it from the published ``marts.fct_attainment_latest`` (the
precedence is dbt's, never worked out here).

Numbers are written as the report writes them (:mod:`capaian.attainment_report.formatting`):
``41.200`` for a target or realization, ``46,7 %`` for an attainment; exact figures, never
rupiah compacted, since the table is read in a terminal and copied from.
"""

from __future__ import annotations

from capaian.attainment_report import formatting
from capaian.warehouse.connection import connect

HEADERS = ("office", "segment", "metric", "year", "target", "realization", "attainment")
MISSING = "-"
MART = "marts.fct_attainment_latest"

LATEST_FIGURES = f"""
select office_name, segment, metric, year, target, realization, attainment_pct
from {MART}
order by office_code, segment, metric, year
"""


def attainment_rows(url: str | None = None) -> list[tuple]:
    with connect(url) as conn:
        (published,) = conn.execute("select to_regclass(%s) is not null", (MART,)).fetchone()
        return conn.execute(LATEST_FIGURES).fetchall() if published else []


def cells(row: tuple) -> tuple[str, ...]:
    """One row as the table shows it: ``("Batam Nagoya", "ALL", "contributions", "2025",
    "210.000.000.000", "98.700.000.000", "47,0 %")``; ``-`` where a value is missing."""
    office, segment, metric, year, target, realization, attainment_pct = row
    shown = (
        office,
        segment,
        metric,
        year,
        None if target is None else formatting.count(target),
        None if realization is None else formatting.count(realization),
        None if attainment_pct is None else formatting.pct(attainment_pct),
    )
    return tuple(MISSING if value is None else str(value) for value in shown)


def format_table(rows: list[tuple], limit: int = 60) -> str:
    shown = [cells(row) for row in rows[:limit]]
    widths = [
        max(len(h), *(len(r[i]) for r in shown)) if shown else len(h) for i, h in enumerate(HEADERS)
    ]
    numeric = {4, 5, 6}

    def line(values) -> str:
        return "  ".join(
            v.rjust(w) if i in numeric else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        )

    out = [line(HEADERS), line(tuple("-" * w for w in widths))]
    out += [line(r) for r in shown]
    if len(rows) > limit:
        out.append(f"... {len(rows) - limit} more rows: query {MART}")
    if not rows:
        out.append(f"(no rows: {MART} is empty)")
    return "\n".join(out)
