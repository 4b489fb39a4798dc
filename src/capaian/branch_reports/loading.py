"""Load branch-report files into the warehouse: once each, whole or not at all, every row
accounted for.

For each file: hash its content; if that content was loaded before (under any name), record
the attempt as ``duplicate`` and stop. Otherwise, in ONE transaction: keep the file's bytes in
``raw``, put its accepted rows in ``staging.branch_report_rows`` and its rejected rows in
``audit.rejected_rows``, and write the attempt to ``audit.load_log`` with
``rows_read = rows_loaded + rows_rejected``. A process killed mid-file leaves nothing behind,
and the next run loads the file again from the start. The inbox is only ever read.

Speed: the reader hands over COPY data a block at a time (:meth:`copy_batches`; canonical
files are checked a block at a time, not a cell at a time), so Python reads the file while
PostgreSQL stores the rows (two processes, two cores). Duplicate keys are found without holding
the file's keys: each record's key hash (8 bytes) is kept, the repeated hashes are found once
the file has been read, and only those records are looked at again; their rows leave staging
in the same transaction and join the rejected rows, naming every line. The measured figures
are in docs/performance.md and docs/loader-speed.md (benchmarks/bench_branch_report_load.py).
"""

from __future__ import annotations

import hashlib
import os
import queue
import re
import struct
import sys
import tempfile
import threading
from array import array
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

import psycopg

from capaian.branch_reports import (
    CANONICAL_COLUMNS,
    BranchReportError,
    BranchReportReading,
    read_branch_report,
)
from capaian.branch_reports.reading import Duplicate, repeated_hashes
from capaian.input_files import (
    CHANGED_WHILE_LOADING,
    FileChanged,
    InputFile,
    RefusedFile,
    is_candidate,
    open_input_file,
)
from capaian.printable import printable
from capaian.warehouse.connection import connect
from capaian.warehouse.staging_writes import lock_staging_for_writing

CHUNK_BYTES = 1 << 20
# raw keeps a file in pieces that fit a table page (migration 0015): no TOAST work per piece.
RAW_PIECE_BYTES = 8000
# While a file loads, threads take turns every millisecond instead of every 5 ms (Python's
# default): the COPY thread needs the GIL briefly after each send, and the main thread's
# block checks (a regular expression over a whole block) do not release it on their own.
LOADING_SWITCH_INTERVAL = 0.001
FIRST_REJECTIONS_KEPT = 5
BRANCH_REPORT_SUFFIXES = (".csv", ".txt", ".xlsx")

STAGING_COLUMNS = ("file_id", "line_ref", *CANONICAL_COLUMNS)
COPY_STAGING = (
    f"copy staging.branch_report_rows ({', '.join(STAGING_COLUMNS)}) from stdin (format csv)"
)
COPY_REJECTED = (
    "copy audit.rejected_rows (load_id, file_name, line_ref, raw_record, reason) from stdin"
)

# on_progress(file name, fraction done 0..1); called often for big files, never required.
Progress = Callable[[str, float], None]


@dataclass
class FileLoadResult:
    """What happened to one file: the CLI prints it, the DAG logs it."""

    file_name: str
    status: str  # loaded | duplicate | failed
    content_sha256: str | None = None
    layout: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    message: str | None = None
    notices: list[str] = field(default_factory=list)
    first_rejections: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> str:
        # Names, messages and reasons can quote a file's name or content: each stays on
        # its own line whatever control characters it holds.
        name, message = printable(self.file_name), printable(self.message or "")
        if self.status == "failed":
            return f"{name}: NOT LOADED: {message}"
        if self.status == "duplicate":
            return f"{name}: already loaded ({message}); nothing to do"
        text = (
            f"{name}: {self.rows_read} rows read, {self.rows_loaded} loaded, "
            f"{self.rows_rejected} rejected (layout {printable(str(self.layout))})"
        )
        for notice in self.notices:
            text += f"\n  note: {printable(notice)}"
        for line_ref, reason in self.first_rejections:
            text += f"\n  rejected {printable(line_ref)}: {printable(reason)}"
        if self.rows_rejected > len(self.first_rejections):
            text += (
                f"\n  ... and {self.rows_rejected - len(self.first_rejections)} more in "
                "audit.rejected_rows"
            )
        return text


