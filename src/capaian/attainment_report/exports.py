"""Every table of the report as CSV and XLSX, in ``exports/`` beside the pages.

Values are exact (the marts' numbers, not the compact ``Rp 329,1 M`` of the page): numbers
are written as numbers (numeric XLSX cells), dates as dates. Text is what the marts hold,
except that text a spreadsheet would take for a formula is neutralised: a cell beginning with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return (OWASP, "CSV Injection") gets a single
quote in front, so that opening an export never runs an office name or an article's sentence.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

FOLDER = "exports"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Cell = str | int | float | Decimal | date | datetime | bool | None


@dataclass(frozen=True)
class Link:
    """Text the page links somewhere (an office's page, an article); exported as the text."""

    text: str
    href: str | None


@dataclass(frozen=True)
class Column:
    """A column's header and how the page shows its values (the exports write them exact):
    ``text``, ``segment``, ``metric``, ``count``, ``amount`` (rupiah or a count, by the
    metric or unit in column ``metric_column`` of the same row), ``pct``, ``pct_plain``,
    ``date``, ``month``, ``quote`` or ``behind`` (a flag)."""

    label: str
    kind: str = "text"
    metric_column: int | None = None


@dataclass(frozen=True)
class Table:
    """One table as the report shows it: ``name`` is the file stem in ``exports/``."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell | Link]]

    def href(self, extension: str, prefix: str = "") -> str:
        return f"{prefix}{FOLDER}/{self.name}.{extension}"


def neutralise(text: str) -> str:
    """``'=HYPERLINK(...)``: text that begins like a formula is prefixed with a quote; any
    other text is returned as it is."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(value: Cell | Link) -> Cell:
    """A value as the exports write it: text neutralised, numbers and dates as they are."""
    if isinstance(value, Link):
        value = value.text
    if isinstance(value, str):
        return neutralise(value)
    return value


def write(table: Table, folder: Path) -> None:
    """``<name>.csv`` and ``<name>.xlsx`` in ``folder``."""
    write_csv(table, folder / f"{table.name}.csv")
    write_xlsx(table, folder / f"{table.name}.xlsx")


def write_csv(table: Table, path: Path) -> None:
    # UTF-8 with a byte-order mark: Excel then reads "Rp" and names with accents correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([neutralise(c.label) for c in table.columns])
        for row in table.rows:
            writer.writerow(["" if v is None else _csv_text(cell(v)) for v in row])


def write_xlsx(table: Table, path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(table.title))
    sheet.append([neutralise(c.label) for c in table.columns])
    for row in table.rows:
        sheet.append([cell(v) for v in row])
    workbook.save(path)


def _csv_text(value: Cell) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sheet_title(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\ ; never empty.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "data")[:31]
