"""Finding the header in a file and working out which column holds what.

Given the first rows of a file and one layout, :func:`plan_table` tries each candidate header
row and builds a :class:`TablePlan`: where the data starts and, for every canonical field,
which column (or which fixed value) it comes from. ``read_branch_report`` (reading.py) runs
that for every layout (and every delimiter or sheet) and keeps the best match.

How a plan scores: the number of header cells the layout recognises. A plan that lacks a
required column never beats one that has them all; ties go to the plan with fewer
unrecognised columns.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from capaian.branch_reports.dates import MONTHS, NotADate, find_date_in_text, parse_date
from capaian.branch_reports.layouts import FROM_TITLE, Layout
from capaian.branch_reports.vocabulary import normalize_label

# How far down a file the header may be (title rows above it).
MAX_HEADER_SEARCH_ROWS = 30


@dataclass
class ValueGroup:
    """Wide layouts: the columns that together give one canonical row (e.g. PU participants)."""

    segment: str | None
    metric: str | None
    label: str  # "PU" etc., appended to the line reference
    columns: dict[str, int] = field(default_factory=dict)  # measure -> column index


@dataclass
class TablePlan:
    layout: Layout
    header_index: int  # index of the (first) header record among the records read
    header_number: int  # its line / row number, for messages
    header_cells: list[str]  # what the header says, as written (for messages)
    field_columns: dict[str, int]  # canonical field -> column index
    groups: list[ValueGroup]  # wide layouts only
    ignored_columns: list[str]  # unknown headers, reported as a notice
    missing_fields: list[str]
    score: int
    report_date: date | None = None  # from a title or a fixed cell
    fixed: dict[str, str] = field(default_factory=dict)  # segment/metric for the whole file
    title_rows: list[list[object]] = field(default_factory=list)
    label_columns: list[int] = field(default_factory=list)  # where TOTAL rows are spotted
    # Two header cells meaning the same thing: nobody can tell which one the branch meant,
    # so the file is refused rather than one of them dropped.
    repeated_columns: list[str] = field(default_factory=list)
    decimal_mark: str | None = None  # the layout's, or decided from the file's numbers

    @property
    def data_start_index(self) -> int:
        return self.header_index + self.layout.header_rows

    @property
    def fits(self) -> bool:
        return not self.missing_fields

    def rank(self) -> tuple[int, int, int]:
        return (int(self.fits), self.score, -len(self.ignored_columns))


def plan_table(layout: Layout, head: list[tuple[int, list[object]]]) -> TablePlan | None:
    """The best header position in ``head`` for ``layout``, or None if nothing is recognised."""
    if layout.header_row is not None:
        candidates = [layout.header_row - 1]
    else:
        candidates = range(min(len(head), MAX_HEADER_SEARCH_ROWS))
    best: TablePlan | None = None
    for index in candidates:
        if index + layout.header_rows > len(head):
            break
        plan = _plan_at(layout, head, index)
        if plan.score and (best is None or plan.rank() > best.rank()):
            best = plan
    return best


def _plan_at(layout: Layout, head: list[tuple[int, list[object]]], index: int) -> TablePlan:
    top = list(head[index][1])
    labels_written = ["" if c is None else " ".join(str(c).split()) for c in top]
    if layout.header_rows == 2:
        bottom = list(head[index + 1][1])
        width = max(len(top), len(bottom))
        top += [None] * (width - len(top))
        bottom += [None] * (width - len(bottom))
        labels = _merge_two_row_header(top, bottom)
        labels_written = labels
    else:
        labels = labels_written
    title_rows = [cells for _, cells in head[:index]]
    fixed, unresolved = _resolve_fixed(layout, title_rows)
    if layout.shape == "long":
        plan = _plan_long(layout, labels, fixed)
    else:
        plan = _plan_wide(layout, labels, fixed)
    plan.missing_fields += unresolved
    plan.header_index = index
    plan.header_number = head[index][0]
    plan.header_cells = labels_written
    plan.title_rows = title_rows
    plan.fixed = fixed
    return plan


def _resolve_fixed(layout: Layout, title_rows: list[list[object]]) -> tuple[dict, list[str]]:
    """The layout's fixed segment/metric, reading ``from title`` ones off the title rows."""
    fixed = {}
    unresolved = []
    title = None  # read only for a "from title" value (every header position is tried)
    for name, value in layout.fixed.items():
        if value != FROM_TITLE:
            fixed[name] = value
            continue
        if title is None:
            text = " ".join(str(c) for row in title_rows for c in row if c is not None)
            title = normalize_label(text)
        lookup = layout.segment_lookup if name == "segment" else layout.metric_lookup
        found = {lookup[m.group(0)] for m in _phrase_pattern(lookup).finditer(title)}
        if len(found) == 1:
            fixed[name] = found.pop()
        else:
            problem = "names several" if found else "does not name one"
            unresolved.append(f"{name} (the title above the header {problem})")
    return fixed, unresolved