def inbox_files(folder: Path) -> list[Path]:
    """Branch-report names in the inbox folder, in name order (hidden ones ignored).

    Every name with a report's suffix is listed, whatever it is: the loader refuses a
    directory, a FIFO or a link leading out of the inbox and records why (input_files).
    """
    if not folder.exists():
        return []
    return sorted(p for p in folder.iterdir() if is_candidate(p, BRANCH_REPORT_SUFFIXES))


@dataclass(frozen=True)
class FileFacts:
    sha256: str
    lines: int  # physical lines, for the progress shown on big files
    size: int = 0  # bytes hashed


def scan_file(source: Path | BinaryIO) -> FileFacts:
    """Hash the file's content and count its lines, in one pass of fixed-size chunks.

    ``source`` is a path or a binary handle, read from its start.
    """
    if isinstance(source, (str, os.PathLike)):
        with open_input_file(Path(source)) as opened:
            return scan_file(opened.handle)
    digest = hashlib.sha256()
    lines = size = 0
    source.seek(0)
    while chunk := source.read(CHUNK_BYTES):
        digest.update(chunk)
        lines += chunk.count(b"\n")
        size += len(chunk)
    return FileFacts(digest.hexdigest(), lines, size)


def _scan_into(handle: BinaryIO, found: dict) -> None:
    """scan_file for a thread: the facts, or the OSError, in ``found``."""
    try:
        found["facts"] = scan_file(handle)
    except OSError as exc:
        found["error"] = exc


def file_sha256(path: Path) -> str:
    return scan_file(path).sha256


def load_files(
    paths: Iterable[Path],
    run_id: str,
    url: str | None = None,
    layout: str | None = None,
    on_progress: Progress | None = None,
    replace: bool = False,
) -> list[FileLoadResult]:
    """Load each file in turn; one file's failure never stops the others. With ``replace``,
    a file whose content was loaded before is loaded again, its earlier rows replaced."""
    results = []
    with connect(url) as conn:
        for path in paths:
            results.append(load_file(conn, Path(path), run_id, layout, on_progress, replace))
    return results


def load_file(
    conn: psycopg.Connection,
    path: Path,
    run_id: str,
    layout: str | None = None,
    on_progress: Progress | None = None,
    replace: bool = False,
) -> FileLoadResult:
    started = datetime.now(UTC)
    try:
        source = open_input_file(path)
    except RefusedFile as exc:
        return _record_failure(conn, path, None, None, exc.reason, run_id, started)
    with source:
        return _load_opened_file(conn, source, run_id, layout, on_progress, replace, started)


def _load_opened_file(
    conn: psycopg.Connection,
    source: InputFile,
    run_id: str,
    layout: str | None,
    on_progress: Progress | None,
    replace: bool,
    started: datetime,
) -> FileLoadResult:
    """The file is read three times (hashed, parsed, kept in raw); a change between the
    readings rolls the load back (see _load_rows), so what is stored is what was hashed and
    the rows are the rows of those bytes.

    The file is hashed on a second thread while its layout is planned (hashlib lets go of the
    GIL): both are needed before the first row, and a file loaded before is told apart by its
    hash only after the plan, which costs a re-run a few hundredths of a second."""
    path = source.path
    hashing = threading.Thread(target=_scan_into, args=(source.handle, scanned := {}))
    hashing.start()
    try:
        reading, refusal = read_branch_report(path, layout), None
    except BranchReportError as exc:
        reading, refusal = None, exc
    finally:
        hashing.join()
    if "error" in scanned:
        problem = scanned["error"]
        return _record_failure(
            conn,
            path,
            None,
            None,
            f"cannot read the file: {problem.strerror or problem}",
            run_id,
            started,
        )
    facts = scanned["facts"]
    sha = facts.sha256
    if facts.size != source.size or not source.unchanged():
        return _record_failure(conn, path, None, None, CHANGED_WHILE_LOADING, run_id, started)
    loaded_as = _loaded_as(conn, sha)
    if loaded_as and not replace:
        return _record_duplicate(conn, path, sha, loaded_as, run_id, started)
    if refusal is not None:
        # The reader opens the file by its name: if the name now leads elsewhere, its message
        # (which quotes the first rows seen) could show another file's content.
        message = str(refusal) if source.unchanged() else CHANGED_WHILE_LOADING
        return _record_failure(conn, path, sha, None, message, run_id, started)
    progress = (lambda fraction: on_progress(path.name, fraction)) if on_progress else None
    try:
        lock_staging_for_writing(conn)  # see staging_writes: loaded_at follows commit order
        if loaded_as:
            # Reprocessing: the earlier rows go in the same transaction as the new ones
            # arrive, so the file is never missing nor doubled. Its audit history stays.
            _forget_file(conn, sha)
        result = _load_rows(conn, source, facts, reading, run_id, started, progress)
        source.check_unchanged()
    except FileChanged:
        conn.rollback()
        return _record_failure(
            conn, path, sha, reading.layout_name, CHANGED_WHILE_LOADING, run_id, started
        )
    except psycopg.errors.UniqueViolation:
        # Another loader stored the same content in the meantime: that one counts.
        conn.rollback()
        return _record_duplicate(conn, path, sha, _loaded_as(conn, sha), run_id, started)
    except BranchReportError as exc:
        conn.rollback()
        message = str(exc) if source.unchanged() else CHANGED_WHILE_LOADING
        return _record_failure(conn, path, sha, reading.layout_name, message, run_id, started)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
    return result


