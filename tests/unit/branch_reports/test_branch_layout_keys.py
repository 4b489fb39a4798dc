"""Layouts (issue 16, item 2): hostile and unlucky header shapes, each made by the test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from branch_report_helpers import CANONICAL_HEADER, read_all, write_csv

import capaian.branch_reports
from capaian.branch_reports import BranchReportError, read_branch_report


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
        + "2024-06-30\t1101\tKC A\tPU\tcontributions\t1.500\t1234.5\t\n"
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
    line = '2024-06-30,1101,KC A,PU,contributions,"1.234,5",800,"64,83"\n'
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


def _mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


_LONG_WITHOUT_DATE = """
name: no_date_column
file_kinds: [csv]
columns:
  office_code: [Kode]
  office_name: [Kantor]
  segment: [Segmen]
  metric: [Metrik]
  realization: [Realisasi]
"""


def test_report_date_fixed_in_the_mapping(tmp_path: Path) -> None:
    mapping = _mapping(
        tmp_path, _LONG_WITHOUT_DATE + 'report_date: {from: fixed, value: "2023-12-31"}\n'
    )
    path = write_csv(
        tmp_path, "x.csv", "Kode;Kantor;Segmen;Metrik;Realisasi\n1101;KC A;PU;Peserta;5\n"
    )
    reading = read_branch_report(path, layout=mapping)
    rows = [o.row.as_copy_fields() for o in reading.rows()]
    assert rows == [("2023-12-31", "1101", "KC A", "PU", "participants", None, "5", None)]
    assert "report date 2023-12-31 taken from the layout 'no_date_column'" in reading.notices


@pytest.mark.parametrize(
    ("pattern", "file_name", "expected"),
    [
        (r"_(?P<year>\d{4})\.", "laporan_2023.csv", "2023-12-31"),
        (r"_(?P<year>\d{4})-(?P<month>\d{2})\.", "laporan_2024-02.csv", "2024-02-29"),
        (r"(?P<day>\d{2})(?P<month>\w+)(?P<year>\d{4})", "lap_30Juni2024.csv", "2024-06-30"),
    ],
)
def test_report_date_from_the_file_name(
    tmp_path: Path, pattern: str, file_name: str, expected: str
) -> None:
    mapping = _mapping(
        tmp_path, _LONG_WITHOUT_DATE + f"report_date: {{from: file_name, pattern: '{pattern}'}}\n"
    )
    path = write_csv(
        tmp_path, file_name, "Kode;Kantor;Segmen;Metrik;Realisasi\n1101;KC A;PU;Peserta;5\n"
    )
    reading = read_branch_report(path, layout=mapping)
    assert [o.row.report_date.isoformat() for o in reading.rows()] == [expected]


def test_a_file_name_without_the_date_refuses_the_file(tmp_path: Path) -> None:
    mapping = _mapping(
        tmp_path,
        _LONG_WITHOUT_DATE + r"report_date: {from: file_name, pattern: '(?P<year>\d{4})'}" + "\n",
    )
    path = write_csv(
        tmp_path, "laporan.csv", "Kode;Kantor;Segmen;Metrik;Realisasi\n1101;KC A;PU;Peserta;5\n"
    )
    with pytest.raises(BranchReportError, match=r"laporan.csv: no report date: the file name "
                       r"does not match the pattern"):  # fmt: skip
        read_branch_report(path, layout=mapping)


@pytest.mark.parametrize(
    ("report_date", "complaint"),
    [
        ('{from: fixed, value: "2023-02-30"}', "report_date.value must be a date"),
        ("{from: file_name, pattern: '(?P<tahun>\\d{4})'}", "needs a named group (?P<year>"),
        ("{from: file_name, pattern: '(?P<year>'}", "not a regular expression"),
    ],
)
def test_report_date_mistakes_in_a_mapping_name_the_file(
    tmp_path: Path, report_date: str, complaint: str
) -> None:
    from capaian.branch_reports.layouts import LayoutError, load_layout

    mapping = _mapping(tmp_path, _LONG_WITHOUT_DATE + f"report_date: {report_date}\n")
    with pytest.raises(LayoutError, match=rf"mapping.yaml: .*{re.escape(complaint)}"):
        load_layout(mapping)


def _layouts_md_example(title: str) -> str:
    text = (Path(capaian.branch_reports.__file__).parent / "LAYOUTS.md").read_text()
    section = text.split(f"## {title}", 1)[1]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_the_kemnaker_province_mapping_in_layouts_md(tmp_path: Path) -> None:
    mapping = _mapping(tmp_path, _layouts_md_example("Example: an open-data file"))
    # Synthetic figures in the shape of Kemnaker Satu Data's province file.
    text = (
        "provinsi;peserta_pu;peserta_bpu;peserta_jakon;total_peserta\n"
        "ACEH;41.200;12.050;3.100;56.350\n"
        "Sumatera Utara;96.970;30.400;8.215;135.585\n"
        "Kepulauan Bangka Belitung;1.000;;;1.000\n"
        "Atlantis;10;20;30;60\n"
    )
    path = write_csv(tmp_path, "peserta_aktif_provinsi_2023.csv", text)
    reading = read_branch_report(path, layout=mapping)
    outcomes = list(reading.rows())
    rows = [o.row.as_copy_fields() for o in outcomes if o.row]
    assert rows[:4] == [
        ("2023-12-31", "PR-ACEH", "ACEH", "PU", "participants", None, "41200", None),
        ("2023-12-31", "PR-ACEH", "ACEH", "BPU", "participants", None, "12050", None),
        ("2023-12-31", "PR-ACEH", "ACEH", "JAKON", "participants", None, "3100", None),
        ("2023-12-31", "PR-ACEH", "ACEH", "ALL", "participants", None, "56350", None),
    ]
    assert ("2023-12-31", "PR-SUMUT", "Sumatera Utara", "ALL", "participants", None, "135585",
            None) in rows  # fmt: skip
    assert [r[1:4] for r in rows[8:]] == [
        ("PR-BABEL", "Kepulauan Bangka Belitung", "PU"),
        ("PR-BABEL", "Kepulauan Bangka Belitung", "ALL"),
    ]
    refused = [o for o in outcomes if o.row is None]
    assert [o.line_ref for o in refused] == [f"line 5 ({s})" for s in ("PU", "BPU", "JAKON", "ALL")]
    assert all("'Atlantis' is not an office or province the gazetteer knows" in o.reason
               for o in refused)  # fmt: skip