def _merge_two_row_header(top: list[object], bottom: list[object]) -> list[str]:
    """Labels for a two-row header, reading merged cells the way a person does.

    A merged "PU" over "Target | Realisasi | %" reads (in read-only mode) as "PU", None, None
    above the three; carrying the last top label to the right gives "PU Target", "PU Realisasi",
    "PU %". A column whose top and bottom are both empty stays empty.
    """
    labels = []
    carried = ""
    for upper, lower in zip(top, bottom, strict=True):
        upper_text = "" if upper is None else str(upper).strip()
        lower_text = "" if lower is None else str(lower).strip()
        if upper_text:
            carried = upper_text if lower_text else ""
            labels.append(f"{upper_text} {lower_text}".strip())
        elif lower_text:
            labels.append(f"{carried} {lower_text}".strip())
        else:
            labels.append("")
    return labels


def _lookup_columns(layout: Layout) -> dict[str, str]:
    return {word: name for name, words in layout.columns.items() for word in words}


def _plan_long(layout: Layout, labels: list[str], fixed: dict[str, str]) -> TablePlan:
    by_word = _lookup_columns(layout)
    field_columns: dict[str, int] = {}
    ignored: list[str] = []
    repeated: list[str] = []
    for column, written in enumerate(labels):
        label = normalize_label(written)
        name = by_word.get(label)
        if name and name in field_columns:
            first = field_columns[name]
            repeated.append(_repeat_note(name, labels[first], first, written, column))
        elif name:
            field_columns[name] = column
        elif label and label not in layout.ignore_columns:
            ignored.append(_column_note(written, column))
    missing = [name for name in layout.required_fields() if name not in field_columns]
    if "target" not in field_columns and "realization" not in field_columns:
        missing.append("target or realization")
    label_columns = [field_columns[n] for n in ("office_code", "office_name") if n in field_columns]
    return TablePlan(
        layout=layout,
        header_index=0,
        header_number=0,
        header_cells=[],
        field_columns=field_columns,
        groups=[],
        ignored_columns=ignored,
        missing_fields=missing,
        score=len(field_columns),
        label_columns=label_columns,
        repeated_columns=repeated,
    )


def _plan_wide(layout: Layout, labels: list[str], fixed: dict[str, str]) -> TablePlan:
    by_word = _lookup_columns(layout)
    parser = _WideLabelParser(layout, fixed)
    field_columns: dict[str, int] = {}
    groups: dict[tuple[str | None, str | None], ValueGroup] = {}
    ignored: list[str] = []
    repeated: list[str] = []
    value_columns: set[int] = set()
    for column, written in enumerate(labels):
        label = normalize_label(written)
        if not label:
            continue
        name = by_word.get(label)
        if name and name in field_columns:
            first = field_columns[name]
            repeated.append(_repeat_note(name, labels[first], first, written, column))
            continue
        if name:
            field_columns[name] = column
            continue
        parsed = parser.parse(label)
        if parsed:
            measure, segment, metric = parsed
            group = groups.setdefault(
                (segment, metric),
                ValueGroup(segment, metric, _group_label(layout, segment, metric)),
            )
            if measure not in group.columns:
                group.columns[measure] = column
                value_columns.add(column)
                continue
            first = group.columns[measure]
            what = f"{measure} of {group.label or 'the file'}"
            repeated.append(_repeat_note(what, labels[first], first, written, column))
            continue
        if label not in layout.ignore_columns:
            ignored.append(_column_note(written, column))
    missing = [name for name in layout.required_fields() if name not in field_columns]
    if not groups:
        missing.append("value columns (e.g. 'Target PU', 'Realisasi PU')")
    first_value = min(value_columns, default=len(labels))
    # TOTAL/JUMLAH usually sits in the No/name cells, merged across the label columns.
    label_columns = [c for c in range(first_value) if c not in field_columns.values()]
    label_columns += [
        field_columns[n] for n in ("office_code", "office_name") if n in field_columns
    ]
    score = len(field_columns) + len(value_columns)
    return TablePlan(
        layout=layout,
        header_index=0,
        header_number=0,
        header_cells=[],
        field_columns=field_columns,
        groups=list(groups.values()),
        ignored_columns=ignored,
        missing_fields=missing,
        score=score,
        label_columns=sorted(set(label_columns)),
        repeated_columns=repeated,
    )


def _group_label(layout: Layout, segment: str | None, metric: str | None) -> str:
    """What tells this group's rows apart on one line: "PU", or "PU/participants"."""
    varying = [(segment, "segment"), (metric, "metric")]
    return "/".join(value for value, name in varying if value and name not in layout.fixed)


