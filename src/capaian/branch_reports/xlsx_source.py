"""Reading one worksheet of an ``.xlsx`` workbook row by row, in openpyxl's read-only mode.

Read-only mode streams the sheet XML, so a big workbook does not have to fit in memory; the
price is that merged-cell ranges are not available. Merged cells hold their value in the
top-left cell only and the others read as empty, which is all the header logic needs (it
carries a merged group label such as "PU" to the right over the empty cells).

Cells are handed on as Python values (str, int, float, datetime, None). A number formatted
as a percentage in Excel (0.6998 shown as 69,98%) is turned into 69.98 here, because that is
what the branch saw on screen. Floats become Decimal here (see ``_cell_value``).

A formula cell is read from the value Excel cached when it saved the workbook. A workbook
written by a program that does not compute formulas has none, and data-only reading would
give an empty cell: indistinguishable from a real blank. So where the workbook has formulas
at all, each sheet is read twice in step (cached values and formulas), and a formula without a
cached value becomes an :class:`UncachedFormula`, which the validator rejects by field.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from itertools import islice
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from capaian.branch_reports.canonical import UncachedFormula
from capaian.branch_reports.errors import BranchReportError

XlsxRecord = tuple[int, list[object] | None, str | None]


class XlsxWorkbook:
    """An opened workbook; :meth:`sheet_sources` gives one source per worksheet."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise BranchReportError(
                path,
                f"this is not a readable .xlsx workbook ({type(exc).__name__}: {exc}).",
                "open it in Excel and save it again as .xlsx (Excel Workbook), "
                "or export the report as CSV.",
            ) from exc
        self.sheet_names = list(workbook.sheetnames)
        workbook.close()
        self.has_formulas = _has_formulas(path)

    def sheet_sources(self) -> list[XlsxSheetSource]:
        return [XlsxSheetSource(self.path, name, self.has_formulas) for name in self.sheet_names]


# A formula element in a worksheet's XML: <f>, <f t="shared" ...>, or with a namespace prefix.
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def _has_formulas(path: Path) -> bool:
    """True if any worksheet of the workbook holds a formula (a streamed look at its XML)."""
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if not (member.startswith("xl/worksheets/") and member.endswith(".xml")):
                continue
            with archive.open(member) as handle:
                tail = b""
                while chunk := handle.read(1 << 20):
                    if _FORMULA_TAG.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
    return False


class XlsxSheetSource:
    """One worksheet, readable from the top as many times as needed (each pass reopens it)."""

    kind = "xlsx"

    def __init__(self, path: Path, sheet_name: str, has_formulas: bool = True) -> None:
        self.path = path
        self.sheet_name = sheet_name
        self.has_formulas = has_formulas
        self.display_name = f"{path.name} sheet {sheet_name}"

    def line_ref(self, row_number: int) -> str:
        return f"sheet {self.sheet_name} row {row_number}"

    def render(self, cells: list[object] | None) -> str:
        """The row as text for the audit trail: cell values separated by `` | ``."""
        if cells is None:
            return ""
        return " | ".join("" if cell is None else str(cell) for cell in cells)

    def head(self, max_records: int) -> list[tuple[int, list[object]]]:
        # Empty rows stay in: the header's position counts them.
        return [(n, cells or []) for n, cells, _ in islice(self.records(), max_records)]

    def records(self) -> Iterator[XlsxRecord]:
        workbooks = [self._open(data_only=True)]
        try:
            if self.has_formulas:
                workbooks.append(self._open(data_only=False))
            rows = [self._rows(workbook) for workbook in workbooks]
            try:
                if len(rows) == 1:
                    for row_number, row in enumerate(rows[0], start=1):
                        yield row_number, [_cell_value(cell) for cell in row], None
                else:
                    # Both read the same sheet XML, so their rows and cells line up one to one.
                    for row_number, (cached, written) in enumerate(
                        zip(*rows, strict=True), start=1
                    ):
                        yield row_number, _with_formulas(cached, written), None
            except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
                raise BranchReportError(
                    self.path,
                    f"sheet {self.sheet_name} is damaged and could not be read to the end ({exc}).",
                    "open it in Excel and save it again as .xlsx.",
                ) from exc
        finally:
            for workbook in workbooks:
                workbook.close()

    def _open(self, data_only: bool):
        try:
            return load_workbook(self.path, read_only=True, data_only=data_only)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
            raise BranchReportError(
                self.path, f"the workbook could not be reopened ({exc}).", "send it again."
            ) from exc

    def _rows(self, workbook) -> Iterator[tuple]:
        sheet = workbook[self.sheet_name]
        # Generators often write a wrong <dimension>; trusting it would drop rows silently.
        sheet.reset_dimensions()
        return sheet.iter_rows()


def _with_formulas(cached: tuple, written: tuple) -> list[object]:
    values = [_cell_value(cell) for cell in cached]
    for index, cell in enumerate(written):
        if index < len(values) and values[index] is None and getattr(cell, "data_type", "") == "f":
            values[index] = UncachedFormula(str(cell.value))
    return values


def _cell_value(cell: object) -> object:
    value = getattr(cell, "value", None)
    if isinstance(value, float):
        # Excel keeps 15 significant digits; the 16th and 17th of the stored double are noise
        # (69.98% is stored as 0.6998000000000001). Decimal keeps it exact from here on.
        value = Decimal(format(value, ".15g"))
    is_number = isinstance(value, int | Decimal) and not isinstance(value, bool)
    if is_number and "%" in (getattr(cell, "number_format", "") or ""):
        return value * 100
    return value
