"""Incoming branch reports: read any branch file into canonical rows or rejected rows.

(Not to be confused with the outgoing attainment *report*; this package only reads what the
branch offices send.)

    from capaian.branch_reports import read_branch_report

    reading = read_branch_report(Path("inbox/branch_reports/kc_salemba_2024-06.xlsx"))
    for outcome in reading.rows():
        if outcome.row is not None:
            copy.write_row(outcome.row.as_copy_fields())
        else:
            reject(outcome.line_ref, outcome.raw_record, outcome.reason)

Module map: ``encoding`` (text encoding, binary sniffing), ``csv_source`` / ``xlsx_source``
(records with line numbers), ``layouts`` (the YAML mapping model), ``table_plan`` (finding the
header, matching a layout), ``vocabulary`` and ``dates`` (words and dates), ``validation``
(one record -> row or reason), ``reading`` (putting it together, duplicate keys).
"""

from capaian.branch_reports.canonical import CANONICAL_COLUMNS, CanonicalRow, RowOutcome
from capaian.branch_reports.errors import BranchReportError
from capaian.branch_reports.layouts import Layout, LayoutError
from capaian.branch_reports.reading import (
    BranchReportReading,
    ReadingCounts,
    list_layouts,
    read_branch_report,
)

__all__ = [
    "CANONICAL_COLUMNS",
    "BranchReportError",
    "BranchReportReading",
    "CanonicalRow",
    "Layout",
    "LayoutError",
    "ReadingCounts",
    "RowOutcome",
    "list_layouts",
    "read_branch_report",
]