def _load_rows(conn, source: InputFile, facts, reading, run_id, started, progress):
    """Everything inside one transaction: the caller commits or rolls back. Raises
    :class:`FileChanged` when the bytes kept in raw are not the bytes hashed."""
    path = source.path
    result = FileLoadResult(path.name, "loaded", facts.sha256, layout=reading.layout_name)
    load_id = _log_attempt(conn, result, run_id, started)
    file_id = _record_file(conn, path, facts, run_id)
    # The file's bytes are sent (by the COPY thread, see _CopyFeeder) while the first blocks
    # of rows are being prepared.
    keep_bytes = partial(_keep_hashed_bytes, conn, source, facts.sha256)
    _write_rows(conn, result, reading, load_id, file_id, progress, facts.lines, keep_bytes)
    result.notices = list(reading.notices)
    conn.execute(
        "update audit.load_log set rows_read = %s, rows_loaded = %s, rows_rejected = %s,"
        " status = 'loaded', message = %s, finished_at = now() where load_id = %s",
        (
            result.rows_read,
            result.rows_loaded,
            result.rows_rejected,
            "; ".join(result.notices) or None,
            load_id,
        ),
    )
    return result


def _write_rows(
    conn: psycopg.Connection,
    result: FileLoadResult,
    reading: BranchReportReading,
    load_id: int,
    file_id: int,
    progress: Callable[[float], None] | None,
    expected: int,
    first: Callable[[], None],
) -> None:
    """COPY accepted rows into staging as they come (after ``first``, which the COPY thread
    runs on the connection beforehand); then settle duplicate keys; then the rejected rows go
    to the audit table, in file order."""
    hashes = array("q")  # every record's key hash: 8 bytes a record
    # Rejections go to a spool file first: COPY into staging is still streaming meanwhile.
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as spool:
        if progress:
            progress(0.0)
        with _quick_thread_switches(), _CopyFeeder(conn, COPY_STAGING, first) as feeder:
            for batch in reading.copy_batches(f"{file_id},".encode()):
                if batch.data:
                    feeder.write(batch.data)
                hashes.extend(batch.key_hashes)
                for seq, outcome in batch.rejected:
                    fields = (outcome.line_ref, outcome.raw_record, outcome.reason)
                    spool.write(f"{seq}\t{_copy_text_line(fields)}")
                if progress:
                    progress(min(batch.last_line / max(expected, 1), 1.0))
        counts = reading.counts
        result.rows_read = counts.rows_read
        result.rows_loaded, result.rows_rejected = counts.rows_accepted, counts.rows_rejected
        duplicates = reading.duplicates(repeated_hashes(hashes))
        del hashes
        newly_rejected = _unstage_duplicates(conn, file_id, duplicates)
        result.rows_loaded -= newly_rejected
        result.rows_rejected += newly_rejected
        spool.seek(0)
        with conn.cursor().copy(COPY_REJECTED) as copy:
            prefix = _copy_text_line((load_id, result.file_name))[:-1] + "\t"
            for line in _merged_rejections(spool, duplicates, result):
                copy.write(prefix + line)
    if progress:
        progress(1.0)


