"""Reading a delimited text file record by record, lazily, with physical line numbers.

Yields ``(line_number, cells, problem)``: ``line_number`` is the physical line where the
record starts (a quoted cell may span several lines), ``cells`` the list of strings, and
``problem`` a text when the record could not be split into cells at all (then ``cells`` is
None, or for an overlong line a short text standing in for it).

Memory stays flat: the file is read in fixed-size chunks, and a line longer than
``MAX_LINE_CHARS`` is skipped to its end instead of being held whole (a 10 MB line costs
100 KB, not 10 MB).

A file without quotes is also read as :meth:`CsvSource.text_blocks`: whole lines, a few
hundred KB at a time, so that a canonical file can be checked and loaded a block at a time
(see ``fast_canonical``) instead of a cell at a time.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from functools import cached_property
from itertools import islice
from pathlib import Path

# No real branch-report line comes anywhere near this; a longer one is garbage.
MAX_LINE_CHARS = 100_000
_CHUNK_CHARS = 64 * 1024  # below MAX_LINE_CHARS: see _bounded_lines
# text_blocks: lines are handed over in blocks of about this size. Small enough for a block and
# its COPY data to stay in the processor's cache while it is checked, large enough that the
# per-block work is small.
_BLOCK_CHARS = 128 * 1024
# text_blocks reads the file through a buffer this large: fewer reads, so fewer times the
# reading thread lets go of the GIL and has to wait to get it back from the COPY thread.
_READ_BUFFER_BYTES = 1 << 20
_PREFIX_CHARS = 200
CANDIDATE_DELIMITERS = (",", ";", "\t", "|")

_ASCII_COMPATIBLE = ("utf-8", "utf-8-sig", "cp1252", "latin-1")

CsvRecord = tuple[int, list[str] | str | None, str | None]


class CsvSource:
    """One delimited text file with a known encoding and delimiter."""

    kind = "csv"

    def __init__(
        self, path: Path, encoding: str, delimiter: str, sibling: CsvSource | None = None
    ) -> None:
        """``sibling``: another source of the same file and encoding (another delimiter); the
        file is then searched for quotes once for both."""
        self.path = path
        self.encoding = encoding
        self.delimiter = delimiter
        self.display_name = path.name
        self._sibling = sibling if sibling is not None and sibling.encoding == encoding else None

    def line_ref(self, line_number: int) -> str:
        return f"line {line_number}"

    def render(self, cells: list[object] | str | None) -> str:
        """The record as text again, for the audit trail (re-quoted where needed)."""
        if cells is None:
            return ""
        if isinstance(cells, str):  # the stand-in for an overlong line, already text
            return cells
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=self.delimiter, lineterminator="").writerow(cells)
        return buffer.getvalue()

    def head(self, max_records: int) -> list[tuple[int, list[str]]]:
        """The first records, for finding the header and the layout.

        A record that cannot be split stays in as an empty one: the header's position counts it.
        """
        return [(number, cells or []) for number, cells, _ in islice(self.records(), max_records)]

    def records(self) -> Iterator[CsvRecord]:
        if self.quote_free:
            return self._split_records()
        return self._csv_records()

    @cached_property
    def quote_free(self) -> bool:
        """True if the file has no quote character at all, so a line is a record and its
        cells are simply ``line.split(delimiter)`` -- exactly what the csv module would give,
        at a third of the cost. Machine-written canonical files are like that."""
        if self.encoding not in _ASCII_COMPATIBLE:
            return False
        if self._sibling is not None:
            return self._sibling.quote_free
        with self.path.open("rb") as handle:
            return not any(b'"' in chunk for chunk in iter(lambda: handle.read(1 << 20), b""))

    def _split_records(self) -> Iterator[CsvRecord]:
        for first, text, overlong in self.text_blocks():
            yield from self.block_records(first, text, overlong)

    def block_records(
        self, first: int, text: str, overlong: dict[int, tuple[str, str]]
    ) -> Iterator[CsvRecord]:
        """The records of one block from :meth:`text_blocks` (quote-free files only)."""
        delimiter = self.delimiter
        lines = text.split("\n")
        lines.pop()  # after the last line end
        for number, line in enumerate(lines, start=first):
            if overlong and number in overlong:
                stand_in, problem = overlong[number]
                yield number, stand_in, problem
            elif line:
                yield number, line.split(delimiter), None
            else:
                yield number, [], None  # what the csv module gives for an empty line

    def text_blocks(self) -> Iterator[tuple[int, str, dict[int, tuple[str, str]]]]:
        """A quote-free file as ``(first line number, text, overlong lines)`` blocks.

        ``text`` is whole lines, each ending with "\n" (also the file's last line), about
        ``_BLOCK_CHARS`` at a time. A line longer than ``MAX_LINE_CHARS`` is not kept: it is an
        empty line in ``text``, and ``overlong[line number]`` holds the stand-in for the audit
        trail and the problem. Every other line is at most ``MAX_LINE_CHARS`` long.
        """
        with self.path.open(
            encoding=self.encoding, newline=None, buffering=_READ_BUFFER_BYTES
        ) as handle:
            first = 1  # line number of the first line of the block being built
            pieces: list[str] = []
            size = lines = 0  # characters and lines in pieces
            overlong: dict[int, tuple[str, str]] = {}
            pending = ""  # the start of a line whose end is in a later chunk
            prefix = ""  # the start of the overlong line being skipped
            skipped = 0  # > 0 while skipping the rest of an overlong line: its length so far
            while chunk := handle.read(_CHUNK_CHARS):
                cut = chunk.rfind("\n")
                if cut < 0:  # no line end in this chunk at all
                    if skipped:
                        skipped += len(chunk)
                    elif len(pending) + len(chunk) > MAX_LINE_CHARS:
                        prefix = (pending + chunk)[:_PREFIX_CHARS]
                        skipped, pending = len(pending) + len(chunk), ""
                    else:
                        pending += chunk
                    continue
                end = chunk.find("\n")
                if skipped or len(pending) + end > MAX_LINE_CHARS:
                    if not skipped:
                        prefix = (pending + chunk[:end])[:_PREFIX_CHARS]
                        skipped = len(pending)
                    overlong[first + lines] = _overlong(prefix, skipped + end, first + lines)
                    pieces.append("\n")  # the overlong line, as an empty one
                    pieces.append(chunk[end + 1 : cut + 1])
                    skipped = 0
                else:
                    # Lines wholly inside one chunk are shorter than it, so never overlong.
                    pieces.append(pending)
                    pieces.append(chunk[: cut + 1])
                pending = chunk[cut + 1 :]
                lines += chunk.count("\n")
                size += cut + 1
                if size >= _BLOCK_CHARS:
                    yield first, "".join(pieces), overlong
                    first += lines
                    pieces, size, lines, overlong = [], 0, 0, {}
            if skipped:
                overlong[first + lines] = _overlong(prefix, skipped, first + lines)
                pieces.append("\n")
            elif pending:
                pieces.append(pending + "\n")
            if pieces:
                yield first, "".join(pieces), overlong

    def _csv_records(self) -> Iterator[CsvRecord]:
        # newline=None turns \r\n and lone \r into \n, so line counting sees one kind of line
        # end; the csv module still joins quoted cells that span lines.
        with self.path.open(encoding=self.encoding, newline=None) as handle:
            overlong = _Overlong()
            lines = _bounded_lines(handle, overlong, line_ends=True)
            reader = csv.reader(lines, delimiter=self.delimiter)
            next_line = 1
            while True:
                try:
                    # A for loop is much cheaper per record than next(); after a csv.Error the
                    # reader is still usable, so the loop is simply entered again.
                    for cells in reader:
                        start, next_line = next_line, reader.line_num + 1
                        if overlong.length:
                            stand_in = overlong.stand_in()
                            yield start, stand_in, overlong.describe(start, reader.line_num)
                        else:
                            yield start, cells, None
                    return
                except csv.Error as exc:
                    start, next_line = next_line, reader.line_num + 1
                    overlong.length = 0
                    where = _span(start, reader.line_num)
                    yield start, None, f"cannot split {where} into cells ({exc})"


class _Overlong:
    """Set by the line splitter when it hands over a stand-in for a line that was too long."""

    def __init__(self) -> None:
        self.length = 0
        self.prefix = ""

    def stand_in(self) -> str:
        """What the audit trail gets instead of the line: its start and its length."""
        return f"{self.prefix}... ({self.length:,} characters)"

    def describe(self, start: int, end: int) -> str:
        length, self.length = self.length, 0
        return (
            f"{_span(start, end)} is {length:,} characters long, more than the "
            f"{MAX_LINE_CHARS:,} a report row can plausibly have"
        )


def _overlong(prefix: str, length: int, number: int) -> tuple[str, str]:
    """(stand-in, problem) for an overlong line: the same words as :class:`_Overlong`."""
    overlong = _Overlong()
    overlong.prefix, overlong.length = prefix, length
    return overlong.stand_in(), overlong.describe(number, number)


def _bounded_lines(handle: io.TextIOBase, overlong: _Overlong, line_ends: bool) -> Iterator[str]:
    """The stream's lines, holding at most ~MAX_LINE_CHARS of any one.

    With ``line_ends`` each line keeps its "\n" (the csv module needs it to keep line breaks
    inside quoted cells); without, lines come bare.

    Reads fixed-size chunks and splits them (faster than readline). A line that grows past
    MAX_LINE_CHARS is skipped to its end without being kept and replaced by an empty line;
    ``overlong.length`` is set just before that stand-in is handed over, so the record loop
    knows the record it gets next is not the real one.
    """
    end = "\n" if line_ends else ""
    pending = ""  # the start of a line whose end is in a later chunk
    prefix = ""  # the start of the overlong line being skipped, for the audit trail
    skipped = 0  # > 0 while skipping the rest of an overlong line: its length so far
    while chunk := handle.read(_CHUNK_CHARS):
        pieces = chunk.split("\n")
        tail = pieces.pop()  # after the chunk's last "\n": the start of an unfinished line
        if not pieces:  # no line end in this chunk at all
            if skipped:
                skipped += len(tail)
            elif len(pending) + len(tail) > MAX_LINE_CHARS:
                prefix = (pending + tail)[:_PREFIX_CHARS]
                skipped, pending = len(pending) + len(tail), ""
            else:
                pending += tail
            continue
        first = pieces[0]
        if skipped:
            overlong.length, overlong.prefix, skipped = skipped + len(first), prefix, 0
            yield end
        elif len(pending) + len(first) > MAX_LINE_CHARS:
            overlong.prefix = (pending + first)[:_PREFIX_CHARS]
            overlong.length, pending = len(pending) + len(first), ""
            yield end
        else:
            yield pending + first + end
        pending = tail
        # Lines wholly inside one chunk are shorter than the chunk, so never overlong.
        if line_ends:
            yield from [line + "\n" for line in pieces[1:]]
        else:
            yield from islice(pieces, 1, None)
    if skipped:
        overlong.length, overlong.prefix = skipped, prefix
        yield end
    elif pending:
        yield pending


def _span(start: int, end: int) -> str:
    return f"line {start}" if end <= start else f"the record on lines {start}-{end}"
