"""Which offices have not reported, and which sources are late: the completeness mart built by
dbt from real loads, the report's section on it, the run summary's lines, and `dbt source
freshness` run by the nightly's task body against the thresholds in the sources' yml.

SYNTHETIC branch reports, dated relative to today; the offices are real gazetteer entries,
some of them marked as reporting monthly (report_cadence)."""

from datetime import date

import psycopg
import pytest

from capaian.attainment_report import build_attainment_report
from capaian.branch_reports import loading as branch_reports
from capaian.gazetteer import gazetteer_path
from capaian.marts.dbt_runner import run_dbt
from capaian.marts.publish import publish_marts
from capaian.orchestration.tasks.nightly import (
    needs_attention,
    offices_not_reported,
    source_freshness,
)

pytestmark = pytest.mark.integration

HEADER = "report_date,office_code,office_name,segment,metric,target,realization\n"


def month_end(months_back: int) -> date:
    """The last day of the month `months_back` months before this one."""
    today = date.today()
    first = date(today.year, today.month, 1)
    index = first.year * 12 + first.month - 1 - (months_back - 1)
    next_first = date(index // 12, index % 12 + 1, 1)
    return date.fromordinal(next_first.toordinal() - 1)


def monthly_offices() -> set[str]:
    import csv

    with gazetteer_path().open(encoding="utf-8", newline="") as handle:
        return {row["office_code"] for row in csv.DictReader(handle)
                if row["report_cadence"] == "monthly"}  # fmt: skip


def test_offices_that_missed_the_last_complete_month_are_listed(migrated_db, tmp_path):
    assert {"KC-PADANG", "KC-MEDAN-KOTA"} <= monthly_offices()
    report = tmp_path / "reports.csv"
    report.write_text(
        HEADER
        + f"{month_end(1)},KC-PADANG,Padang,PU,participants,1000,500\n"
        + f"{month_end(4)},KC-MEDAN-KOTA,Medan Kota,PU,participants,1000,300\n",
        encoding="utf-8",
    )
    branch_reports.load_files([report], run_id="t1", url=migrated_db)
    result = run_dbt(["build", "--exclude", "resource_type:unit_test"], url=migrated_db,
                     capture=True)  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]
    publish_marts(migrated_db)

    with psycopg.connect(migrated_db) as conn:
        rows = {
            code: (missing, months)
            for code, missing, months in conn.execute(
                "select office_code, is_last_month_missing, months_missing"
                " from marts.mart_reporting_completeness"
            )
        }
        summary_lines = offices_not_reported(conn)
    assert set(rows) == monthly_offices()
    assert rows["KC-PADANG"] == (False, 0)
    assert rows["KC-MEDAN-KOTA"] == (True, 3)
    never = [code for code in monthly_offices() - {"KC-PADANG", "KC-MEDAN-KOTA"}]
    assert all(rows[code] == (True, None) for code in never)
    assert f"Medan Kota (last reported {month_end(4):%Y-%m})" in summary_lines
    assert not any(line.startswith("Padang") for line in summary_lines)
    attention = needs_attention(
        {"failed": [], "rows_rejected": 0}, {"rejected": 0}, {},
        {"offices_not_reported": summary_lines},
    )  # fmt: skip
    assert any("without a report for the last complete month" in line for line in attention)

    index = build_attainment_report(migrated_db, tmp_path / "report")
    section = (index.parent / "pelaporan.html").read_text().split('id="reporting"', 1)[1]
    assert "Medan Kota" in section and "Padang<" not in section


def test_late_sources_are_reported_not_failed(migrated_db, tmp_path):
    report = tmp_path / "old.csv"
    report.write_text(HEADER + f"{month_end(3)},KC-PADANG,Padang,PU,participants,1000,500\n")
    branch_reports.load_files([report], run_id="t1", url=migrated_db)
    with psycopg.connect(migrated_db) as conn:
        # As if it had been loaded 40 days ago: later than the 35 days branch reports allow.
        conn.execute("update staging.branch_report_rows set loaded_at = now() - interval '40 days'")
    freshness = source_freshness("t1", url=migrated_db)
    assert freshness["checked"] == 2
    (late,) = [line for line in freshness["stale"] if "branch_report_rows" in line]
    assert "warn" in late and "40 days old" in late