@contextmanager
def _quick_thread_switches():
    """Python's thread switch interval set to LOADING_SWITCH_INTERVAL for the block."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, LOADING_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


class _CopyFeeder:
    """Runs ``first`` and then one COPY on the connection in a thread of its own, fed blocks of
    COPY data through a bounded queue: Python prepares the next blocks while PostgreSQL stores
    the file's bytes and then the rows (waiting on the server releases the GIL). While the
    thread runs, only it uses the connection. At most ``depth`` blocks (about 250 KB each) wait
    in between, so memory stays flat."""

    def __init__(self, conn, statement: str, first: Callable[[], None], depth: int = 96) -> None:
        self._conn = conn
        self._statement = statement
        self._first = first
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="copy-feeder", daemon=True)

    def __enter__(self) -> _CopyFeeder:
        self._thread.start()
        return self

    def write(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def _run(self) -> None:
        try:
            self._first()
            with self._conn.cursor().copy(self._statement) as copy:
                while (data := self._queue.get()) is not None:
                    if data is _ABORT:
                        raise _Aborted  # the COPY is cancelled; the caller rolls back
                    copy.write(data)
        except _Aborted:
            pass  # the caller has its own exception
        except BaseException as exc:  # handed to the main thread
            self._error = exc
            while (data := self._queue.get()) is not None and data is not _ABORT:
                pass  # keeps write() from blocking until the caller sees the error

    def __exit__(self, exc_type, exc, traceback) -> None:
        self._queue.put(None if exc_type is None else _ABORT)
        self._thread.join()
        if exc_type is None and self._error is not None:
            raise self._error


_ABORT = object()  # tells the COPY thread to give up (the caller is failing)


class _Aborted(Exception):
    pass


def _unstage_duplicates(conn, file_id: int, duplicates: list[Duplicate]) -> int:
    """Take the rows of repeated keys out of staging (all in this transaction); returns how
    many were there (the others were rejected for another reason already)."""
    if not duplicates:
        return 0
    cursor = conn.execute(
        "delete from staging.branch_report_rows where file_id = %s and line_ref = any(%s)",
        (file_id, [d.line_ref for d in duplicates]),
    )
    return cursor.rowcount


def _merged_rejections(spool, duplicates: list[Duplicate], result: FileLoadResult):
    """The rejected rows in file order, as COPY text lines without load_id and file name.

    ``spool`` holds ``seq<TAB>line_ref<TAB>raw_record<TAB>reason`` lines in file order;
    ``duplicates`` is in file order too. A record in both gets both reasons. Fills
    ``result.first_rejections``.
    """
    pending = iter(duplicates)
    duplicate = next(pending, None)
    for spooled in spool:
        seq_text, _, line = spooled.partition("\t")
        seq = int(seq_text)
        while duplicate is not None and duplicate.seq < seq:
            yield _first(result, duplicate.line_ref, duplicate.reason, duplicate.raw_record)
            duplicate = next(pending, None)
        if duplicate is not None and duplicate.seq == seq:
            line = line[:-1] + _copy_text_line(("; " + duplicate.reason,))
            duplicate = next(pending, None)
        if len(result.first_rejections) < FIRST_REJECTIONS_KEPT:
            line_ref, _, reason = (_unescape(field) for field in line[:-1].split("\t"))
            result.first_rejections.append((line_ref, reason))
        yield line
    while duplicate is not None:
        yield _first(result, duplicate.line_ref, duplicate.reason, duplicate.raw_record)
        duplicate = next(pending, None)


def _first(result: FileLoadResult, line_ref: str, reason: str, raw_record: str) -> str:
    if len(result.first_rejections) < FIRST_REJECTIONS_KEPT:
        result.first_rejections.append((line_ref, reason))
    return _copy_text_line((line_ref, raw_record, reason))


def _record_file(conn, path: Path, facts: FileFacts, run_id: str) -> int:
    """Keep the file's name and hash in raw; returns its file id, which its staging rows carry."""
    return conn.execute(
        "insert into raw.branch_report_files (content_sha256, file_name, size_bytes, load_run_id)"
        " values (%s, %s, %s, %s) returning file_id",
        (facts.sha256, path.name, facts.size, run_id),
    ).fetchone()[0]


def _keep_hashed_bytes(conn, source: InputFile, sha: str) -> None:
    """Store the file's bytes, and refuse them unless they are the bytes that were hashed."""
    if store_file_bytes(conn, source.handle, sha) != sha:
        raise FileChanged


