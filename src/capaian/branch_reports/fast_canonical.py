"""Canonical CSV, a block of lines at a time: checked and turned into COPY data at C speed.

A big canonical file is machine-written: every line has the same shape, and most of its values
(dates, offices, segments, metrics) repeat. So instead of splitting each line into cells and
checking each cell in Python (a few microseconds per row, the loader's old bottleneck), a block
of a few thousand lines is checked as a whole:

1. one regular expression over the block (bytes) checks every line's shape -- eight fields, an
   ISO-looking date, plain unsigned numbers of at most 28 digits (20 before the point, 8
   after: what the validator keeps exactly), a percentage below 1000 -- and picks out per
   line the date and office code, the office name, and the segment and metric;
2. the *distinct* values of those are checked with the validator's own rules (a few thousand
   per file, each once: :class:`RowValidator` decides, so the verdicts cannot drift apart);
3. trailing zeros after a decimal point are removed (``8.10`` -> ``8.1``), as the validator
   does, and each line gets its COPY prefix (file id, ``line N``).

If anything in a block is not plainly valid -- an empty line, a quote, an unknown word, a
negative number, ``1.234,5``, a long line -- the block is handed back (``None``) and goes the
careful way, record by record, which also explains each problem. Rows from either way are
identical: every check here is a stricter version of the validator's, never a looser one.

Each line's duplicate-detection key is hashed too (date and office code, segment and metric, as
bytes), the same way the careful path hashes its keys (:func:`key_hash`).
"""

from __future__ import annotations

import re
from array import array
from datetime import date
from operator import itemgetter

from capaian.branch_reports.layouts import CANONICAL_FIELDS
from capaian.branch_reports.validation import WHOLE_METRICS, RowValidator
from capaian.branch_reports.vocabulary import METRICS, SEGMENTS, normalize_label

_NUMBER = rb"[0-9]{1,20}+(?:\.[0-9]{1,8}+)?"
# Target and realization: either may be empty, not both (the careful way says why not).
_TARGET_AND_REALIZATION = b"(?:" + _NUMBER + b",(?:" + _NUMBER + b")?|," + _NUMBER + b")"
_PCT = rb"(?:[0-9]{1,3}+(?:\.[0-9]{1,25}+)?)?"  # below 1000, as the validator's fast path


def _words(words) -> bytes:
    return b"(?:" + b"|".join(re.escape(w.encode()) for w in words) + b")"


def _line_pattern() -> re.Pattern[bytes]:
    """One canonical line. Groups: "date,office_code", office_name, "segment,metric".

    The segment and metric must be the vocabulary's own codes, and a count (participants,
    employers) must have no decimal point in target and realization: the careful way refuses
    a fraction and says why. The date, office code and office name are only delimited here
    (their distinct values go to the validator), with the cheapest loops Python's ``re``
    has: any ten characters but a line end, then anything but a comma. Such a field may run
    over a line end, but then one match spans two lines and the count of matches falls short
    of the count of lines, as it does for a line that does not match at all (findall skips
    it: matches start at line starts only).
    """
    counts = [m for m in METRICS if m in WHOLE_METRICS]
    metric = [_words(m for m in METRICS if m not in WHOLE_METRICS)]
    if counts:
        metric.insert(0, _words(counts) + rb"(?=,[0-9]*+,[0-9]*+,)")
    return re.compile(
        rb"(?m)^(.{10},[^,]++),([^,]++),("
        + _words(SEGMENTS)
        + b",(?:"
        + b"|".join(metric)
        + b")),"
        + _TARGET_AND_REALIZATION
        + b","
        + _PCT
        + rb"\n"
    )


_LINE = _line_pattern()
# A decimal's trailing zeros (only numbers can end so: names ending in ".<digits>0" are refused).
_TRAILING_ZEROS = re.compile(rb"\.([0-9]*?)0++(?=[,\n])")
_ENDS_LIKE_A_DECIMAL = re.compile(r"\.[0-9]*0\Z")

_date_and_code = itemgetter(0)
_office_name = itemgetter(1)
_segment_and_metric = itemgetter(2)
_CACHE_LIMIT = 50_000  # distinct values remembered; cleared when full, so memory stays flat


