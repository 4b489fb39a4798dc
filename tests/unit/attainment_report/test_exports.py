"""The exports never hand a spreadsheet a formula, and keep numbers as numbers."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from capaian.attainment_report.exports import (
    FORMULA_STARTS,
    Column,
    Link,
    Table,
    neutralise,
    write,
)


@given(st.text())
def test_neutralised_text_never_starts_like_a_formula_and_otherwise_round_trips(text):
    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    if text.startswith(FORMULA_STARTS):
        assert safe == "'" + text
    else:
        assert safe == text


@given(st.sampled_from(FORMULA_STARTS), st.text())
def test_every_formula_start_is_neutralised(start, rest):
    assert neutralise(start + rest) == "'" + start + rest


def test_csv_and_xlsx_neutralise_text_and_keep_exact_numbers(tmp_path):
    table = Table(
        name="t",
        title="Kantor: [uji]",
        columns=[Column("Kantor (office)"), Column("Realisasi", "count"), Column("Per", "date")],
        rows=[
            [
                Link('=HYPERLINK("http://x.invalid","klik")', "kantor-x.html"),
                Decimal("329062980000"),
                date(2025, 6, 30),
            ],
            ["@SUM(1)", Decimal("-5185.25"), None],
            ["Batam Nagoya", 12, None],
        ],
    )
    write(table, tmp_path)
    with (tmp_path / "t.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == ['\'=HYPERLINK("http://x.invalid","klik")', "329062980000", "2025-06-30"]
    assert rows[2] == ["'@SUM(1)", "-5185.25", ""]
    sheet = load_workbook(tmp_path / "t.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][0] == '\'=HYPERLINK("http://x.invalid","klik")'
    assert values[2][0] == "'@SUM(1)"
    assert [c.data_type for c in next(sheet.iter_rows(min_row=2, max_row=2))][:2] == ["s", "n"]
    assert values[1][1] == 329062980000 and values[2][1] == -5185.25
    assert sheet.title == "Kantor   uji"