class _WideLabelParser:
    """Splits a wide value-column header ("target pu", "pu realisasi", "% bpu") into its parts.

    Returns (measure, segment, metric), taking segment/metric from the layout's ``fixed``
    when the header does not name them; None when the header is not a value column.
    """

    def __init__(self, layout: Layout, fixed: dict[str, str]) -> None:
        self.layout = layout
        self.fixed = fixed
        self.measure_words = {w: m for m, words in layout.measures.items() for w in words}
        self.measure = _phrase_pattern(self.measure_words)
        self.segment = _phrase_pattern(layout.segment_lookup)
        self.metric = _phrase_pattern(layout.metric_lookup)

    def parse(self, label: str) -> tuple[str, str | None, str | None] | None:
        measure, rest = _take(self.measure, label, self.measure_words)
        if measure is None:
            return None
        segment, rest = _take(self.segment, rest, self.layout.segment_lookup)
        metric, rest = _take(self.metric, rest, self.layout.metric_lookup)
        segment = segment or self.fixed.get("segment")
        metric = metric or self.fixed.get("metric")
        if rest.strip(" -/_.,") or segment is None or metric is None:
            return None
        return measure, segment, metric


def _phrase_pattern(words: dict[str, str]) -> re.Pattern[str]:
    return _phrase_pattern_of(frozenset(w for w in words if w))


@lru_cache(maxsize=512)  # every header position of every layout asks for the same few
def _phrase_pattern_of(words: frozenset[str]) -> re.Pattern[str]:
    # Longest first, so that "bukan penerima upah" wins over "penerima upah"; then by spelling,
    # so that one set of words always makes one pattern.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w%])(?:{alternatives})(?![\w%])")


def _take(pattern: re.Pattern[str], text: str, words: dict[str, str]) -> tuple[str | None, str]:
    match = pattern.search(text)
    if not match:
        return None, text
    return words[match.group(0)], (text[: match.start()] + " " + text[match.end() :]).strip()


def _repeat_note(meaning: str, first_written: str, first: int, written: str, column: int) -> str:
    return (
        f"{meaning} is named twice: {_column_note(first_written, first)} and "
        f"{_column_note(written, column)}"
    )


def _column_note(written: str, column: int) -> str:
    return f"{written!r} (column {column + 1})"


def find_report_date(
    plan: TablePlan, head: list[tuple[int, list[object]]], file_name: str = ""
) -> date | str:
    """The file-wide report date for layouts that take it from a title, a cell, the mapping
    itself or the file name.

    Returns the date, or a text explaining why none was found.
    """
    layout = plan.layout
    if layout.report_date_from == "fixed":
        return layout.report_date_value
    if layout.report_date_from == "file_name":
        return date_from_file_name(layout.report_date_pattern, file_name)
    if layout.report_date_from == "cell":
        letters, row = coordinate_from_string(layout.report_date_cell)
        column = column_index_from_string(letters) - 1
        cells = head[row - 1][1] if row - 1 < len(head) else []
        value = cells[column] if column < len(cells) else None
        if value is None or value == "":
            return (
                f"cell {layout.report_date_cell} (where layout {layout.name!r} expects it) is empty"
            )
        try:
            found = parse_date(value) if isinstance(value, date) else find_date_in_text(str(value))
        except NotADate as exc:
            return f"cell {layout.report_date_cell}: {exc}"
        return found or f"cell {layout.report_date_cell} holds no date: {str(value)[:80]!r}"
    titles = []
    for cells in plan.title_rows:
        for value in cells:
            if value is None or value == "":
                continue
            if isinstance(value, date):
                return parse_date(value)
            titles.append(str(value))
            try:
                found = find_date_in_text(str(value))
            except NotADate as exc:
                return f"the title {str(value)!r} names a date that does not exist ({exc})"
            if found:
                return found
    seen = "; ".join(repr(t) for t in titles) or "no title rows at all"
    return f"no date found in the title rows above the header (saw: {seen})"


def date_from_file_name(pattern: re.Pattern[str], file_name: str) -> date | str:
    """The date the named groups of ``pattern`` find in ``file_name``: ``year``, and
    ``month`` (a number or a month name) and ``day`` where given. A file named for a year
    reports as of its end, one named for a month as of the month's end."""
    match = pattern.search(file_name)
    if not match:
        return f"the file name does not match the pattern {pattern.pattern!r}"
    parts = match.groupdict()
    try:
        year = int(parts["year"])
        month_text = (parts.get("month") or "12").strip()
        month = int(month_text) if month_text.isdigit() else MONTHS[month_text.lower()]
        day_text = parts.get("day")
        day = int(day_text) if day_text else monthrange(year, month)[1]
        return date(year, month, day)
    except (KeyError, TypeError, ValueError) as exc:
        found = {name: value for name, value in parts.items() if value is not None}
        return f"the file name gives {found}, which is not a date ({exc})"
