"""What the report shows, read from the published marts: what BI sees, so the report never
shows a figure BI would not, and never works a figure out differently.

* the latest figure per office, segment, metric and year: ``fct_attainment_latest``;
* each office's total per metric and year: ``mart_office_attainment``;
* the national total at the top: ``mart_national_attainment`` (segment ``ALL``, latest year);
* the region overview: ``mart_region_attainment`` (segment ``ALL``, the latest year);
* each office's progress month by month against the pro-rata target, and so which offices
  are behind where they should be by now: ``mart_office_monthly_progress`` (each office's
  latest year);
* discrepancies: ``mart_discrepancies``;
* news evidence: ``mart_news_evidence`` (published facts only);
* which offices have not reported the last complete month: ``mart_reporting_completeness``.

The facts that wait for review, and why, come from dbt's review list
(``capaian.quality.review``): the report lists them apart, as not published. No rule
(precedence, totals, roll-ups, tolerances) is computed here; every one is defined once, in dbt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import psycopg

from capaian.quality.review import REVIEW_LIST

SCHEMA = "marts"

LATEST_FIGURES = """
select office_code, office_name, office_level, region_name, segment, metric, year, as_of_date,
       target, realization, attainment_pct, reported_pct, source_kind, source_ref, is_approximate
from marts.fct_attainment_latest
order by office_code, segment, metric, year
"""

OFFICE_TOTALS = """
select office_code, metric, year, target, realization, attainment_pct, is_behind_target
from marts.mart_office_attainment
order by office_code, metric, year
"""

REGION_TOTALS = """
select region_name, metric, year, branch_count, branches_behind_target, rolled_up_target,
       rolled_up_realization, rolled_up_attainment_pct
from marts.mart_region_attainment
where segment = 'ALL'
  and year = (select max(year) from marts.fct_attainment_latest)
order by region_name, metric
"""

NATIONAL_TOTALS = """
select metric, year, region_count, branch_count, branches_behind_target, branches_with_progress,
       branches_behind_pro_rata, target, realization, attainment_pct
from marts.mart_national_attainment
where segment = 'ALL'
  and year = (select max(year) from marts.fct_attainment_latest)
order by metric
"""

MONTHLY_PROGRESS = """
select office_code, metric, year, month, as_of_date, target, realization, year_elapsed_share,
       pro_rata_target, attainment_pct, pro_rata_attainment_pct, gap_to_pro_rata,
       is_behind_pro_rata, is_latest_month
from marts.mart_office_monthly_progress
where (office_code, year) in (
    select office_code, max(year) from marts.mart_office_monthly_progress group by office_code
)
order by office_code, metric, month
"""

DISCREPANCIES = """
select discrepancy_kind, office_name, segment, metric, year, as_of_date, measure, stated_value,
       expected_value, difference, source_kind, source_ref, other_source_ref
from marts.mart_discrepancies
order by discrepancy_kind, office_name, segment, metric, year, as_of_date
"""

NEWS_EVIDENCE = """
select doc_id, title, url, publisher, published_at, office_name, segment, metric, measure, value,
       unit, year, is_approximate, evidence, null::text as review_reason
from marts.mart_news_evidence
order by published_at nulls last, doc_id, start_offset, fact_index
"""

REPORTING = """
select office_name, region_name, last_reported_month, last_complete_month, months_missing
from marts.mart_reporting_completeness
where is_last_month_missing
order by months_missing desc nulls first, office_name
"""

# Not published: read from dbt's review list, with the article's title from raw.
NEWS_WAITING = f"""
select r.doc_id, a.title, r.url, r.publisher, a.published_at, r.office, r.segment, r.metric,
       r.measure, r.value, f.unit, r.year, f.approximate, r.evidence, r.reason
from {REVIEW_LIST} as r
join raw.news_articles as a on a.content_sha256 = r.content_sha256
join staging.news_facts as f on f.content_sha256 = r.content_sha256 and f.fact_index = r.fact_index
order by a.published_at nulls last, r.doc_id, f.start_offset, r.fact_index
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
class OfficeTotal:
    office_code: str
    metric: str
    year: int
    target: Decimal
    realization: Decimal
    attainment_pct: Decimal | None
    is_behind_target: bool


