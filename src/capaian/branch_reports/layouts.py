"""Layout mappings: the YAML files under ``layouts/`` that describe how a branch file is laid out.

A mapping is data, not code: supporting a new branch layout means adding a YAML file (see
``LAYOUTS.md`` next to this module). This module loads and checks those files; finding the
header in an actual file and choosing the best mapping is ``table_plan.py``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from capaian.branch_reports.canonical import CANONICAL_COLUMNS
from capaian.branch_reports.dates import NotADate, parse_date
from capaian.branch_reports.vocabulary import (
    METRIC_SYNONYMS,
    METRICS,
    SEGMENT_SYNONYMS,
    SEGMENTS,
    build_lookup,
    normalize_label,
)

CANONICAL_FIELDS = CANONICAL_COLUMNS
MEASURES = ("target", "realization", "reported_pct")
FILE_KINDS = ("csv", "xlsx")
REPORT_DATE_SOURCES = ("column", "title", "cell", "fixed", "file_name")
_DATE_GROUPS = {"year", "month", "day"}
FROM_TITLE = "from title"  # fixed.metric: from title -> "LAPORAN ... KEPESERTAAN" = participants

_TOP_LEVEL_KEYS = {
    "name", "description", "file_kinds", "shape", "delimiter", "decimal_mark", "sheet",
    "header", "columns", "measures", "ignore_columns", "fixed", "report_date", "skip_rows",
    "vocabulary",
}  # fmt: skip


class LayoutError(ValueError):
    """A mapping file is malformed; the message names the file and the offending key."""


@dataclass(frozen=True)
class SkipRule:
    """Rows whose label cells match ``pattern`` are not data (e.g. the TOTAL row)."""

    label: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Layout:
    """One mapping file, checked and with all header words already normalized."""

    name: str
    description: str
    source_file: Path
    file_kinds: tuple[str, ...]
    shape: str  # "long": one canonical row per line; "wide": one office per line
    delimiter: str | None  # None: try , ; tab |
    decimal_mark: str | None  # None: decided from each file's numbers (see reading.py)
    sheet: str | None  # None: every sheet is tried
    header_row: int | None  # 1-based; None: find it by matching headers
    header_rows: int  # 2 for a merged two-row header (wide layouts only)
    columns: dict[str, tuple[str, ...]]  # canonical field -> normalized header synonyms
    measures: dict[str, tuple[str, ...]]  # wide only: measure -> words in value column headers
    ignore_columns: frozenset[str]  # normalized headers dropped without a notice
    fixed: dict[str, str]  # segment/metric the whole file is about
    report_date_from: str
    report_date_cell: str | None
    report_date_value: date | None  # from: fixed
    report_date_pattern: re.Pattern[str] | None  # from: file_name (groups year, month, day)
    skip_rules: tuple[SkipRule, ...]
    segment_lookup: dict[str, str] = field(repr=False)
    metric_lookup: dict[str, str] = field(repr=False)

    @property
    def has_office_codes(self) -> bool:
        """False for a mapping without an office_code column: offices are found by name."""
        return "office_code" in self.columns

    def required_fields(self) -> list[str]:
        """Canonical fields that must come from a column of the file."""
        needed = ["office_code", "office_name"] if self.has_office_codes else ["office_name"]
        if self.report_date_from == "column":
            needed.insert(0, "report_date")
        if self.shape == "long":
            needed += [name for name in ("segment", "metric") if name not in self.fixed]
        return needed


def list_layouts() -> list[Layout]:
    """Every mapping shipped in ``layouts/``, sorted by name."""
    return sorted(_load_all().values(), key=lambda layout: layout.name)


def get_layout(name: str) -> Layout:
    layouts = _load_all()
    if name not in layouts:
        raise LayoutError(f"no layout named {name!r}; known layouts: {', '.join(sorted(layouts))}")
    return layouts[name]


@cache
def _load_all() -> dict[str, Layout]:
    folder = resources.files("capaian.branch_reports") / "layouts"
    layouts: dict[str, Layout] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".yaml", ".yml")):
            layout = load_layout(Path(str(entry)))
            if layout.name in layouts:
                raise LayoutError(f"{entry.name}: layout name {layout.name!r} is used twice")
            layouts[layout.name] = layout
    return layouts


def load_layout(path: Path) -> Layout:
    """Read and check one mapping file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise LayoutError(f"{path.name}: not valid YAML: {exc}") from exc
    return _build_layout(path, data)


