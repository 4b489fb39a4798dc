"""The attainment table printed at the end of a run: the latest figure per office, segment,
metric and year, as BI reads it from the published ``marts.fct_attainment_latest`` (the
precedence is dbt's, never worked out here)."""

from __future__ import annotations

from decimal import Decimal

from capaian.indonesian_numbers import format_indonesian
from capaian.warehouse.connection import connect

HEADERS = ("office", "segment", "metric", "year", "target", "realization", "attainment %")
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


def format_table(rows: list[tuple], limit: int = 60) -> str:
    def cell(value) -> str:
        if value is None:
            return "-"
        if isinstance(value, Decimal):
            return format_indonesian(value, 2 if value != value.to_integral() else 0)
        return str(value)

    shown = [tuple(cell(v) for v in row) for row in rows[:limit]]
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
