"""The attainment table the CLI prints, as a user reads it: numbers written as the report
writes them (``41.200``, ``47,0 %``), never the year grouped, ``-`` where a value is missing."""

from __future__ import annotations

from decimal import Decimal

from capaian.attainment_report.table import format_table

ROWS = [
    ("Batam Nagoya", "ALL", "contributions", 2025, Decimal("210000000000"),
     Decimal("98700000000"), Decimal("47.0000")),
    ("Palembang", "PU", "participants", 2025, Decimal("41200"), Decimal("39955.5"),
     Decimal("96.9782")),
    ("Palembang", "JAKON", "participants", 2025, None, Decimal("-5185"), None),
]  # fmt: skip


def test_the_table_writes_numbers_as_the_report_does():
    assert format_table(ROWS).splitlines() == [
        "office        segment  metric         year           target     realization  attainment",
        "------------  -------  -------------  ----  ---------------  --------------  ----------",
        "Batam Nagoya  ALL      contributions  2025  210.000.000.000  98.700.000.000      47,0 %",
        "Palembang     PU       participants   2025           41.200        39.955,5      97,0 %",
        "Palembang     JAKON    participants   2025                -          -5.185           -",
    ]


def test_rows_beyond_the_limit_and_no_rows_are_said():
    assert format_table(ROWS, limit=1).splitlines()[-1] == (
        "... 2 more rows: query marts.fct_attainment_latest"
    )
    assert format_table([]).splitlines()[-1] == "(no rows: marts.fct_attainment_latest is empty)"
