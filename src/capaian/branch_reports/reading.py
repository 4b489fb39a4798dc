"""Reading one branch report file: pick the layout, then stream its rows as outcomes.

:func:`read_branch_report` does the cheap, up-front work (encoding, delimiter or sheet, header,
layout) and raises :class:`BranchReportError` if the file as a whole cannot be read.
:meth:`BranchReportReading.rows` then streams one :class:`RowOutcome` per input record.

Duplicate keys. The key (report_date, office_code, segment, metric) may appear only once per
file, and when it appears twice *both* rows are rejected, because nobody can tell which one
the branch meant. A streaming reader cannot know on line 5 that line 90 000 repeats it, so
``rows()`` reads the file twice, both times along the loader's one streaming path
(``_blocks``):

1. a first, cheap pass computes only the key of each record and remembers a hash of each
   key (8 bytes a record in an array: the only memory that grows with the file). If some
   hash repeats, one more pass compares the full keys of just those records and collects
   their line references (:meth:`BranchReportReading.duplicates`).
2. the second pass validates and yields. Every outcome it yields is final: an accepted row is
   never taken back later, so the loader can COPY accepted rows as they come.

The loader uses :meth:`BranchReportReading.copy_batches` instead: ONE pass that hands over
COPY data a block at a time (canonical blocks checked whole, see ``fast_canonical``) with the
key hashes, and leaves duplicate keys to the loader, which takes those rows back out of
staging in the same transaction.

Every data record yields exactly one outcome (wide layouts: one per column group that has a
value), so ``rows_read == rows_accepted + rows_rejected``. Rows that are not data (blank rows,
the TOTAL row) are skipped, counted in ``rows_skipped`` and described in ``notices``.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, itemgetter
from pathlib import Path

from capaian.branch_reports.canonical import RowOutcome
from capaian.branch_reports.csv_source import CANDIDATE_DELIMITERS, CsvSource
from capaian.branch_reports.encoding import detect_encoding
from capaian.branch_reports.errors import BranchReportError
from capaian.branch_reports.fast_canonical import CanonicalBlocks, key_hash
from capaian.branch_reports.layouts import (
    CANONICAL_FIELDS,
    Layout,
    LayoutError,
    get_layout,
    load_layout,
)
from capaian.branch_reports.layouts import list_layouts as _all_layouts
from capaian.branch_reports.table_plan import (
    MAX_HEADER_SEARCH_ROWS,
    TablePlan,
    find_report_date,
    plan_table,
)
from capaian.branch_reports.validation import RowValidator, office_lookup
from capaian.branch_reports.xlsx_source import XlsxSheetSource, XlsxWorkbook

XLSX_SUFFIXES = (".xlsx", ".xlsm")
_HEAD_RECORDS = MAX_HEADER_SEARCH_ROWS + 2
_MAX_NOTICES = 200  # a file with 10 000 skipped rows gets a summary, not 10 000 notices
_TOO_MANY_CELLS_HINT = " (an unquoted delimiter inside a value?)"
_NO_VALUES_PROBLEM = (
    "target, realization: no value in any column group (an office without figures?)"
)


@dataclass
class ReadingCounts:
    rows_read: int = 0  # data records turned into outcomes
    rows_accepted: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0  # blank, TOTAL and other non-data rows (not outcomes)


@dataclass
class BranchReportReading:
    """An opened branch report; iterate :meth:`rows` to get the outcomes."""

    path: Path
    layout: Layout
    plan: TablePlan
    source: CsvSource | XlsxSheetSource
    notices: list[str] = field(default_factory=list)
    # rows_skipped grows as rows() runs; all counts are final once rows() has run to the end.
    counts: ReadingCounts = field(default_factory=ReadingCounts)
    today: date | None = None  # for tests; dates after it are rejected as future

    def __post_init__(self) -> None:
        self.opening_notices = list(self.notices)  # rows() adds to a fresh copy each time

    @property
    def layout_name(self) -> str:
        return self.layout.name

    @property
    def header_ref(self) -> str:
        return self.source.line_ref(self.plan.header_number)

    def rows(self) -> Iterator[RowOutcome]:
        """Yield one outcome per data record, in file order (see the module docstring)."""
        validator = self._validator()
        duplicates = {
            (d.number, d.suffix): d.reason for d in self.duplicates(self._repeated_keys(validator))
        }
        counts = self.counts = ReadingCounts()
        self.notices[:] = self.opening_notices
        source = self.source
        accepted = rejected = 0
        try:
            # Record by record: no block is taken whole, so every accepted row has its Row.
            for block in self._blocks(validator, b"", collect_notices=True, whole_blocks=False):
                for number, cells, suffix, values, problem in block.candidates:
                    if problem is None:
                        row, reason = validator.validate(values)
                        if duplicates:
                            duplicate = duplicates.get((number, suffix))
                            if duplicate:
                                reason = f"{reason}; {duplicate}" if reason else duplicate
                                row = None
                    else:
                        row, reason = None, problem
                    if row is None:
                        rejected += 1
                    else:
                        accepted += 1
                    yield RowOutcome(source, number, cells, row, reason, suffix)
        finally:  # also when the caller stops early
            counts.rows_accepted, counts.rows_rejected = accepted, rejected
            counts.rows_read = accepted + rejected

    def copy_batches(self, row_prefix: bytes) -> Iterator[CopyBatch]:
        """The file as COPY data, a block at a time, for the loader (one pass, flat memory).

        Unlike :meth:`rows`, duplicate keys are NOT rejected here: an accepted row's COPY line
        is final only once the whole file has been read. Each batch carries the hashes of its
        records' keys; the caller collects them, finds the repeated ones
        (:func:`repeated_hashes`) and asks :meth:`duplicates` which records they are.

        COPY lines are CSV: ``row_prefix``, the line reference, then the canonical columns.
        Counts and notices are final once the last batch has been taken.
        """
        validator = self._validator()
        counts = self.counts = ReadingCounts()
        self.notices[:] = self.opening_notices
        source = self.source
        for block in self._blocks(validator, row_prefix, collect_notices=True):
            if block.fast is not None:
                data, hashes, lines = block.fast
                counts.rows_accepted += len(lines)
                counts.rows_read += len(lines)
                yield CopyBatch(data, len(lines), [], hashes, block.last_line)
                continue
            out: list[str] = []
            prefix = row_prefix.decode("utf-8")
            hashes = array("q")
            rejections: list[tuple[int, RowOutcome]] = []
            for seq, (number, cells, suffix, values, problem) in enumerate(
                block.candidates, start=block.first_seq
            ):
                if problem is None:
                    row, reason = validator.validate(values)
                    key = validator.key_of(values)
                    if key is not None:
                        hashes.append(key_hash(*key))
                else:
                    row, reason = None, problem
                outcome = RowOutcome(source, number, cells, row, reason, suffix)
                if row is None:
                    rejections.append((seq, outcome))
                else:
                    out.append(prefix + _csv_line(outcome.line_ref, row.as_copy_fields()))
            counts.rows_read += len(block.candidates)
            counts.rows_accepted += len(out)
            counts.rows_rejected += len(rejections)
            data = "".join(out).encode("utf-8")
            yield CopyBatch(data, len(out), rejections, hashes, block.last_line)

    def duplicates(self, repeated: set[int]) -> list[Duplicate]:
        """The records whose key appears more than once in the file, in file order.

        ``repeated`` holds the key hashes seen more than once (from the batches of
        :meth:`copy_batches` or from :meth:`rows`' first pass); a second read of the file looks
        at the full keys of just those records, so a hash collision rejects nothing.
        """
        validator = self._validator()
        places: dict[tuple, list[tuple[int, int, str, object]]] = defaultdict(list)
        if repeated:
            for seq, number, suffix, cells, key in self._keyed_records(validator, repeated):
                places[key].append((seq, number, suffix, cells))
        found = []
        for key, where in places.items():
            if len(where) < 2:
                continue  # a hash collision, not a duplicate
            refs = [self._ref(number, suffix) for _, number, suffix, _ in where]
            refs_text = ", ".join(refs[:-1]) + " and " + refs[-1]
            shown = f"({key[0].isoformat()}, {key[1]}, {key[2]}, {key[3]})"
            reason = f"duplicate key {shown}: it appears on {refs_text}; all of them are rejected"
            for (seq, number, suffix, cells), ref in zip(where, refs, strict=True):
                found.append(Duplicate(seq, number, suffix, ref, self.source.render(cells), reason))
        found.sort(key=attrgetter("seq"))
        return found

    # -- internals -----------------------------------------------------------------------

    def _validator(self) -> RowValidator:
        return RowValidator(
            self.plan.decimal_mark or self.layout.decimal_mark or ".",
            self.layout.segment_lookup,
            self.layout.metric_lookup,
            today=self.today,
            office_by_name=None if self.layout.has_office_codes else office_lookup(),
        )

    def _repeated_keys(self, validator: RowValidator) -> set[int]:
        """The key hashes seen more than once in the file: a first pass that keeps only the
        hash of each key, 8 bytes a record in an array (the only memory that grows with the
        file); :meth:`duplicates` then checks those records' full keys."""
        hashes = array("q")
        key_of = validator.key_of
        for block in self._blocks(validator, b"", collect_notices=False):
            if block.fast is not None:
                hashes.extend(block.fast[1])
                continue
            for _, _, _, values, problem in block.candidates:
                if problem is None:
                    key = key_of(values)
                    if key is not None:
                        hashes.append(key_hash(*key))
        return repeated_hashes(hashes)

    def _ref(self, number: int, suffix: str) -> str:
        ref = self.source.line_ref(number)
        return f"{ref} ({suffix})" if suffix else ref

    def _keyed_records(self, validator: RowValidator, repeated: set[int]) -> Iterator[tuple]:
        """(seq, number, suffix, cells, key) of the records whose key hash is in ``repeated``."""
        key_of = validator.key_of
        getter = _long_getter(self.plan)[0] if self.layout.shape == "long" else None
        for block in self._blocks(validator, b"", collect_notices=False):
            if block.fast is not None:
                _, hashes, lines = block.fast
                for index, fingerprint in enumerate(hashes):
                    if fingerprint in repeated:
                        cells = lines[index].decode("utf-8").rstrip("\n").split(",")
                        key = key_of(getter(cells))
                        number = block.first_line + index
                        yield block.first_seq + index, number, "", cells, key
                continue
            for seq, (number, cells, suffix, values, problem) in enumerate(
                block.candidates, start=block.first_seq
            ):
                if problem is None:
                    key = key_of(values)
                    if key is not None and key_hash(*key) in repeated:
                        yield seq, number, suffix, cells, key

    def _blocks(
        self,
        validator: RowValidator,
        row_prefix: bytes,
        collect_notices: bool,
        whole_blocks: bool = True,
    ) -> Iterator[_Block]:
        """The file's candidate rows a block at a time: the one streaming path every reading
        of a file takes (rows(), copy_batches(), the duplicate and decimal-mark passes).

        A quote-free CSV is read in blocks of whole lines; in canonical order and with
        ``whole_blocks``, a block that :class:`CanonicalBlocks` finds plainly valid comes back
        as COPY data (``fast``), any other block as candidate records. Other files come as
        blocks of candidates.
        """
        sifter = _Sifter(self, collect_notices)
        seq = 0
        source = self.source
        if isinstance(source, CsvSource) and source.quote_free:
            fast = (
                CanonicalBlocks(validator)
                if whole_blocks and CanonicalBlocks.applies_to(self.layout, self.plan, source)
                else None
            )
            data_start = self.plan.data_start_index + 1  # the first data line (1-based)
            for first, text, overlong in source.text_blocks():
                last_line = first + text.count("\n") - 1
                if last_line < data_start:
                    continue
                if first < data_start:  # the header (and title lines) are not data
                    cut = 0
                    for _ in range(data_start - first):
                        cut = text.index("\n", cut) + 1
                    text, first = text[cut:], data_start
                checked = fast.copy_data(text, first, row_prefix) if fast and not overlong else None
                if checked is not None:
                    yield _Block(seq, first, last_line, checked, [])
                    seq += len(checked[2])
                    continue
                candidates = []
                for record in source.block_records(first, text, overlong):
                    candidates += sifter.sift(*record)
                yield _Block(seq, first, last_line, None, candidates)
                seq += len(candidates)
        else:
            records = source.records()
            for _ in range(self.plan.data_start_index):  # title and header rows
                next(records, None)
            candidates = []
            number = 0
            for number, cells, problem in records:
                candidates += sifter.sift(number, cells, problem)
                if len(candidates) >= _SLOW_BLOCK_ROWS:
                    yield _Block(seq, 0, number, None, candidates)
                    seq += len(candidates)
                    candidates = []
            if candidates:
                yield _Block(seq, 0, number, None, candidates)
        sifter.finish()

    def _skipped(self, notice: str, count: int = 1) -> None:
        self.counts.rows_skipped += count
        if len(self.notices) < _MAX_NOTICES:
            self.notices.append(notice)
        elif len(self.notices) == _MAX_NOTICES:
            self.notices.append("... more skipped rows; see counts.rows_skipped")


@dataclass
class CopyBatch:
    """COPY data for a block of records, from :meth:`BranchReportReading.copy_batches`."""

    data: bytes  # CSV lines for COPY, each starting with the caller's row prefix
    accepted: int  # rows in data
    rejected: list[tuple[int, RowOutcome]]  # (record sequence number, outcome), in file order
    key_hashes: array  # one per record whose key could be read (accepted or not)
    last_line: int  # how far into the file (line or row number), for progress


@dataclass(frozen=True)
class Duplicate:
    """A record whose key appears more than once in the file; all such records are rejected."""

    seq: int  # the record's position among the file's outcomes (0 = first)
    number: int
    suffix: str
    line_ref: str
    raw_record: str
    reason: str


@dataclass
class _Block:
    first_seq: int  # sequence number of the block's first outcome
    first_line: int  # fast blocks: the number of the first line
    last_line: int
    fast: tuple[bytes, array, list[bytes]] | None  # COPY data, key hashes, lines
    candidates: list[tuple]  # otherwise: (number, cells, suffix, values, problem)


class _Sifter:
    """Turns records into candidate rows: skips blank, TOTAL and other non-data rows (counting
    them for the notices), pads short records, and splits wide records into column groups."""

    def __init__(self, reading: BranchReportReading, collect_notices: bool) -> None:
        self.reading = reading
        self.collect_notices = collect_notices
        plan = reading.plan
        self.plan = plan
        self.width = len(plan.header_cells)
        self.skip_rules = reading.layout.skip_rules
        self.label_columns = plan.label_columns
        self.is_long = reading.layout.shape == "long"
        if self.is_long:
            self.getter, self.tail = _long_getter(plan)
        self.skipped_blank = self.skipped_empty_groups = 0

    def sift(self, number: int, cells, problem: str | None) -> list[tuple]:
        if problem is not None:
            return [(number, cells, "", None, f"record: {problem}")]
        if not cells or (not cells[0] and _is_blank(cells)):
            self.skipped_blank += 1
            return []
        if self.skip_rules:
            rule = _matching_skip_rule(cells, self.label_columns, self.skip_rules)
            if rule is not None:
                if self.collect_notices:
                    reading = self.reading
                    reading._skipped(f"skipped {rule} at {reading.source.line_ref(number)}")
                return []
        width = self.width
        if len(cells) != width:
            if len(cells) > width and any(_filled(c) for c in cells[width:]):
                problem = f"record: {len(cells)} cells but the header has {width}"
                return [(number, cells, "", None, problem + _TOO_MANY_CELLS_HINT)]
            cells = cells[:width] + [""] * (width - len(cells))
        if self.is_long:
            tail = self.tail
            return [(number, cells, "", self.getter(cells + tail if tail else cells), None)]
        found = []
        for group_values, label in _wide_values(self.plan, cells):
            if group_values is None:
                self.skipped_empty_groups += 1
                continue
            found.append((number, cells, label, group_values, None))
        return found or [(number, cells, "", None, _NO_VALUES_PROBLEM)]

    def finish(self) -> None:
        if not self.collect_notices:
            return
        reading = self.reading
        if self.skipped_blank:
            reading._skipped(f"skipped {self.skipped_blank} blank row(s)", count=self.skipped_blank)
        if self.skipped_empty_groups:
            reading.notices.append(
                f"{self.skipped_empty_groups} empty column group(s) (no target, realization or "
                "%) were not turned into rows"
            )


def repeated_hashes(hashes: array) -> set[int]:
    """The values that occur more than once in an array of int64 hashes.

    Sorted in place with numpy (8 bytes a record, no Python object per record): the array's
    order is lost.
    """
    if len(hashes) < 2:
        return set()
    import numpy as np  # only here: importing it costs ~0.1 s

    values = np.frombuffer(hashes, dtype=np.int64)
    values.sort()
    same = values[1:] == values[:-1]
    found = set(values[1:][same].tolist()) if same.any() else set()
    del values  # releases the array's buffer
    return found


def _csv_line(line_ref: str, fields: tuple) -> str:
    """``line_ref,field,...\n`` in COPY's CSV format (empty unquoted = NULL)."""
    return ",".join(map(_csv_field, (line_ref, *fields))) + "\n"


def _csv_field(value: str | None) -> str:
    if value is None:
        return ""
    if value == "" or any(c in value for c in _CSV_SPECIAL):
        return '"' + value.replace('"', '""') + '"'
    return value


_CSV_SPECIAL = (",", '"', "\n", "\r")
_SLOW_BLOCK_ROWS = 5_000


def _long_getter(plan: TablePlan):
    """A function picking the canonical values out of a padded record, in canonical order.

    Fields that do not come from a column (a fixed segment, a date from the title, an absent
    optional column) are appended to the record as ``tail`` so one itemgetter does it all.
    """
    width = len(plan.header_cells)
    tail: list[object] = []
    indices = []
    for name in CANONICAL_FIELDS:
        if name in plan.field_columns:
            indices.append(plan.field_columns[name])
            continue
        indices.append(width + len(tail))
        if name == "report_date":
            tail.append(plan.report_date)
        else:
            tail.append(plan.fixed.get(name, ""))
    return itemgetter(*indices), tail


def _wide_values(plan: TablePlan, cells: list[object]):
    columns = plan.field_columns
    report_date = (
        plan.report_date if "report_date" not in columns else cells[columns["report_date"]]
    )
    code = cells[columns["office_code"]] if "office_code" in columns else ""
    name = cells[columns["office_name"]]
    for group in plan.groups:
        measures = [cells[group.columns[m]] if m in group.columns else "" for m in _MEASURES]
        if not any(_filled(v) for v in measures):
            yield None, group.label
            continue
        yield (report_date, code, name, group.segment, group.metric, *measures), group.label


_MEASURES = ("target", "realization", "reported_pct")


def _filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _is_blank(cells: list[object]) -> bool:
    return not any(_filled(c) for c in cells)


def _matching_skip_rule(cells, label_columns, rules) -> str | None:
    for column in label_columns:
        if column < len(cells):
            value = cells[column]
            if isinstance(value, str) and value:
                text = value.strip()
                for rule in rules:
                    if rule.pattern.search(text):
                        return f"{rule.label} {' '.join(text.split())!r}"
    return None


# -- opening a file ----------------------------------------------------------------------


def list_layouts() -> list[Layout]:
    """The layouts the reader knows (one per YAML file in ``layouts/``)."""
    return _all_layouts()


def read_branch_report(path: Path | str, layout: str | Path | None = None) -> BranchReportReading:
    """Open a branch report, work out its layout, and get ready to stream its rows.

    ``layout`` names a shipped mapping (or is the path of a mapping file, handy for trying out
    a new one); without it every mapping for the file kind is tried and the one that
    recognises the most header cells wins. Raises :class:`BranchReportError` when the file
    as a whole cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise BranchReportError(path, "the file does not exist.", "check the path.")
    if path.stat().st_size == 0:
        raise BranchReportError(
            path, "the file is empty (0 bytes).", "ask the branch office to export it again."
        )
    kind = _file_kind(path)
    layouts = _candidate_layouts(path, kind, layout)
    if kind == "xlsx":
        sources = XlsxWorkbook(path).sheet_sources()
        encoding = None
    else:
        encoding = detect_encoding(path)
        delimiters = {lay.delimiter for lay in layouts}
        if None in delimiters:
            delimiters = set(CANDIDATE_DELIMITERS) | delimiters - {None}
        ordered = sorted(delimiters, key=lambda d: CANDIDATE_DELIMITERS.index(d)
                         if d in CANDIDATE_DELIMITERS else len(CANDIDATE_DELIMITERS))  # fmt: skip
        sources = []
        for delimiter in ordered:  # one search for quotes serves them all
            sources.append(CsvSource(path, encoding, delimiter, sources[0] if sources else None))

    best: tuple[TablePlan, object, list] | None = None
    heads = []
    for source in sources:
        head = source.head(_HEAD_RECORDS)
        heads.append((source, head))
        for candidate in layouts:
            # A workbook has no delimiter: a layout fixing one still fits its sheets.
            if isinstance(source, CsvSource) and candidate.delimiter not in (
                None,
                source.delimiter,
            ):
                continue
            if candidate.sheet not in (None, getattr(source, "sheet_name", None)):
                continue
            plan = plan_table(candidate, head)
            if plan is not None and (best is None or plan.rank() > best[0].rank()):
                best = (plan, source, head)
    if best is None or best[0].score < 2:
        raise BranchReportError(path, _no_layout_problem(heads, layouts), _NO_LAYOUT_REMEDY)
    plan, source, head = best
    if not plan.fits:
        raise BranchReportError(path, _missing_columns_problem(plan, source), _MISSING_REMEDY)
    if plan.repeated_columns:
        raise BranchReportError(
            path,
            f"the header at {source.line_ref(plan.header_number)} names a column twice: "
            + "; ".join(plan.repeated_columns)
            + f" (layout {plan.layout.name!r}).",
            "remove or rename one of the two columns so each one means one thing.",
        )

    notices = [f"layout {plan.layout.name!r}, header at {source.line_ref(plan.header_number)}"]
    if encoding:
        notices[0] += f", encoding {encoding}, delimiter {source.delimiter!r}"
    if plan.layout.report_date_from != "column":
        found = find_report_date(plan, head, path.name)
        if isinstance(found, str):
            raise BranchReportError(
                path,
                f"no report date: {found}.",
                f"rename the file to match layout {plan.layout.name!r}'s pattern, or add a "
                "report date column."
                if plan.layout.report_date_from == "file_name"
                else f"put the date (e.g. 'Per 30 Juni 2024') where layout "
                f"{plan.layout.name!r} expects it, or add a report date column.",
            )
        plan.report_date = found
        notices.append(f"report date {found.isoformat()} taken from the {_date_place(plan)}")
    plan.decimal_mark = plan.layout.decimal_mark
    if plan.decimal_mark is None:
        plan.decimal_mark, how = _decide_decimal_mark(path, plan, source)
        notices.append(f"decimal mark {plan.decimal_mark!r}: {how}")
    if plan.ignored_columns:
        notices.append(
            f"ignored column(s) that layout {plan.layout.name!r} does not know: "
            + ", ".join(plan.ignored_columns)
        )
    if plan.header_index:
        notices.append(f"{plan.header_index} title row(s) above the header were not read as data")
    other_sheets = [s.sheet_name for s in sources if kind == "xlsx" and s is not source]
    if other_sheets:
        notices.append(f"only sheet {source.sheet_name!r} was read; not read: {other_sheets}")
    return BranchReportReading(path, plan.layout, plan, source, notices)


_NO_LAYOUT_REMEDY = (
    "pass layout=<name> if you know the layout, or describe this layout in a new mapping file "
    "(src/capaian/branch_reports/layouts/, see LAYOUTS.md)."
)
_MISSING_REMEDY = (
    "ask the branch to add the column, or, if it is there under another name, add that name "
    "to the layout's synonyms (see LAYOUTS.md)."
)


def _file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix == ".xls":
        raise BranchReportError(
            path, "old Excel .xls workbooks are not supported.", "save it as .xlsx or as CSV."
        )
    with path.open("rb") as handle:
        magic = handle.read(4)
    # An .xlsx under an unknown name is still an .xlsx; one named .csv gets its own message.
    return "xlsx" if magic == b"PK\x03\x04" and suffix not in (".csv", ".txt", ".tsv") else "csv"


def _candidate_layouts(path: Path, kind: str, name: str | Path | None) -> list[Layout]:
    if name is not None:
        try:
            if isinstance(name, Path) or name.endswith((".yaml", ".yml")):
                chosen = load_layout(Path(name))
            else:
                chosen = get_layout(name)
        except (LayoutError, OSError) as exc:
            raise BranchReportError(path, f"{exc}.", "use one of the known layout names.") from exc
        if kind not in chosen.file_kinds:
            raise BranchReportError(
                path,
                f"layout {name!r} is for {'/'.join(chosen.file_kinds)} files, not {kind}.",
                "choose a layout for this kind of file, or let the reader pick one.",
            )
        return [chosen]
    return [lay for lay in _all_layouts() if kind in lay.file_kinds]


def _no_layout_problem(heads, layouts: list[Layout]) -> str:
    names = ", ".join(lay.name for lay in layouts)
    seen = ""
    # Show the first rows as split by the delimiter (or sheet) that gives the most cells.
    source, head = max(heads, key=lambda sh: max((len(c) for _, c in sh[1]), default=0))
    shown = []
    for number, cells in head[:4]:
        texts = [" ".join(str(c).split()) for c in cells if c not in (None, "")]
        if texts:
            row = repr(texts[:12])
            shown.append(f"{source.line_ref(number)}: {row[:150]}{'...' if len(row) > 150 else ''}")
    seen = "; ".join(shown) if shown else "no readable rows"
    return f"no layout matches this file (tried: {names}). First rows seen: {seen}."


def _missing_columns_problem(plan: TablePlan, source) -> str:
    synonyms = [
        f"{name} (e.g. {', '.join(repr(w) for w in plan.layout.columns.get(name, ())[:3])})"
        if name in plan.layout.columns
        else name
        for name in plan.missing_fields
    ]
    header = [c for c in plan.header_cells if c]
    return (
        f"required column(s) missing: {'; '.join(synonyms)}. The closest layout is "
        f"{plan.layout.name!r}, with the header at {source.line_ref(plan.header_number)}: "
        f"{header}."
    )


# A figure as far as its decimal mark is concerned: digits, "." and "," (and grouping spaces),
# once "Rp" and "%" are off. Figures with a scale word are always Indonesian and say nothing
# about the rest of the file.
_FIGURE = re.compile(r"[+-]?[0-9][0-9., ]*")
_CURRENCY_OR_PERCENT = re.compile(r"^\s*rp\.?\s*|\s*%\s*$", re.IGNORECASE)


def _decimal_evidence(raw: object) -> str | None:
    """``","`` or ``"."`` if this figure can only be read with that decimal mark, ``"?"`` if it
    reads both ways (``1.234``: 1234 or 1.234), None if it says nothing (no separator)."""
    if raw.__class__ is not str:
        return None  # an xlsx number cell carries no written separator
    text = _CURRENCY_OR_PERCENT.sub("", raw).strip()
    if not _FIGURE.fullmatch(text):
        return None
    text = text.replace(" ", "")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        return "," if text.rfind(",") > text.rfind(".") else "."
    if not (dots or commas):
        return None
    mark = "." if dots else ","
    if dots + commas > 1:  # "1.234.567": repeated, so grouping; the other mark is the decimal
        return "," if mark == "." else "."
    whole, _, fraction = text.lstrip("+-").partition(mark)
    # Only 1-3 digits (not starting with 0) then exactly 3 can be a thousands group.
    if len(fraction) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
        return "?"
    return mark


def _decide_decimal_mark(path: Path, plan: TablePlan, source) -> tuple[str, str]:
    """The decimal mark of a file whose layout leaves it open, and how it was decided.

    Every figure of the number columns is looked at: one that reads only one way (``96,97``,
    ``1234.5``, ``1.234.567``) decides; if figures decide both ways the file is refused,
    naming one of each. Where no figure decides, ``,``-separated files follow the machine
    convention (``.``) and all others (``;``, tab, workbooks) the Indonesian one (``,``).
    """
    comma_separated = isinstance(source, CsvSource) and source.delimiter == ","
    if comma_separated and source.quote_free:
        # An unquoted "," cannot be inside a value here, so only "." can be a decimal mark;
        # a figure such as "1.234.567" is rejected on its own line.
        return ".", "the only one a comma-separated file without quotes can hold"
    reading = BranchReportReading(path, plan.layout, plan, source)
    found: dict[str, str] = {}
    validator = reading._validator()
    candidates = (
        candidate
        for block in reading._blocks(validator, b"", collect_notices=False, whole_blocks=False)
        for candidate in block.candidates
    )
    for number, _, suffix, values, _ in candidates:
        if values is None:
            continue
        for name, raw in zip(("target", "realization", "reported_pct"), values[5:8], strict=True):
            mark = _decimal_evidence(raw)
            if mark is None or mark in found:
                continue
            found[mark] = f"{reading._ref(number, suffix)}, {name} {raw.strip()!r}"
            if "," in found and "." in found:
                raise BranchReportError(
                    path,
                    "the number columns use both decimal marks: "
                    f"',' at {found[',']} and '.' at {found['.']}.",
                    "write every number of the file the same way, or fix decimal_mark in "
                    "the layout (see LAYOUTS.md).",
                )
    for mark in (",", "."):
        if mark in found:
            return mark, f"decided from the data ({found[mark]})"
    default = "." if comma_separated else ","
    why = "comma-separated files" if comma_separated else "files not separated by commas"
    if "?" in found:
        return default, f"{found['?']} reads both ways; taken as usual in {why}"
    return default, f"no figure with a decimal separator; as usual in {why}"


def _date_place(plan: TablePlan) -> str:
    where = plan.layout.report_date_from
    if where == "cell":
        return f"cell {plan.layout.report_date_cell}"
    if where == "fixed":
        return f"layout {plan.layout.name!r}"
    if where == "file_name":
        return "file name"
    return "title rows"