def _build_layout(path: Path, data: Any) -> Layout:
    def fail(problem: str) -> LayoutError:
        return LayoutError(f"{path.name}: {problem}")

    if not isinstance(data, dict):
        raise fail("the mapping must be a YAML dictionary")
    unknown = set(data) - _TOP_LEVEL_KEYS
    if unknown:
        raise fail(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(_TOP_LEVEL_KEYS)}")

    name = data.get("name") or path.stem
    shape = data.get("shape", "long")
    if shape not in ("long", "wide"):
        raise fail(f"shape must be 'long' or 'wide', not {shape!r}")
    file_kinds = tuple(data.get("file_kinds", FILE_KINDS))
    if not set(file_kinds) <= set(FILE_KINDS):
        raise fail(f"file_kinds may only contain {FILE_KINDS}, not {file_kinds}")
    delimiter = data.get("delimiter", "auto")
    if delimiter != "auto" and (not isinstance(delimiter, str) or len(delimiter) != 1):
        raise fail(f"delimiter must be one character or 'auto', not {delimiter!r}")
    decimal_mark = str(data.get("decimal_mark", ","))
    if decimal_mark not in (",", ".", "auto"):
        raise fail(f"decimal_mark must be ',', '.' or 'auto', not {decimal_mark!r}")

    header = data.get("header") or {}
    header_row = header.get("row", "find")
    if header_row != "find" and not (isinstance(header_row, int) and header_row >= 1):
        raise fail(f"header.row must be a row number (1 = first) or 'find', not {header_row!r}")
    header_rows = header.get("rows", 1)
    if header_rows not in (1, 2) or (header_rows == 2 and shape != "wide"):
        raise fail("header.rows must be 1, or 2 for a wide layout with a merged two-row header")

    columns = _synonym_table(fail, "columns", data.get("columns"), CANONICAL_FIELDS)
    measures = _synonym_table(fail, "measures", data.get("measures"), MEASURES)
    if shape == "wide" and not measures:
        raise fail("a wide layout needs 'measures' (the words for target, realisasi, %)")
    if shape == "long" and measures:
        raise fail("'measures' is for wide layouts; a long layout maps columns only")

    fixed = dict(data.get("fixed") or {})
    vocabulary = data.get("vocabulary") or {}
    try:
        segment_lookup = build_lookup(SEGMENTS, SEGMENT_SYNONYMS, vocabulary.get("segments"))
        metric_lookup = build_lookup(METRICS, METRIC_SYNONYMS, vocabulary.get("metrics"))
    except ValueError as exc:
        raise fail(f"vocabulary: {exc}") from exc
    for key, value in fixed.items():
        choices = {"segment": SEGMENTS, "metric": METRICS}.get(key)
        if choices is None or (value not in choices and value != FROM_TITLE):
            raise fail(
                f"fixed.{key}: only segment ({SEGMENTS}) or metric ({METRICS}) can be fixed, "
                f"to a code or to {FROM_TITLE!r}"
            )

    report_date = data.get("report_date") or {"from": "column"}
    date_from = report_date.get("from", "column")
    if date_from not in REPORT_DATE_SOURCES:
        raise fail(f"report_date.from must be one of {REPORT_DATE_SOURCES}, not {date_from!r}")
    date_cell = report_date.get("cell")
    if date_from == "cell" and not (isinstance(date_cell, str) and _CELL.fullmatch(date_cell)):
        raise fail(f"report_date.cell must be a cell address such as 'B3', not {date_cell!r}")
    date_value = None
    if date_from == "fixed":
        try:
            date_value = parse_date(report_date.get("value"))
        except NotADate as exc:
            raise fail(f"report_date.value must be a date such as '2023-12-31': {exc}") from exc
    date_pattern = None
    if date_from == "file_name":
        try:
            date_pattern = re.compile(str(report_date.get("pattern") or ""), re.IGNORECASE)
        except re.error as exc:
            raise fail(f"report_date.pattern is not a regular expression: {exc}") from exc
        groups = set(date_pattern.groupindex)
        if "year" not in groups or not groups <= _DATE_GROUPS:
            raise fail(
                "report_date.pattern needs a named group (?P<year>...) and may have "
                f"(?P<month>...) and (?P<day>...), nothing else; it has {sorted(groups)}"
            )

    ignore_columns = data.get("ignore_columns") or []
    _check_words(fail, "ignore_columns", ignore_columns, allow_empty=True)

    skip_rules = []
    for index, rule in enumerate(data.get("skip_rows") or []):
        try:
            pattern = re.compile(rule["pattern"], re.IGNORECASE)
        except (KeyError, TypeError, re.error) as exc:
            raise fail(f"skip_rows[{index}] needs a valid regular expression 'pattern'") from exc
        skip_rules.append(SkipRule(str(rule.get("label", "skipped row")), pattern))

    return Layout(
        name=str(name),
        description=str(data.get("description", "")).strip(),
        source_file=path,
        file_kinds=file_kinds,
        shape=shape,
        delimiter=None if delimiter == "auto" else delimiter,
        decimal_mark=None if decimal_mark == "auto" else decimal_mark,
        sheet=data.get("sheet"),
        header_row=None if header_row == "find" else header_row,
        header_rows=header_rows,
        columns=columns,
        measures=measures,
        ignore_columns=frozenset(normalize_label(c) for c in ignore_columns),
        fixed=fixed,
        report_date_from=date_from,
        report_date_cell=date_cell.upper() if date_cell else None,
        report_date_value=date_value,
        report_date_pattern=date_pattern,
        skip_rules=tuple(skip_rules),
        segment_lookup=segment_lookup,
        metric_lookup=metric_lookup,
    )


_CELL = re.compile(r"[A-Za-z]{1,3}[1-9][0-9]*")


def _synonym_table(fail, key: str, table: Any, allowed: tuple[str, ...]) -> dict[str, tuple]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise fail(f"{key} must map a field name to a list of header words")
    result = {}
    for name, words in table.items():
        if name not in allowed:
            raise fail(f"{key}: {name!r} is not one of {allowed}")
        if isinstance(words, str):
            words = [words]
        _check_words(fail, f"{key}.{name}", words)
        result[name] = tuple(normalize_label(w) for w in words)
    return result


def _check_words(fail, where: str, words: Any, allow_empty: bool = False) -> None:
    if not isinstance(words, list) or not (words or allow_empty):
        raise fail(f"{where} must be a non-empty list of header words")
    for word in words:
        # YAML reads a bare No, Yes, On, Off as true/false: a classic for a "No" column.
        if isinstance(word, bool) or not isinstance(word, str | int | float):
            raise fail(f'{where}: {word!r} is not text; put quotes around it (e.g. "No")')
