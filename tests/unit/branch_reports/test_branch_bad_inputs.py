"""Bad input gives a clear message naming file, line and field, and loses nothing.

All data is synthetic. Files are written at test time (random bytes, a 10 MB line, ...).
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest
from branch_report_helpers import (
    CANONICAL_HEADER,
    FIXTURES,
    GOOD_LINE,
    accepted_fields,
    read_all,
    rejected,
    write_csv,
)

from capaian.branch_reports import BranchReportError, read_branch_report


def only_rejection(tmp_path: Path, data_line: str) -> str:
    """Read a canonical file with one data line that must be rejected; its message."""
    path = write_csv(tmp_path, "branch.csv", CANONICAL_HEADER + data_line)
    _, outcomes = read_all(path)
    assert len(outcomes) == 1 and outcomes[0].row is None
    return outcomes[0].message


# -- file-level problems -------------------------------------------------------------------


def test_empty_file_is_a_file_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "kosong.csv", "")

    with pytest.raises(BranchReportError, match=r"kosong\.csv: the file is empty"):
        read_branch_report(path)


def test_file_of_blank_lines_is_empty_too(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "blank.csv", "\n\r\n  \n")

    with pytest.raises(BranchReportError, match=r"blank\.csv: the file is empty"):
        read_branch_report(path)


def test_header_only_is_zero_rows_not_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "header.csv", CANONICAL_HEADER)

    reading, outcomes = read_all(path)

    assert reading.layout_name == "canonical"
    assert outcomes == []


def test_missing_required_column_names_file_column_and_header(tmp_path: Path) -> None:
    header = CANONICAL_HEADER.replace("office_code,", "")
    line = GOOD_LINE.replace("1101,", "")
    path = write_csv(tmp_path, "tanpa_kode.csv", header + line)

    with pytest.raises(BranchReportError) as caught:
        read_branch_report(path)

    message = str(caught.value)
    assert message.startswith("tanpa_kode.csv: required column(s) missing: office_code")
    assert "header at line 1" in message and "What to do" in message


def test_no_layout_matches_lists_what_was_seen(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "surat.csv", "Dengan hormat\nBersama ini kami kirimkan\n")

    with pytest.raises(BranchReportError) as caught:
        read_branch_report(path)

    message = str(caught.value)
    assert "surat.csv: no layout matches" in message
    assert "'Dengan hormat'" in message and "canonical" in message and "LAYOUTS.md" in message


def test_binary_garbage_renamed_csv(tmp_path: Path) -> None:
    path = tmp_path / "laporan.csv"
    path.write_bytes(random.Random(20240630).randbytes(4096))

    with pytest.raises(BranchReportError, match=r"laporan\.csv: this does not look like a text"):
        read_branch_report(path)


def test_xlsx_renamed_csv_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "laporan.csv"
    path.write_bytes((FIXTURES / "wide_two_row_header.xlsx").read_bytes())

    with pytest.raises(BranchReportError, match=r"rename it to \.xlsx"):
        read_branch_report(path)


def test_corrupt_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "laporan.xlsx"
    path.write_bytes(random.Random(7).randbytes(3000))

    with pytest.raises(BranchReportError, match=r"laporan\.xlsx: this is not a readable \.xlsx"):
        read_branch_report(path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    whole = (FIXTURES / "wide_two_row_header.xlsx").read_bytes()
    path = tmp_path / "terpotong.xlsx"
    path.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(BranchReportError, match=r"terpotong\.xlsx: .*not a readable"):
        read_branch_report(path)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "synthetic")

    with pytest.raises(BranchReportError, match=r"arsip\.xlsx: this is not a readable"):
        read_branch_report(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BranchReportError, match="does not exist"):
        read_branch_report(tmp_path / "tidak_ada.csv")


# -- row-level problems: rejected with file, line and field ---------------------------------


def test_words_in_a_number_column(tmp_path: Path) -> None:
    message = only_rejection(tmp_path, GOOD_LINE.replace("106368", "dua ribu"))

    assert message == "branch.csv, line 2: realization: 'dua ribu' is not a number"


def test_negative_realization(tmp_path: Path) -> None:
    message = only_rejection(tmp_path, GOOD_LINE.replace("106368", "-5"))

    assert message == "branch.csv, line 2: realization: '-5' is negative"


def test_percentage_of_5000(tmp_path: Path) -> None:
    message = only_rejection(tmp_path, GOOD_LINE.replace("69.98", "5000"))

    assert message == (
        "branch.csv, line 2: reported_pct: '5000' is outside the plausible range 0-1000 %"
    )


def test_date_that_does_not_exist(tmp_path: Path) -> None:
    message = only_rejection(tmp_path, GOOD_LINE.replace("2024-06-30", "2019-02-30"))

    assert message.startswith("branch.csv, line 2: report_date: '2019-02-30' is not a real date")


def test_date_in_the_future(tmp_path: Path) -> None:
    message = only_rejection(tmp_path, GOOD_LINE.replace("2024-06-30", "2999-06-30"))

    assert message == "branch.csv, line 2: report_date: 2999-06-30 is in the future"


def test_unknown_segment(tmp_path: Path) -> None:
    message = only_rejection(tmp_path, GOOD_LINE.replace(",PU,", ",Nelayan,"))

    assert message.startswith("branch.csv, line 2: segment: 'Nelayan' is not a known segment")


def test_both_target_and_realization_empty(tmp_path: Path) -> None:
    message = only_rejection(tmp_path, GOOD_LINE.replace("152000,106368,69.98", ",,"))

    assert "target, realization: both empty" in message


def test_every_problem_of_a_row_is_listed(tmp_path: Path) -> None:
    line = "2019-02-30,,KC A,Nelayan,participants,banyak,-1,\n"
    message = only_rejection(tmp_path, line)

    for field in ("report_date:", "office_code: missing", "segment:", "target:", "realization:"):
        assert field in message


def test_extra_columns_are_ignored_and_reported(tmp_path: Path) -> None:
    text = CANONICAL_HEADER.rstrip("\n") + ",keterangan\n" + GOOD_LINE.rstrip("\n") + ",ok\n"
    path = write_csv(tmp_path, "extra.csv", text)

    reading, outcomes = read_all(path)

    assert [o.row is not None for o in outcomes] == [True]
    assert any("'keterangan' (column 9)" in notice for notice in reading.notices)


def test_more_cells_than_header_is_rejected(tmp_path: Path) -> None:
    # An unquoted "1,5" in a comma file shifts every cell after it.
    message = only_rejection(tmp_path, GOOD_LINE.replace("69.98", "69,98"))

    assert "record: 9 cells but the header has 8" in message


def test_single_10_mb_line_is_rejected_without_losing_its_neighbours(tmp_path: Path) -> None:
    huge = "2024-06-30,1102," + "x" * 10_000_000 + ",PU,participants,1,1,\n"
    neighbour = GOOD_LINE.replace("1101", "1103")
    path = write_csv(tmp_path, "panjang.csv", CANONICAL_HEADER + GOOD_LINE + huge + neighbour)

    _, outcomes = read_all(path)

    assert [o.row is not None for o in outcomes] == [True, False, True]
    assert outcomes[1].message.startswith("panjang.csv, line 3: record: line 3 is 10,000,")
    assert outcomes[1].raw_record.startswith("2024-06-30,1102,xxx")
    assert len(outcomes[1].raw_record) < 1000  # the audit trail gets a stand-in, not 10 MB
    assert outcomes[2].line_ref == "line 4"


def test_10_mb_line_inside_quotes_does_not_swallow_the_file(tmp_path: Path) -> None:
    huge = '2024-06-30,1102,"' + "x" * 10_000_000 + '",PU,participants,1,1,\n'
    path = write_csv(tmp_path, "panjang.csv", CANONICAL_HEADER + huge + GOOD_LINE)

    _, outcomes = read_all(path)

    assert [o.line_ref for o in outcomes] == ["line 2", "line 3"]
    assert outcomes[0].row is None and outcomes[1].row is not None


def test_half_valid_half_invalid(tmp_path: Path) -> None:
    offices = range(1101, 1111)
    good = [GOOD_LINE.replace("1101", str(code)) for code in offices]
    bad = [line.replace("106368", "sepuluh") for line in good]
    half = [line.replace("PU", "BPU", 1) for line in bad]  # other keys: not duplicates
    path = write_csv(tmp_path, "campur.csv", CANONICAL_HEADER + "".join(good + half))

    reading, outcomes = read_all(path)

    assert reading.counts.rows_accepted == 10 and reading.counts.rows_rejected == 10
    assert accepted_fields(outcomes)[0][1] == "1101"
    assert [o.line_ref for o in rejected(outcomes)] == [f"line {n}" for n in range(12, 22)]
    assert all("realization: 'sepuluh' is not a number" in o.reason for o in rejected(outcomes))


def test_duplicate_key_rejects_both_rows_with_both_lines(tmp_path: Path) -> None:
    other = GOOD_LINE.replace(",PU,", ",BPU,")
    same_key_other_spelling = GOOD_LINE.replace("2024-06-30", "30/06/2024").replace("106368", "1")
    path = write_csv(
        tmp_path, "ganda.csv", CANONICAL_HEADER + GOOD_LINE + other + same_key_other_spelling
    )

    _, outcomes = read_all(path)

    assert [o.row is not None for o in outcomes] == [False, True, False]
    expected = (
        "duplicate key (2024-06-30, 1101, PU, participants): it appears on line 2 and line 4; "
        "all of them are rejected"
    )
    assert outcomes[0].reason == outcomes[2].reason == expected


def test_rows_of_a_wide_sheet_carry_the_column_group(tmp_path: Path) -> None:
    _, outcomes = read_all(FIXTURES / "wide_single_row_header.xlsx")

    assert outcomes[0].line_ref == "sheet Kepesertaan row 5 (PU)"
