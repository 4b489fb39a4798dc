"""Layouts (issue 16, item 2): hostile and unlucky header shapes, each made by the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from branch_report_helpers import CANONICAL_HEADER, read_all, write_csv

from capaian.branch_reports import BranchReportError


def test_a_header_naming_a_column_twice_refuses_the_file(tmp_path: Path) -> None:
    header = CANONICAL_HEADER.replace("realization", "target")
    path = write_csv(tmp_path, "twice.csv", header + "2024-06-30,1101,KC A,PU,participants,1,2,3\n")
    with pytest.raises(BranchReportError) as caught:
        read_all(path)
    message = str(caught.value)
    assert "twice.csv" in message and "line 1" in message
    assert "target is named twice: 'target' (column 6) and 'target' (column 7)" in message


def test_two_synonyms_of_one_field_are_also_named_twice(tmp_path: Path) -> None:
    text = (
        "Tanggal;Kode Kantor;Kode;Kantor Cabang;Segmen;Metrik;Target;Realisasi\n"
        "30/06/2024;1101;1102;KC A;PU;Peserta;1.000;500\n"
    )
    path = write_csv(tmp_path, "synonyms.csv", text)
    with pytest.raises(BranchReportError, match=r"office_code is named twice: 'Kode Kantor' "
                       r"\(column 2\) and 'Kode' \(column 3\)"):  # fmt: skip
        read_all(path)


SEMICOLON_HEADER = CANONICAL_HEADER.replace(",", ";")


def _rows(path: Path) -> list[tuple]:
    reading, outcomes = read_all(path)
    assert [o.reason for o in outcomes if o.row is None] == []
    assert reading.layout_name == "canonical"
    return [o.row.as_copy_fields() for o in outcomes]


def test_canonical_header_with_semicolons_bom_and_indonesian_numbers(tmp_path: Path) -> None:
    # What Excel on an Indonesian Windows writes (synthetic figures).
    text = (
        "\ufeff" + SEMICOLON_HEADER + "2024-06-30;1101;KC A;PU;participants;41.200;39.955;96,97\r\n"
    )
    path = write_csv(tmp_path, "excel_id.csv", text)
    assert _rows(path) == [
        ("2024-06-30", "1101", "KC A", "PU", "participants", "41200", "39955", "96.97")
    ]


def test_tab_separated_canonical_with_point_decimals(tmp_path: Path) -> None:
    text = (
        CANONICAL_HEADER.replace(",", "\t")
        + "2024-06-30\t1101\tKC A\tPU\tparticipants\t1.500\t1234.5\t\n"
    )
    path = write_csv(tmp_path, "tab.csv", text)
    # "1234.5" can only be a "." decimal, so "1.500" in the same file is one and a half.
    assert _rows(path)[0][5:7] == ("1.5", "1234.5")


def test_ambiguous_figures_alone_follow_the_indonesian_convention_in_a_semicolon_file(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path,
        "ambiguous.csv",
        SEMICOLON_HEADER + "2024-06-30;1101;KC A;PU;participants;1.234;800;\n",
    )
    assert _rows(path)[0][5:7] == ("1234", "800")


def test_quoted_comma_file_with_comma_decimals(tmp_path: Path) -> None:
    line = '2024-06-30,1101,KC A,PU,participants,"1.234,5",800,"64,83"\n'
    path = write_csv(tmp_path, "quoted.csv", CANONICAL_HEADER + line)
    assert _rows(path)[0][5:8] == ("1234.5", "800", "64.83")


def test_a_file_using_both_decimal_marks_is_refused_naming_both(tmp_path: Path) -> None:
    text = SEMICOLON_HEADER + (
        "2024-06-30;1101;KC A;PU;participants;1.234,5;800;\n"
        "2024-06-30;1102;KC B;PU;participants;1234.5;800;\n"
    )
    path = write_csv(tmp_path, "mixed.csv", text)
    with pytest.raises(BranchReportError) as caught:
        read_all(path)
    message = str(caught.value)
    assert "mixed.csv" in message
    assert "',' at line 2, target '1.234,5'" in message
    assert "'.' at line 3, target '1234.5'" in message


@pytest.mark.parametrize(
    "header",
    [
        "reportDate;officeCode;officeName;Segment;Metric;Target;Realization;reportedPct",
        "report-date;office-code;office-name;segment;metric;target;realization;reported-pct",
        "REPORT_DATE;OFFICE_CODE;OFFICE_NAME;SEGMENT;METRIC;TARGET;REALIZATION;REPORTED_PCT",
    ],
)
def test_header_words_split_on_underscores_dashes_and_case_changes(
    tmp_path: Path, header: str
) -> None:
    path = write_csv(
        tmp_path, "words.csv", header + "\n2024-06-30;1101;KC A;PU;participants;10;5;50\n"
    )
    assert _rows(path) == [("2024-06-30", "1101", "KC A", "PU", "participants", "10", "5", "50")]


def _canonical_workbook(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Laporan"
    sheet.append(CANONICAL_HEADER.strip().split(","))
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _give_formulas_cached_values(path: Path, cached: dict[str, str]) -> None:
    """What Excel does on saving (openpyxl writes formulas without a cached value)."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    for formula, value in cached.items():
        sheet, count = re.subn(
            rf"<f>{re.escape(formula)}</f>(<v\s*/>|<v>\s*</v>)?",
            f"<f>{formula}</f><v>{value}</v>",
            sheet,
        )
        assert count == 1, sheet
    members["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_canonical_xlsx_loads_like_the_csv(tmp_path: Path) -> None:
    path = _canonical_workbook(
        tmp_path / "canonical.xlsx",
        [["2024-06-30", "1101", "KC A", "PU", "participants", 41200, 39955, "96,97"]],
    )
    assert _rows(path) == [
        ("2024-06-30", "1101", "KC A", "PU", "participants", "41200", "39955", "96.97")
    ]


def test_a_formula_is_read_from_its_cached_value_and_refused_without_one(tmp_path: Path) -> None:
    path = _canonical_workbook(
        tmp_path / "formulas.xlsx",
        [
            ["2024-06-30", "1101", "KC A", "PU", "participants", "=40000+1200", 39955, None],
            ["2024-06-30", "1102", "KC B", "PU", "participants", 500, "=SUM(F2:F2)", None],
        ],
    )
    _give_formulas_cached_values(path, {"40000+1200": "41200"})
    _, outcomes = read_all(path)
    assert outcomes[0].row.as_copy_fields()[5:7] == ("41200", "39955")
    assert outcomes[1].row is None
    assert outcomes[1].line_ref == "sheet Laporan row 3"
    assert outcomes[1].reason.startswith(
        "realization: the formula '=SUM(F2:F2)' has no cached value"
    )
    assert "=SUM(F2:F2)" in outcomes[1].raw_record
