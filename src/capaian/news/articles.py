"""Reading news items from files: plain text, saved web pages and JSON Lines feeds.

Turns one input file into articles (text plus metadata) or rejections (why an item is not an
article), never raising for bad content, so that one bad item never stops a batch. The text
that comes out is what the extractor reads and what fact offsets point into.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from capaian import definitions
from capaian.input_files import RefusedFile, open_input_file
from capaian.news.extract.years import text_date
from capaian.printable import printable

# A news article is text; anything with this share of control characters is not.
_MAX_CONTROL_SHARE = 0.01
# Deletes the control characters a text never holds (tabs, line and form feeds are text).
_CONTROL_CHARACTERS = dict.fromkeys(c for c in range(32) if chr(c) not in "\n\r\t\f")
MAX_ARTICLE_BYTES = 20 << 20
# A sidecar holds a url, a publisher and a date: anything bigger is not one.
MAX_SIDECAR_BYTES = 1 << 20
# A feed line over the limit is read on in pieces of this size, to find where it ends.
_SKIP_PIECE_BYTES = 1 << 20
# BPJS Ketenagakerjaan took that name in its first year: an article dated earlier is misdated.
EARLIEST_ARTICLE_DATE = definitions.first_day()


@dataclass(frozen=True)
class Article:
    doc_id: str
    source_name: str
    received_body: str  # exactly as received (the page's HTML, the feed line's text)
    text: str  # what the extractor reads
    url: str | None = None
    publisher: str | None = None
    published_at: str | None = None
    title: str | None = None
    source_line: int | None = None
    # True: published_at was read from the text, not given by a sidecar, feed or page, so it
    # may be the date of an event the article reports rather than the day it was written.
    published_at_guessed: bool = False
    # What was wrong but did not stop the article (a date that cannot be right), each naming
    # the file and field.
    notices: tuple[str, ...] = ()

    @property
    def metadata_date(self) -> str | None:
        """The date the article's metadata gave, None where it was guessed from the text."""
        return None if self.published_at_guessed else self.published_at


@dataclass(frozen=True)
class ArticleRejected:
    source_name: str
    reason: str
    source_line: int | None = None
    # SHA-256 of the rejected item's bytes (the file, or the feed line): the same bad item read
    # again is recognised. None when the bytes could not be read at all.
    item_sha256: str | None = None

    def describe(self) -> str:
        where = printable(self.source_name)
        if self.source_line:
            where += f" line {self.source_line}"
        return f"{where}: {printable(self.reason)}"


def read_news_items(path: Path) -> Iterator[Article | ArticleRejected]:
    """The items of one file. Only a regular file inside its folder is read (a link leading
    out of it, a FIFO, a device or a directory is one rejection, see ingest/input_files), and
    it is read once: what is stored is what was read."""
    try:
        source = open_input_file(path)
    except RefusedFile as exc:
        yield ArticleRejected(path.name, exc.reason)
        return
    with source:
        yield from _read_items(path, source.handle)


def _read_items(path: Path, handle: BinaryIO) -> Iterator[Article | ArticleRejected]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _read_feed(path, handle)
            return
        # One byte over the limit tells a file too big from one just at it, however the
        # file grows while it is read.
        raw = handle.read(MAX_ARTICLE_BYTES + 1)
        if len(raw) > MAX_ARTICLE_BYTES:
            yield ArticleRejected(
                path.name,
                f"larger than {MAX_ARTICLE_BYTES >> 20} MB",
                None,
                _rest_sha256(raw, handle),
            )
            return
    except OSError as exc:
        yield ArticleRejected(path.name, f"cannot read the file: {exc.strerror or exc}")
        return
    sha = hashlib.sha256(raw).hexdigest()
    text, problem = decode_text(raw)
    if problem:
        yield ArticleRejected(path.name, problem, None, sha)
        return
    meta = read_sidecar(path)
    if isinstance(meta, ArticleRejected):
        yield ArticleRejected(meta.source_name, meta.reason, None, sha)
        return
    sidecar_name = path.stem + ".meta.json"
    # Where each date could come from, the first usable one wins: the sidecar, then the page.
    dates = [(meta.get("published_at"), f"{sidecar_name}: field published_at")]
    if suffix in (".html", ".htm"):
        body, page_meta = html_main_text_and_metadata(text)
        dates.append((page_meta.get("published_at"), f"{path.name}: the page's published_at"))
        # The sidecar says what the page does not, and wins where both say something.
        meta = {**page_meta, **{k: v for k, v in meta.items() if v}}
    else:
        body = text
    if not body.strip():
        yield ArticleRejected(path.name, "no article text in the file", None, sha)
        return
    published_at, guessed, notices = _publication_date(dates, body)
    yield Article(
        doc_id=path.stem,
        source_name=path.name,
        received_body=text,
        text=body,
        url=_text_or_none(meta.get("url")),
        publisher=_text_or_none(meta.get("publisher")),
        published_at=published_at,
        title=_text_or_none(meta.get("title")),
        published_at_guessed=guessed,
        notices=notices,
    )


