"""Choosing layouts, writing new ones, and streaming big files (all data synthetic)."""

from __future__ import annotations

import inspect
import tracemalloc
from pathlib import Path

import pytest
from branch_report_helpers import (
    CANONICAL_HEADER,
    FIXTURES,
    GOOD_LINE,
    accepted_fields,
    read_all,
    write_csv,
)

from capaian.branch_reports import BranchReportError, list_layouts, read_branch_report
from capaian.branch_reports.layouts import LayoutError, load_layout


def test_shipped_layouts() -> None:
    names = [layout.name for layout in list_layouts()]
    assert names == ["canonical", "indonesian_long", "wide_segment_columns", "wide_segment_groups"]
    assert all(layout.description for layout in list_layouts())


def test_layout_can_be_named(tmp_path: Path) -> None:
    reading, outcomes = read_all(FIXTURES / "semicolon_indonesian.csv", layout="indonesian_long")
    assert reading.layout_name == "indonesian_long" and len(outcomes) == 8


def test_named_layout_that_does_not_fit_says_so() -> None:
    with pytest.raises(
        BranchReportError, match=r"no layout matches this file \(tried: canonical\)"
    ):
        read_branch_report(FIXTURES / "semicolon_indonesian.csv", layout="canonical")


def test_named_layout_missing_a_column_says_which(tmp_path: Path) -> None:
    text = (FIXTURES / "semicolon_indonesian.csv").read_text(encoding="utf-8")
    path = write_csv(tmp_path, "tanpa_segmen.csv", text.replace(";Segmen;", ";Keterangan;"))

    with pytest.raises(BranchReportError, match="required column.*segment"):
        read_branch_report(path, layout="indonesian_long")


def test_unknown_layout_name() -> None:
    with pytest.raises(BranchReportError, match="no layout named 'bogus'; known layouts"):
        read_branch_report(FIXTURES / "canonical.csv", layout="bogus")


NEW_MAPPING = """
# A (synthetic) branch that exports tab-separated files with its own words.
name: kanwil_timur_tsv
description: Tab-separated export of a hypothetical regional office.
file_kinds: [csv]
delimiter: "\\t"
decimal_mark: ","
columns:
  report_date: [Periode]
  office_code: [Kd KC]
  office_name: [Nm KC]
  segment: [Program]
  target: [Tgt]
  realization: [Real]
fixed:
  metric: participants
vocabulary:
  segments:
    BPU: [Sektor Informal Nelayan]
"""


def test_a_new_layout_is_a_mapping_not_code(tmp_path: Path) -> None:
    mapping = tmp_path / "kanwil_timur_tsv.yaml"
    mapping.write_text(NEW_MAPPING, encoding="utf-8")
    data = "Periode\tKd KC\tNm KC\tProgram\tTgt\tReal\n30 Juni 2024\t9901\tKC Contoh\tSektor Informal Nelayan\t1.000\t250\n"  # noqa: E501
    path = write_csv(tmp_path, "timur.tsv", data)

    _, outcomes = read_all(path, layout=str(mapping))

    assert accepted_fields(outcomes) == [
        ("2024-06-30", "9901", "KC Contoh", "BPU", "participants", "1000", "250", None)
    ]


def test_mapping_mistakes_are_reported_with_the_file_name(tmp_path: Path) -> None:
    mapping = tmp_path / "salah.yaml"
    mapping.write_text("name: salah\nignore_columns: [No]\ncolumns: {office_code: [Kode]}\n")
    with pytest.raises(LayoutError, match=r"salah\.yaml: ignore_columns: False is not text"):
        load_layout(mapping)

    mapping.write_text("name: salah\ncolums: {}\n")
    with pytest.raises(LayoutError, match=r"salah\.yaml: unknown key\(s\) \['colums'\]"):
        load_layout(mapping)


def test_rows_is_a_lazy_generator() -> None:
    reading = read_branch_report(FIXTURES / "canonical.csv")
    rows = reading.rows()
    assert inspect.isgenerator(rows)
    assert next(rows).line_ref == "line 3"


def test_quote_free_fast_path_matches_the_csv_module(tmp_path: Path) -> None:
    plain = (FIXTURES / "canonical.csv").read_text(encoding="utf-8")
    quoted = plain.replace("KC Bandung Suci", '"KC Bandung Suci"')
    fast = read_branch_report(write_csv(tmp_path, "plain.csv", plain))
    careful = read_branch_report(write_csv(tmp_path, "quoted.csv", quoted))

    assert fast.source.quote_free and not careful.source.quote_free
    assert accepted_fields(list(fast.rows())) == accepted_fields(list(careful.rows()))


def test_memory_does_not_grow_with_a_10_mb_line(tmp_path: Path) -> None:
    huge = "2024-06-30,1102," + "x" * 10_000_000 + ",PU,participants,1,1,\n"
    path = write_csv(tmp_path, "panjang.csv", CANONICAL_HEADER + GOOD_LINE + huge)
    del huge

    tracemalloc.start()
    try:
        outcomes = [(o.line_ref, o.row is None) for o in read_branch_report(path).rows()]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert outcomes == [("line 2", False), ("line 3", True)]
    assert peak < 8_000_000  # the line alone would be 10 MB


def test_memory_stays_flat_while_streaming_many_rows(tmp_path: Path) -> None:
    lines = (
        f"2024-06-30,{1000 + n // 15},KC Sintetis,{('PU', 'BPU', 'JAKON', 'PMI', 'ALL')[n % 5]},"
        f"{('participants', 'contributions', 'employers')[n // 5 % 3]},{n},{n // 2},50\n"
        for n in range(30_000)
    )
    path = tmp_path / "banyak.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(CANONICAL_HEADER)
        out.writelines(lines)

    tracemalloc.start()
    try:
        reading = read_branch_report(path)
        accepted = sum(1 for outcome in reading.rows() if outcome.row is not None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert accepted == 30_000
    # The outcomes would take well over 10 MB if held; the duplicate-key hashes take ~2 MB.
    assert peak < 8_000_000


def test_report_date_from_a_mapping_provided_cell(tmp_path: Path) -> None:
    shipped = Path(list_layouts()[0].source_file).parent / "wide_segment_groups.yaml"
    mapping = tmp_path / "groups_date_in_a3.yaml"
    text = shipped.read_text(encoding="utf-8").replace("name: wide_segment_groups", "name: a3")
    mapping.write_text(text.replace("  from: title", "  from: cell\n  cell: A3"), encoding="utf-8")

    reading, outcomes = read_all(FIXTURES / "wide_two_row_header.xlsx", layout=mapping)

    assert "report date 2024-06-30 taken from the cell A3" in reading.notices
    assert len(outcomes) == 8


def test_other_sheets_of_a_workbook_are_reported(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(FIXTURES / "wide_single_row_header.xlsx")
    workbook.create_sheet("Catatan").append(["synthetic notes"])
    path = tmp_path / "dua_sheet.xlsx"
    workbook.save(path)

    reading, outcomes = read_all(path)

    assert len(outcomes) == 8
    assert "only sheet 'Kepesertaan' was read; not read: ['Catatan']" in reading.notices