def _no_trailing_zeros(match: re.Match[bytes]) -> bytes:
    digits = match[1]
    return b"." + digits if digits else b""


def key_hash(report_date: date, office_code: str, segment: str, metric: str) -> int:
    """The hash of a duplicate-detection key, the same for both ways of reading a record."""
    return hash(
        (f"{report_date.isoformat()},{office_code}".encode(), f"{segment},{metric}".encode())
    )


class CanonicalBlocks:
    """Checks blocks of a canonical CSV file (see the module docstring)."""

    def __init__(self, validator: RowValidator) -> None:
        self.validator = validator
        self._good_date_codes: set[bytes] = set()
        self._good_dates: set[bytes] = set()
        self._good_codes: set[bytes] = set()
        self._good_names: set[bytes] = set()

    @staticmethod
    def applies_to(layout, plan, source) -> bool:
        """True for a quote-free, comma-separated file in canonical column order."""
        return (
            getattr(source, "quote_free", False)
            and source.delimiter == ","
            and layout.shape == "long"
            and plan.decimal_mark == "."
            and not layout.skip_rules
            and len(plan.header_cells) == len(CANONICAL_FIELDS)
            and plan.field_columns == {name: i for i, name in enumerate(CANONICAL_FIELDS)}
            and all(layout.segment_lookup.get(normalize_label(s)) == s for s in SEGMENTS)
            and all(layout.metric_lookup.get(normalize_label(m)) == m for m in METRICS)
        )

    def copy_data(
        self, text: str, first: int, row_prefix: bytes
    ) -> tuple[bytes, array, list[bytes]] | None:
        """COPY data for the block's lines, their key hashes, and the lines; or None.

        ``text`` is whole lines, each ending with "\\n"; the first is line ``first``. Each COPY
        line is ``row_prefix``, ``line N,`` and the line's eight canonical fields (CSV).
        """
        data = text.encode("utf-8")
        matches = _LINE.findall(data)
        # Removing trailing zeros keeps every line end: the lines are the block's lines.
        lines = _TRAILING_ZEROS.sub(_no_trailing_zeros, data).splitlines(keepends=True)
        if len(matches) != len(lines):
            return None
        if not (
            self._all_good(
                set(map(_date_and_code, matches)), self._good_date_codes, self._date_code
            )
            and self._all_good(set(map(_office_name, matches)), self._good_names, self._name)
        ):
            return None
        out: list[bytes] = [b""] * (2 * len(lines))
        out[0::2] = map((row_prefix + b"line %d,").__mod__, range(first, first + len(lines)))
        out[1::2] = lines
        # zip hands hash() one reused pair instead of a new tuple per line: same hashes, faster.
        keys = zip(map(_date_and_code, matches), map(_segment_and_metric, matches), strict=True)
        hashes = array("q", map(hash, keys))
        return b"".join(out), hashes, lines

    @staticmethod
    def _all_good(values: set[bytes], good: set[bytes], check) -> bool:
        new = values - good
        if not new:
            return True
        if not all(map(check, new)):
            return False
        if len(good) + len(new) > _CACHE_LIMIT:
            good.clear()
        good.update(new)
        return True

    def _date_code(self, value: bytes) -> bool:
        # Many offices share a date and many dates an office: each part is checked once.
        raw_date, code = value[:10], value[11:]
        if raw_date not in self._good_dates:
            if not raw_date.isascii():
                return False
            text = raw_date.decode("ascii")
            parsed = self.validator.valid_date(text)
            if parsed is None or parsed.isoformat() != text:
                return False
            if len(self._good_dates) >= _CACHE_LIMIT:
                self._good_dates.clear()
            self._good_dates.add(raw_date)
        if code not in self._good_codes:
            text = code.decode("utf-8")
            if self.validator.valid_code(text) != text or _ENDS_LIKE_A_DECIMAL.search(text):
                return False
            if len(self._good_codes) >= _CACHE_LIMIT:
                self._good_codes.clear()
            self._good_codes.add(code)
        return True

    def _name(self, value: bytes) -> bool:
        name = value.decode("utf-8")
        return self.validator.valid_name(name) == name and not _ENDS_LIKE_A_DECIMAL.search(name)