def _rest_sha256(first: bytes, handle: BinaryIO) -> str:
    """SHA-256 of ``first`` and everything left in ``handle``, read a piece at a time."""
    digest = hashlib.sha256(first)
    for block in iter(lambda: handle.read(_SKIP_PIECE_BYTES), b""):
        digest.update(block)
    return digest.hexdigest()


def decode_text(raw: bytes) -> tuple[str, str | None]:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252; binary is refused."""
    if not raw.strip():
        return "", "the file is empty"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if looks_binary(text):
        return "", "binary content, not text"
    return text, None


def looks_binary(text: str) -> bool:
    """Control characters beyond a stray one, or any NUL (which PostgreSQL text cannot hold)."""
    if "\x00" in text:
        return True
    controls = len(text) - len(text.translate(_CONTROL_CHARACTERS))
    return controls > max(1, len(text) * _MAX_CONTROL_SHARE)


def sidecar_path(path: Path) -> Path:
    """Where the optional sidecar of the article ``path`` is (``NAME.meta.json``)."""
    return path.with_name(path.stem + ".meta.json")


def read_sidecar(path: Path) -> dict | ArticleRejected:
    sidecar = sidecar_path(path)
    if not os.path.lexists(sidecar):
        return {}
    try:
        with open_input_file(sidecar) as source:
            raw = source.handle.read(MAX_SIDECAR_BYTES + 1)
    except RefusedFile as exc:
        return ArticleRejected(path.name, f"its sidecar {sidecar.name} is {exc.reason}")
    except OSError as exc:
        return ArticleRejected(
            path.name, f"its sidecar {sidecar.name} cannot be read: {exc.strerror or exc}"
        )
    if len(raw) > MAX_SIDECAR_BYTES:
        return ArticleRejected(
            path.name, f"its sidecar {sidecar.name} is larger than {MAX_SIDECAR_BYTES >> 20} MB"
        )
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return ArticleRejected(path.name, f"its sidecar {sidecar.name} is not valid JSON: {exc}")
    if not isinstance(meta, dict):
        return ArticleRejected(path.name, f"its sidecar {sidecar.name} is not a JSON object")
    return meta


def html_main_text(html: str) -> str:
    """The article's main text, without menus, comments, ads or scripts."""
    return html_main_text_and_metadata(html)[0]


def html_main_text_and_metadata(html: str) -> tuple[str, dict]:
    """The page's main text (plain text, no markup) and what its metadata says.

    trafilatura keeps the article's prose and leaves out menus, comments, ads, scripts and
    every tag and attribute (so no ``<script>`` or ``onerror=`` survives into the text).
    """
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        with_metadata=True,
        # Only the page's own date markup: the extensive search makes 1 January of any year
        # written in the text a "date" for a page that gives none.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None:
        return "", {}
    found = document.as_dict()
    meta = {
        "url": found.get("url"),
        "publisher": found.get("sitename") or found.get("hostname"),
        "published_at": found.get("date"),
        "title": found.get("title"),
    }
    return found.get("text") or "", {k: v for k, v in meta.items() if v}


