"""Shared helpers for the branch-report reader tests (imported by the test modules)."""

from __future__ import annotations

from pathlib import Path

from capaian.branch_reports import BranchReportReading, RowOutcome, read_branch_report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "branch_reports"

CANONICAL_HEADER = (
    "report_date,office_code,office_name,segment,metric,target,realization,reported_pct\n"
)
GOOD_LINE = "2024-06-30,1101,KC Jakarta Salemba,PU,participants,152000,106368,69.98\n"


def read_all(path: Path, layout: str | None = None) -> tuple[BranchReportReading, list[RowOutcome]]:
    reading = read_branch_report(path, layout=layout)
    outcomes = list(reading.rows())
    # Nothing is ever silently lost: every data record is accepted or rejected.
    counts = reading.counts
    assert counts.rows_read == counts.rows_accepted + counts.rows_rejected == len(outcomes)
    return reading, outcomes


def accepted_fields(outcomes: list[RowOutcome]) -> list[tuple]:
    return [o.row.as_copy_fields() for o in outcomes if o.row is not None]


def rejected(outcomes: list[RowOutcome]) -> list[RowOutcome]:
    return [o for o in outcomes if o.row is None]


def write_csv(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text(text, encoding=encoding, newline="")
    return path
