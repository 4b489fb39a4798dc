"""What the report shows, read from the warehouse.

The figures come from the published ``marts`` (what BI sees, so the report never shows
anything BI would not). The news evidence comes from ``staging.news_facts`` and
``raw.news_articles``: the report is built inside the nightly run, with the warehouse owner's
access, after the marts were published from that same staging. Which news facts wait for
review, and why, comes from dbt's review list (``capaian.review``), so that the report says
what the marts left out exactly as dbt decided it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import psycopg
import yaml

from capaian import settings
from capaian.review import REVIEW_LIST

# The latest figure per office, segment, metric and year: branch reports before news (they
# are the office's own books), then the latest as-of date.
LATEST_FIGURES = """
select distinct on (office_code, segment, metric, year)
    office_code, office_name, office_level, region_name, segment, metric, year, as_of_date,
    target, realization, attainment_pct, reported_pct, source_kind, source_ref, is_approximate
from marts.fct_attainment
order by office_code, segment, metric, year,
         (source_kind = 'branch_report') desc, as_of_date desc, source_ref
"""

DISCREPANCY_COLUMNS = (
    "discrepancy_kind",
    "office_name",
    "segment",
    "metric",
    "year",
    "as_of_date",
    "measure",
    "stated_value",
    "expected_value",
    "difference",
    "source_kind",
    "source_ref",
    "other_source_ref",
)

# Used when marts.mart_discrepancies is not (yet) published: the same three kinds, computed
# from fct_attainment with the tolerances of dbt_project.yml.
COMPUTED_DISCREPANCIES = """
with facts as (select * from marts.fct_attainment),
branch_latest as (
    select distinct on (office_code, segment, metric, year) *
    from facts where source_kind = 'branch_report'
    order by office_code, segment, metric, year, as_of_date desc
)
select 'reported_pct_mismatch', office_name, segment, metric, year, as_of_date,
       'attainment_pct', reported_pct, attainment_pct, reported_pct - attainment_pct,
       source_kind, source_ref, null::text
from facts
where reported_pct is not null and attainment_pct is not null
  and abs(reported_pct - attainment_pct)
      > case when is_approximate then %(approx_points)s else %(points)s end
union all
select 'news_vs_branch_target', n.office_name, n.segment, n.metric, n.year, n.as_of_date,
       'target', n.target, b.target, n.target - b.target, n.source_kind, n.source_ref,
       b.source_ref
from facts as n
join branch_latest as b using (office_code, segment, metric, year)
where n.source_kind = 'news' and n.target is not null and b.target > 0
  and abs(n.target - b.target) / b.target > %(share)s
union all
select 'news_vs_branch_realization', n.office_name, n.segment, n.metric, n.year, n.as_of_date,
       'realization', n.realization, b.realization, n.realization - b.realization,
       n.source_kind, n.source_ref, b.source_ref
from facts as n
join facts as b
  on b.office_code = n.office_code and b.segment = n.segment and b.metric = n.metric
 and b.source_kind = 'branch_report'
 and date_trunc('month', b.as_of_date) = date_trunc('month', n.as_of_date)
where n.source_kind = 'news' and n.realization is not null and b.realization > 0
  and abs(n.realization - b.realization) / b.realization > %(share)s
"""

NEWS_EVIDENCE = """
select a.doc_id, a.title, a.url, a.publisher, a.published_at,
       f.office, f.segment, f.metric, f.measure, f.value, f.unit, f.year, f.approximate,
       f.evidence, {review_reason}
from staging.news_facts as f
join raw.news_articles as a on a.content_sha256 = f.content_sha256
{review_join}
order by a.published_at nulls last, a.doc_id, f.start_offset, f.fact_index
"""
REVIEW_JOIN = f"""
left join {REVIEW_LIST} as r
  on r.content_sha256 = f.content_sha256 and r.fact_index = f.fact_index
"""


@dataclass(frozen=True)
class Figure:
    office_code: str
    office_name: str
    office_level: str | None
    region_name: str | None
    segment: str
    metric: str
    year: int
    as_of_date: date
    target: Decimal | None
    realization: Decimal | None
    attainment_pct: Decimal | None
    reported_pct: Decimal | None
    source_kind: str
    source_ref: str
    is_approximate: bool


@dataclass(frozen=True)
class Discrepancy:
    kind: str
    office_name: str | None
    segment: str
    metric: str
    year: int
    as_of_date: date | None
    measure: str
    stated_value: Decimal | None
    expected_value: Decimal | None
    difference: Decimal | None
    source_kind: str | None
    source_ref: str | None
    other_source_ref: str | None


@dataclass(frozen=True)
class NewsFigure:
    doc_id: str
    title: str | None
    url: str | None
    publisher: str | None
    published_at: str | None
    office: str | None
    segment: str
    metric: str
    measure: str
    value: Decimal
    unit: str
    year: int
    approximate: bool
    evidence: str
    review_reason: str | None  # why it waits for review (not published); None: published


def latest_figures(conn: psycopg.Connection) -> list[Figure]:
    if not _relation_exists(conn, "marts", "fct_attainment"):
        return []
    return [Figure(*row) for row in conn.execute(LATEST_FIGURES)]


def discrepancies(conn: psycopg.Connection) -> list[Discrepancy]:
    if _has_columns(conn, "marts", "mart_discrepancies", DISCREPANCY_COLUMNS):
        columns = ", ".join(DISCREPANCY_COLUMNS)
        rows = conn.execute(
            f"select {columns} from marts.mart_discrepancies"
            " order by discrepancy_kind, office_name, segment, metric, year, as_of_date"
        )
    elif _relation_exists(conn, "marts", "fct_attainment"):
        rows = conn.execute(COMPUTED_DISCREPANCIES + " order by 1, 2, 3, 4, 5, 6", _tolerances())
    else:
        return []
    return [Discrepancy(*row) for row in rows]


def news_figures(conn: psycopg.Connection) -> list[NewsFigure]:
    if not (
        _relation_exists(conn, "staging", "news_facts")
        and _relation_exists(conn, "raw", "news_articles")
    ):
        return []
    if _relation_exists(conn, *REVIEW_LIST.split(".")):
        query = NEWS_EVIDENCE.format(review_reason="r.reason", review_join=REVIEW_JOIN)
    else:
        query = NEWS_EVIDENCE.format(review_reason="null::text", review_join="")
    return [NewsFigure(*row) for row in conn.execute(query)]


def _tolerances() -> dict[str, float]:
    """The discrepancy tolerances dbt uses (vars in dbt_project.yml), so both agree."""
    variables = yaml.safe_load((settings.dbt_project_dir() / "dbt_project.yml").read_text())
    variables = variables.get("vars", {})
    return {
        "points": float(variables.get("pct_tolerance_points", 1)),
        "approx_points": float(variables.get("pct_tolerance_points_approximate", 3)),
        "share": float(variables.get("figure_tolerance_share", 0.01)),
    }


def _relation_exists(conn: psycopg.Connection, schema: str, name: str) -> bool:
    (found,) = conn.execute("select to_regclass(%s) is not null", (f"{schema}.{name}",)).fetchone()
    return found


def _has_columns(conn: psycopg.Connection, schema: str, name: str, columns) -> bool:
    present = {
        column
        for (column,) in conn.execute(
            "select column_name from information_schema.columns"
            " where table_schema = %s and table_name = %s",
            (schema, name),
        )
    }
    return bool(present) and set(columns) <= present