def _feed_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes | None, str | None]]:
    """(line number, line, None) for each line, or (line number, None, SHA-256 of the line)
    for a line longer than MAX_ARTICLE_BYTES: such a line is read on a piece at a time and
    never held whole, so reading a feed holds at most one line of the limit's size."""
    # The limit is on the line's text: its line ending (\r\n at most) comes on top.
    most = MAX_ARTICLE_BYTES + 2
    line_number = 0
    while line := handle.readline(most + 1):
        line_number += 1
        whole = len(line) <= most or line.endswith(b"\n")
        if whole and len(line.rstrip(b"\r\n")) <= MAX_ARTICLE_BYTES:
            yield line_number, line, None
            continue
        digest = hashlib.sha256(line)
        while not line.endswith(b"\n"):
            line = handle.readline(_SKIP_PIECE_BYTES)
            if not line:
                break
            digest.update(line)
        yield line_number, None, digest.hexdigest()


def _read_feed(path: Path, handle: BinaryIO) -> Iterator[Article | ArticleRejected]:
    for line_number, raw_line, long_sha in _feed_lines(handle):
        if raw_line is None:
            yield ArticleRejected(
                path.name,
                f"the line is longer than {MAX_ARTICLE_BYTES >> 20} MB, the limit for an article",
                line_number,
                long_sha,
            )
            continue
        if not raw_line.strip():
            continue
        sha = hashlib.sha256(raw_line.rstrip(b"\r\n")).hexdigest()
        try:
            item = json.loads(raw_line.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            yield ArticleRejected(path.name, f"not a JSON object: {exc}", line_number, sha)
            continue
        if not isinstance(item, dict):
            yield ArticleRejected(path.name, "not a JSON object", line_number, sha)
            continue
        text = item.get("text")
        if not isinstance(text, str) or not text.strip():
            yield ArticleRejected(path.name, "field text: missing or empty", line_number, sha)
            continue
        if looks_binary(text):
            yield ArticleRejected(path.name, "field text: binary content", line_number, sha)
            continue
        doc_id = _text_or_none(item.get("id")) or f"{path.stem}-{line_number}"
        published_at, guessed, notices = _publication_date(
            [(item.get("published_at"), f"{path.name} line {line_number}: field published_at")],
            text,
        )
        yield Article(
            doc_id=doc_id,
            source_name=path.name,
            received_body=raw_line.decode("utf-8-sig").rstrip("\r\n"),
            text=text,
            url=_text_or_none(item.get("url")),
            publisher=_text_or_none(item.get("publisher")),
            published_at=published_at,
            title=_text_or_none(item.get("title")),
            source_line=line_number,
            published_at_guessed=guessed,
            notices=notices,
        )


def _publication_date(
    candidates: list[tuple[object, str]], text: str, today: date | None = None
) -> tuple[str | None, bool, tuple[str, ...]]:
    """(published_at, guessed, notices): the first candidate that is a plausible date, else a
    date the text gives (guessed), else None. Each candidate that cannot be right is a notice
    naming where it was (``where`` names the file and field).

    The marts read a full date as an as-of date, so "2025-02-30" or 2999 must not get through;
    the article itself is still worth its facts, so it is kept.
    """
    today = today or date.today()
    notices = []
    for value, where in candidates:
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        checked, problem = _date_text(value, today)
        if checked:
            return checked, False, ()
        notices.append(f"{where}: {problem}")
    guessed = text_date(text, EARLIEST_ARTICLE_DATE, today)
    if notices:
        notices[-1] += (
            f"; the date {guessed} is taken from the text instead"
            if guessed
            else "; the text gives no date either, so the article has none"
        )
    return guessed, guessed is not None, tuple(notices)


def _date_text(value, today: date) -> tuple[str | None, str | None]:
    """YYYY, YYYY-MM or YYYY-MM-DD (a timestamp is cut to its date), or None and why not: not
    a date that exists, or one before EARLIEST_ARTICLE_DATE or after today."""
    shown = printable(repr(value) if isinstance(value, str) else str(value))[:80]
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None, f"{shown} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
    text = str(value).strip()
    text = text[:10] if len(text) >= 10 and text[4:5] == "-" else text
    for pattern in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            first = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if len(text) not in (4, 7, 10):
            break
        if first < EARLIEST_ARTICLE_DATE:
            return None, f"{text} lies before {EARLIEST_ARTICLE_DATE.year}"
        if first > today:
            return None, f"{text} lies after today ({today.isoformat()})"
        return text, None
    return None, f"{shown} is not a date that exists (YYYY-MM-DD, YYYY-MM or YYYY)"


def _text_or_none(value) -> str | None:
    """A feed field as text: feeds put numbers or lists where strings belong."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None
