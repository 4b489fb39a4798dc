"""Every real-world variant of a branch file yields the same canonical rows as its canonical
twin in tests/fixtures/branch_reports (all fixtures are synthetic, made-up data)."""

from __future__ import annotations

import pytest
from branch_report_helpers import FIXTURES, accepted_fields, read_all, rejected

from capaian.branch_reports import CANONICAL_COLUMNS


def canonical_rows(name: str) -> list[tuple]:
    reading, outcomes = read_all(FIXTURES / name)
    assert reading.layout_name == "canonical"
    assert not rejected(outcomes)
    return accepted_fields(outcomes)


@pytest.mark.parametrize(
    ("variant", "expected_layout"),
    [
        ("semicolon_indonesian.csv", "indonesian_long"),
        ("utf8_bom.csv", "indonesian_long"),
        ("windows1252.csv", "indonesian_long"),
        ("embedded_newlines.csv", "indonesian_long"),
    ],
)
def test_csv_variant_yields_the_canonical_rows(variant: str, expected_layout: str) -> None:
    reading, outcomes = read_all(FIXTURES / variant)

    assert reading.layout_name == expected_layout
    assert [o.reason for o in rejected(outcomes)] == []
    assert accepted_fields(outcomes) == canonical_rows("canonical.csv")


@pytest.mark.parametrize(
    ("variant", "expected_layout"),
    [
        ("wide_two_row_header.xlsx", "wide_segment_groups"),
        ("wide_single_row_header.xlsx", "wide_segment_columns"),
    ],
)
def test_xlsx_variant_yields_the_canonical_rows(variant: str, expected_layout: str) -> None:
    reading, outcomes = read_all(FIXTURES / variant)

    assert reading.layout_name == expected_layout
    assert [o.reason for o in rejected(outcomes)] == []
    assert accepted_fields(outcomes) == canonical_rows("canonical_participants.csv")


def test_canonical_fixture_has_typed_fields() -> None:
    _, outcomes = read_all(FIXTURES / "canonical.csv")
    row = outcomes[0].row

    assert str(row.report_date) == "2024-06-30"
    assert (row.office_code, row.segment, row.metric) == ("1101", "PU", "participants")
    assert str(row.target) == "152000" and str(row.reported_pct) == "69.98"
    assert len(row.as_copy_fields()) == len(CANONICAL_COLUMNS)
    # Unknown values are None, not zero.
    assert outcomes[4].row.realization is None and outcomes[5].row.target is None


def test_windows1252_office_name_is_decoded() -> None:
    reading, outcomes = read_all(FIXTURES / "windows1252.csv")

    assert outcomes[-1].row.office_name == "KC Cirebon – Kedawung"
    assert "encoding cp1252" in reading.notices[0]


def test_line_refs_are_physical_lines_where_the_record_starts() -> None:
    _, outcomes = read_all(FIXTURES / "embedded_newlines.csv")

    # Header spans lines 2-6; the first two records span two lines each.
    assert [o.line_ref for o in outcomes[:3]] == ["line 7", "line 9", "line 11"]
    assert outcomes[0].row.office_name == "KC Jakarta Salemba"


def test_total_rows_are_skipped_and_reported_not_rejected() -> None:
    reading, outcomes = read_all(FIXTURES / "semicolon_indonesian.csv")

    assert len(outcomes) == 8
    assert reading.counts.rows_skipped == 1
    assert any("total row 'TOTAL' at line 11" in notice for notice in reading.notices)


def test_xlsx_total_row_note_row_and_empty_groups_are_reported() -> None:
    reading, outcomes = read_all(FIXTURES / "wide_two_row_header.xlsx")
    notices = "\n".join(reading.notices)

    assert "report date 2024-06-30 taken from the title rows" in notices
    assert "skipped total row 'TOTAL' at sheet Laporan row 10" in notices
    assert "skipped note row" in notices
    assert "1 empty column group(s)" in notices
    assert outcomes[0].line_ref == "sheet Laporan row 7 (PU)"
    assert "KC Jakarta Salemba" in outcomes[0].raw_record


def test_unknown_columns_are_ignored_and_reported() -> None:
    reading, _ = read_all(FIXTURES / "wide_single_row_header.xlsx")

    assert any("'Keterangan' (column 13)" in notice for notice in reading.notices)