@dataclass(frozen=True)
class RegionTotal:
    region_name: str
    metric: str
    year: int
    branches: int
    branches_behind_target: int
    target: Decimal | None
    realization: Decimal | None
    attainment_pct: Decimal | None


@dataclass(frozen=True)
class NationalTotal:
    metric: str
    year: int
    regions: int
    branches: int
    branches_behind_target: int
    branches_with_progress: int | None
    branches_behind_pro_rata: int | None
    target: Decimal | None
    realization: Decimal | None
    attainment_pct: Decimal | None


@dataclass(frozen=True)
class MonthlyProgress:
    office_code: str
    metric: str
    year: int
    month: date
    as_of_date: date
    target: Decimal
    realization: Decimal
    year_elapsed_share: Decimal
    pro_rata_target: Decimal
    attainment_pct: Decimal | None
    pro_rata_attainment_pct: Decimal | None
    gap_to_pro_rata: Decimal
    is_behind_pro_rata: bool
    is_latest_month: bool


@dataclass(frozen=True)
class MissingReport:
    office_name: str
    region_name: str | None
    last_reported_month: date | None
    last_complete_month: date
    months_missing: int | None


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
    return [Figure(*row) for row in _rows(conn, "fct_attainment_latest", LATEST_FIGURES)]


def office_totals(conn: psycopg.Connection) -> list[OfficeTotal]:
    return [OfficeTotal(*row) for row in _rows(conn, "mart_office_attainment", OFFICE_TOTALS)]


def region_totals(conn: psycopg.Connection) -> list[RegionTotal]:
    if not _published(conn, "fct_attainment_latest"):
        return []
    return [RegionTotal(*row) for row in _rows(conn, "mart_region_attainment", REGION_TOTALS)]


def national_totals(conn: psycopg.Connection) -> list[NationalTotal]:
    if not _published(conn, "fct_attainment_latest"):
        return []
    return [NationalTotal(*row) for row in _rows(conn, "mart_national_attainment", NATIONAL_TOTALS)]


def monthly_progress(conn: psycopg.Connection) -> list[MonthlyProgress]:
    """Each office's months of its latest year, against the pro-rata target."""
    return [
        MonthlyProgress(*row)
        for row in _rows(conn, "mart_office_monthly_progress", MONTHLY_PROGRESS)
    ]


def discrepancies(conn: psycopg.Connection) -> list[Discrepancy]:
    return [Discrepancy(*row) for row in _rows(conn, "mart_discrepancies", DISCREPANCIES)]


def missing_reports(conn: psycopg.Connection) -> list[MissingReport]:
    """Offices expected to report monthly without a report for the last complete month."""
    return [MissingReport(*row) for row in _rows(conn, "mart_reporting_completeness", REPORTING)]


def news_figures(conn: psycopg.Connection) -> list[NewsFigure]:
    """Published news facts with their evidence."""
    return [NewsFigure(*row) for row in _rows(conn, "mart_news_evidence", NEWS_EVIDENCE)]


def news_waiting_for_review(conn: psycopg.Connection) -> list[NewsFigure]:
    """News facts on dbt's review list, with why each waits; none before dbt built it."""
    (exists,) = conn.execute("select to_regclass(%s) is not null", (REVIEW_LIST,)).fetchone()
    return [NewsFigure(*row) for row in conn.execute(NEWS_WAITING)] if exists else []


def _published(conn: psycopg.Connection, mart: str) -> bool:
    (found,) = conn.execute("select to_regclass(%s) is not null", (f"{SCHEMA}.{mart}",)).fetchone()
    return found


def _rows(conn: psycopg.Connection, mart: str, query: str) -> list[tuple]:
    """The query's rows; none before the first publish created the mart."""
    return conn.execute(query).fetchall() if _published(conn, mart) else []