def store_file_bytes(conn, source: Path | BinaryIO, sha: str) -> str:
    """Keep the file exactly as received in raw, in pieces of RAW_PIECE_BYTES (the caller's
    transaction), and return the SHA-256 of the bytes kept. Files kept before migration 0015
    have 1 MB pieces: read a file back by concatenating its pieces in ``chunk_no`` order,
    whatever their size. ``source`` is a path or a binary handle, read from its start."""
    if isinstance(source, (str, os.PathLike)):
        with open_input_file(Path(source)) as opened:
            return store_file_bytes(conn, opened.handle, sha)
    # Binary COPY (text COPY would double the bytes as hex), written a megabyte of pieces at a
    # time rather than a row at a time: a piece is small, and each call would need the GIL.
    # The bytes are hashed as they are sent (hashlib lets go of the GIL on big blocks).
    sha_field = _binary_field(sha.encode())
    digest = hashlib.sha256()
    source.seek(0)
    with conn.cursor().copy(
        "copy raw.branch_report_file_chunks (content_sha256, chunk_no, data)"
        " from stdin (format binary)"
    ) as copy:
        copy.write(_BINARY_COPY_HEADER)
        chunk_no = 0
        while block := source.read(RAW_PIECE_BYTES * 128):  # about 1 MB
            digest.update(block)
            rows = []
            for start in range(0, len(block), RAW_PIECE_BYTES):
                piece = block[start : start + RAW_PIECE_BYTES]
                number = _INT4.pack(4, chunk_no)
                rows += (_THREE_FIELDS, sha_field, number, _LENGTH.pack(len(piece)), piece)
                chunk_no += 1
            copy.write(b"".join(rows))
        copy.write(_BINARY_COPY_TRAILER)
    return digest.hexdigest()


# PostgreSQL's binary COPY format: a signature, flags and extension length; per row the number
# of fields, then each field's length and bytes; -1 as the end.
_BINARY_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
_BINARY_COPY_TRAILER = struct.pack("!h", -1)
_THREE_FIELDS = struct.pack("!h", 3)
_INT4 = struct.Struct("!ii")  # a field of 4 bytes: its length, then the integer
_LENGTH = struct.Struct("!i")


def _binary_field(value: bytes) -> bytes:
    return _LENGTH.pack(len(value)) + value


def _forget_file(conn, sha: str) -> None:
    conn.execute(
        "delete from staging.branch_report_rows where file_id ="
        " (select file_id from raw.branch_report_files where content_sha256 = %s)",
        (sha,),
    )
    for table in ("raw.branch_report_file_chunks", "raw.branch_report_files"):
        conn.execute(f"delete from {table} where content_sha256 = %s", (sha,))


def _loaded_as(conn, sha: str) -> str | None:
    row = conn.execute(
        "select file_name from raw.branch_report_files where content_sha256 = %s", (sha,)
    ).fetchone()
    conn.commit()
    return row[0] if row else None


def _record_duplicate(conn, path, sha, loaded_as, run_id, started) -> FileLoadResult:
    result = FileLoadResult(path.name, "duplicate", sha, message=f"same content as {loaded_as}")
    _log_attempt(conn, result, run_id, started)
    conn.commit()
    return result


def _log_attempt(conn, result: FileLoadResult, run_id: str, started: datetime) -> int:
    row = conn.execute(
        "insert into audit.load_log (file_name, content_sha256, layout, rows_read, rows_loaded,"
        " rows_rejected, status, message, started_at, finished_at, run_id)"
        " values (%s, %s, %s, %s, %s, %s, %s, %s, %s, now(), %s) returning load_id",
        (
            result.file_name,
            result.content_sha256,
            result.layout,
            result.rows_read,
            result.rows_loaded,
            result.rows_rejected,
            "loading" if result.status == "loaded" else result.status,
            result.message,
            started,
            run_id,
        ),
    ).fetchone()
    return row[0]


def _record_failure(conn, path, sha, layout, message, run_id, started) -> FileLoadResult:
    result = FileLoadResult(path.name, "failed", sha, layout=layout, message=message)
    _log_attempt(conn, result, run_id, started)
    conn.commit()
    return result


def _copy_text_line(values: tuple) -> str:
    """One row in COPY's text format (tabs, newlines and backslashes escaped)."""

    def escape(value) -> str:
        if value is None:
            return "\\N"
        return (
            str(value)
            .replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )

    return "\t".join(escape(v) for v in values) + "\n"


_ESCAPED = re.compile(r"\\(.)")
_UNESCAPE = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}


def _unescape(field: str) -> str:
    """The inverse of :func:`_copy_text_line`'s escaping, for one field."""
    return _ESCAPED.sub(lambda m: _UNESCAPE.get(m[1], m[1]), field)
