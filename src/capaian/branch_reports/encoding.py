"""Which text encoding a CSV file uses, and whether it is text at all.

Branch exports come as UTF-8, UTF-8 with a BOM (Excel "CSV UTF-8"), Windows-1252 (Excel
"CSV" on an Indonesian/English Windows) and occasionally UTF-16 (Excel "Unicode Text").
The whole file is checked in fixed-size chunks, so a Windows-1252 character on line 90 000
is not discovered half way through loading, and memory stays flat.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from capaian.branch_reports.errors import BranchReportError

CHUNK_BYTES = 1 << 20
SNIFF_BYTES = 8192
# Share of control bytes (other than tab, CR, LF, form feed) above which "text" is garbage.
MAX_CONTROL_SHARE = 0.02

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13} | {127}


def detect_encoding(path: Path) -> str:
    """Return a Python codec name for ``path``, or raise :class:`BranchReportError`.

    Raises for an empty file, a spreadsheet saved under a ``.csv`` name, and binary data.
    """
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.removeprefix(codecs.BOM_UTF8).strip():
        raise BranchReportError(
            path,
            "the file is empty (no header, no rows).",
            "ask the branch office to export the report again.",
        )
    if head.startswith(codecs.BOM_UTF8):
        _check_decodes(path, "utf-8-sig")
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _check_decodes(path, "utf-16")
        return "utf-16"
    _reject_binary(path, head)
    if _decodes(path, "utf-8"):
        return "utf-8"
    # Windows-1252 leaves five byte values undefined; a file using them is not 1252 text,
    # but Latin-1 still reads it losslessly and validation will flag anything odd.
    return "cp1252" if _decodes(path, "cp1252") else "latin-1"


def _reject_binary(path: Path, head: bytes) -> None:
    if head.startswith(_ZIP_MAGIC):
        raise BranchReportError(
            path,
            "this is a ZIP archive (most likely an .xlsx workbook) with a CSV file name.",
            "rename it to .xlsx, or open it in Excel and save it as CSV.",
        )
    if head.startswith(_OLE2_MAGIC):
        raise BranchReportError(
            path,
            "this is an old Excel .xls workbook with a CSV file name.",
            "open it in Excel and save it as .xlsx or as CSV.",
        )
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if b"\x00" in head or controls > MAX_CONTROL_SHARE * len(head):
        raise BranchReportError(
            path,
            f"this does not look like a text (CSV) file: {controls} control bytes "
            f"in the first {len(head)} bytes.",
            "check that the right file was sent; export the report again as CSV or .xlsx.",
        )


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK_BYTES):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _check_decodes(path: Path, encoding: str) -> None:
    if not _decodes(path, encoding):
        raise BranchReportError(
            path,
            f"the file starts with a {encoding} byte-order mark but is not valid {encoding}.",
            "open it in a spreadsheet program and save it again as 'CSV UTF-8'.",
        )
