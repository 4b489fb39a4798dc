"""Checking one record's values and turning them into a :class:`CanonicalRow`.

Input is a tuple of raw values in canonical column order (text from a CSV, Python values from
an xlsx cell, or a layout's fixed value); output is a row or a reason such as
``realization: 'dua ribu' is not a number``. Every problem in the record is listed, not only
the first, so the branch can fix the line in one go.

Speed matters here (a million-row canonical CSV goes through this), hence:

* values that repeat a lot (dates, segment and metric words, office names) are looked up in
  small caches instead of being parsed again;
* a number already in plain form (``106368``, ``1234567.89``) is recognised by a few string
  checks and passed on as text; everything else goes through
  ``indonesian_numbers.parse_number`` (the slow path, which also explains what is wrong).
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from decimal import Decimal, Inexact, localcontext

from capaian import definitions
from capaian.branch_reports.canonical import CANONICAL_COLUMNS, CanonicalRow, UncachedFormula
from capaian.branch_reports.dates import NotADate, parse_date
from capaian.branch_reports.vocabulary import METRICS, SEGMENTS, describe_choices, normalize_label
from capaian.indonesian_numbers import NotANumber, parse_number

MAX_PLAUSIBLE_PCT = Decimal(1000)  # realizations above ten times the target are typos
_PLAUSIBLE_PCT_DIGITS = 3  # the fast path takes 0-999.99...; 1000 and up take the slow one
EARLIEST_REPORT_DATE = definitions.first_day()
MAX_CODE_CHARS = 40
MAX_NAME_CHARS = 200
MAX_NUMBER_CHARS = 60
MAX_WORD_CHARS = 100
_CACHE_LIMIT = 50_000  # entries per cache; cleared when full so memory stays flat
# The staging columns are plain numeric, which holds any number of digits; what limits
# exactness is the reading: Python's decimal arithmetic (a scale word, a unit) keeps 28
# significant digits and rounds beyond. A value written with more digits is refused, never
# rounded. (Far more than any real figure: national contributions are some 15 digits.)
MAX_EXACT_DIGITS = 28
# Persons and employers are counted: 2.5 participants is a typo or a misread column.
WHOLE_METRICS = frozenset(("participants", "employers"))

Key = tuple[date, str, str, str]


class RowValidator:
    """Validates records of one file; holds that file's decimal mark, vocabulary and caches."""

    def __init__(
        self,
        decimal_mark: str,
        segment_lookup: dict[str, str],
        metric_lookup: dict[str, str],
        today: date | None = None,
        office_by_name: dict[str, str | tuple[str, ...]] | None = None,
    ) -> None:
        self.decimal_mark = decimal_mark
        # Set for layouts without an office code column: normalized name -> code (or the
        # codes a name is shared by); each record's code is looked up from its office name.
        self._office_by_name = office_by_name
        self.today = today or date.today()
        self._segment_lookup = segment_lookup
        self._metric_lookup = metric_lookup
        # raw value -> clean value, for values seen before and found valid
        self._dates: dict[object, date | _Problem] = {}
        self._segments: dict[object, str | _Problem] = {}
        self._metrics: dict[object, str | _Problem] = {}
        self._codes: dict[object, str | _Problem] = {}
        self._names: dict[object, str | _Problem] = {}
        self._plain_pcts: dict[object, str] = {}  # raw -> canonical text, "" for empty

    # -- whole records -------------------------------------------------------------------

    def validate(self, values: tuple) -> tuple[CanonicalRow | None, str | None]:
        """A row, or None and the reason. Tries the fast path, falls back to the full check."""
        if self._office_by_name is not None:
            values = self._with_office_code(values)
        raw_date, raw_code, raw_name, raw_segment, raw_metric, raw_target, raw_real, raw_pct = (
            values
        )
        # Fast path: every text value seen (and found valid) before, every number plain text.
        # Anything else -- a first sighting, a problem, an Indonesian number -- goes the slow
        # way, which also finds every problem of the record.
        report_date = self._dates.get(raw_date)
        office_code = self._codes.get(raw_code)
        office_name = self._names.get(raw_name)
        segment = self._segments.get(raw_segment)
        metric = self._metrics.get(raw_metric)
        if (
            report_date is None
            or office_code is None
            or office_name is None
            or segment is None
            or metric is None
        ):
            return self._validate_fully(values)
        # Numbers: plain text ("106368", "30247.5", "") is recognised quickly and passed on as
        # text ("" meaning empty); anything else makes _plain_number return None -> slow way.
        # (The length limit keeps this verdict the same as the slow way's.)
        if (
            raw_target.__class__ is str
            and raw_target.isdigit()
            and raw_target.isascii()
            and len(raw_target) <= MAX_EXACT_DIGITS
        ):
            target = raw_target
        else:
            target = self._plain_number(raw_target)
            if target is None:
                return self._validate_fully(values)
        if (
            raw_real.__class__ is str
            and raw_real.isdigit()
            and raw_real.isascii()
            and len(raw_real) <= MAX_EXACT_DIGITS
        ):
            realization = raw_real
        else:
            realization = self._plain_number(raw_real)
            if realization is None:
                return self._validate_fully(values)
        pct = self._plain_pcts.get(raw_pct)  # percentages repeat a lot: cache them
        if pct is None:
            pct = self._plain_number(raw_pct, _PLAUSIBLE_PCT_DIGITS)
            if pct is None:
                return self._validate_fully(values)
            _remember(self._plain_pcts, raw_pct, pct)
        if not (target or realization):
            return self._validate_fully(values)
        if metric in WHOLE_METRICS and ("." in target or "." in realization):
            return self._validate_fully(values)  # which says what is wrong
        row = CanonicalRow(
            report_date,
            office_code,
            office_name,
            segment,
            metric,
            target or None,
            realization or None,
            pct or None,
        )
        return row, None

    def _plain_number(self, raw: object, max_whole_digits: int = 30) -> str | None:
        """Canonical text for plain number text ("" for an empty cell), None if not plain.

        Plain means ASCII digits with an optional "." and decimals (only when "." is the
        decimal mark), at most ``max_whole_digits`` before the point and MAX_EXACT_DIGITS in
        all.
        """
        if raw == "" or raw is None:
            return ""
        if raw.__class__ is not str or not raw.isascii() or len(raw) > MAX_EXACT_DIGITS:
            return None  # the slow way says what is wrong (too long, not ASCII digits...)
        if raw.isdigit():
            return raw if len(raw) <= max_whole_digits else None
        if self.decimal_mark != ".":
            return None  # with "," as decimal mark, "1.234" means 1234: the slow way decides
        whole, _, fraction = raw.partition(".")  # cheaper than a regex
        if whole.isdigit() and fraction.isdigit() and len(whole) <= max_whole_digits:
            return _trim_zeros(raw)
        return None

    def _validate_fully(self, values: tuple) -> tuple[CanonicalRow | None, str | None]:
        if any(value.__class__ is UncachedFormula for value in values):
            return None, _uncached_formulas(values)
        parts = (
            self._date(values[0]),
            self._code(values[1]),
            self._name(values[2]),
            self._segment(values[3]),
            self._metric(values[4]),
            self._number(values[5], "target"),
            self._number(values[6], "realization"),
            self._pct(values[7]),
        )
        problems = [str(part) for part in parts if part.__class__ is _Problem]
        if parts[4] in WHOLE_METRICS:
            problems += [
                f"{field}: {number} is not a whole number; {parts[4]} are counted in whole units"
                for field, number in (("target", parts[5]), ("realization", parts[6]))
                if number.__class__ is str and "." in number
            ]
        if problems:
            return None, "; ".join(problems)
        if parts[5] is None and parts[6] is None:
            return None, "target, realization: both empty; at least one of them is needed"
        return CanonicalRow(*parts), None

    def key_of(self, values: tuple) -> Key | None:
        """The record's duplicate-detection key, or None if a key field is invalid anyway."""
        if self._office_by_name is not None:
            values = self._with_office_code(values)
        key = (
            self._dates.get(values[0]),
            self._codes.get(values[1]),
            self._segments.get(values[3]),
            self._metrics.get(values[4]),
        )
        if None in key:  # a first sighting or a problem
            if any(value.__class__ is UncachedFormula for value in values[:5]):
                return None
            key = (
                self._date(values[0]),
                self._code(values[1]),
                self._segment(values[3]),
                self._metric(values[4]),
            )
            if _Problem in map(type, key):
                return None
        return key

    def _with_office_code(self, values: tuple) -> tuple:
        """``values`` with the office code the gazetteer gives for the office name."""
        raw_name = values[2]
        found = self._office_by_name.get(normalize_label(raw_name)) if raw_name else None
        code = found if found.__class__ is str else _UnknownOffice(raw_name, found)
        return (values[0], code, *values[2:])

    # -- single fields, for callers that check distinct values (fast_canonical) ----------

    def valid_date(self, raw: object) -> date | None:
        """The report date ``raw`` stands for, or None if the validator would reject it."""
        parsed = self._date(raw)
        return None if parsed.__class__ is _Problem else parsed

    def valid_code(self, raw: object) -> str | None:
        """The office code as it would be loaded, or None if the validator would reject it."""
        code = self._code(raw)
        return None if code.__class__ is _Problem else code

    def valid_name(self, raw: object) -> str | None:
        """The office name as it would be loaded, or None if the validator would reject it."""
        name = self._name(raw)
        return None if name.__class__ is _Problem else name

    # -- single fields (the slow paths, whose results are cached) ------------------------

    def _date(self, raw: object) -> date | _Problem:
        result: date | _Problem
        if _is_empty(raw):
            result = _Problem("report_date", "missing")
        else:
            try:
                parsed = parse_date(raw)
            except NotADate as exc:
                result = _Problem("report_date", str(exc))
            else:
                if parsed > self.today:
                    result = _Problem("report_date", f"{parsed.isoformat()} is in the future")
                elif parsed < EARLIEST_REPORT_DATE:
                    result = _Problem(
                        "report_date",
                        f"{parsed.isoformat()} is before {EARLIEST_REPORT_DATE.year},"
                        " when the agency began",
                    )
                else:
                    result = parsed
        return _remember(self._dates, raw, result)

    def _code(self, raw: object) -> str | _Problem:
        if raw.__class__ is _UnknownOffice:
            return raw.problem()
        return _remember(self._codes, raw, _clean_text(raw, "office_code", MAX_CODE_CHARS))

    def _name(self, raw: object) -> str | _Problem:
        return _remember(self._names, raw, _clean_text(raw, "office_name", MAX_NAME_CHARS))

    def _segment(self, raw: object) -> str | _Problem:
        result = _word(raw, "segment", self._segment_lookup, SEGMENTS)
        return _remember(self._segments, raw, result)

    def _metric(self, raw: object) -> str | _Problem:
        result = _word(raw, "metric", self._metric_lookup, METRICS)
        return _remember(self._metrics, raw, result)

    def _number(self, raw: object, field: str) -> str | None | _Problem:
        """Canonical decimal text, None for an empty cell, or the problem."""
        if _is_empty(raw):
            return None
        if isinstance(raw, bool | datetime | date):
            return _Problem(field, f"{raw!s} is not a number")
        if isinstance(raw, int):
            value = Decimal(raw)
        elif isinstance(raw, float):
            value = Decimal(repr(raw))  # repr: the shortest text that is this float
        elif isinstance(raw, Decimal):
            value = raw
        else:
            text = str(raw)
            if len(text) > MAX_NUMBER_CHARS:
                return _Problem(field, f"is not a number ({len(text):,} characters long)")
            try:
                with localcontext() as context:
                    context.traps[Inexact] = True  # a rounded value is refused, not stored
                    value = parse_number(text, self.decimal_mark).value
            except NotANumber as exc:
                return _Problem(field, str(exc))
            except Inexact:
                return _too_many_digits(field, raw)
        if not value.is_finite():
            return _Problem(field, f"{raw!r} is not a number")
        if value < 0:
            return _Problem(field, f"{_show(raw)} is negative")
        text = decimal_to_text(value)
        if len(text.replace(".", "").lstrip("0")) > MAX_EXACT_DIGITS:
            return _too_many_digits(field, raw)
        return text

    def _pct(self, raw: object) -> str | None | _Problem:
        text = self._number(raw, "reported_pct")
        if text.__class__ is str and Decimal(text) > MAX_PLAUSIBLE_PCT:
            return _Problem(
                "reported_pct",
                f"{_show(raw)} is outside the plausible range 0-{MAX_PLAUSIBLE_PCT} %",
            )
        return text


class _UnknownOffice:
    """The office code of a record whose office name the gazetteer does not resolve."""

    __slots__ = ("name", "candidates")

    def __init__(self, name: object, candidates: tuple[str, ...] | None) -> None:
        self.name = name
        self.candidates = candidates

    def problem(self) -> _Problem:
        if _is_empty(self.name):
            return _Problem("office_code", "no office code column and no office name to find it by")
        shown = " ".join(str(self.name).split())
        if self.candidates:
            return _Problem(
                "office_name",
                f"{shown!r} names several offices ({', '.join(self.candidates)}); "
                "write the office code instead",
            )
        return _Problem(
            "office_name",
            f"{shown!r} is not an office or province the gazetteer knows by name or alias "
            "(dbt_project/seeds/office_gazetteer.csv)",
        )


def office_lookup() -> dict[str, str | tuple[str, ...]]:
    """Normalized office name or alias -> office code, from the gazetteer (provinces too).

    A name two offices share maps to both codes (a tuple): such a row is refused rather than
    given to one of them by chance.
    """
    from capaian.gazetteer import offices

    codes: dict[str, set[str]] = {}
    for office in offices():
        for name in (office.name, *office.aliases):
            codes.setdefault(normalize_label(name), set()).add(office.code)
    return {
        name: next(iter(found)) if len(found) == 1 else tuple(sorted(found))
        for name, found in codes.items()
        if name
    }


class _Problem:
    """A field that failed validation; ``str()`` gives ``"field: what is wrong"``."""

    __slots__ = ("field", "problem")

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


def _uncached_formulas(values: tuple) -> str:
    return "; ".join(
        f"{name}: the formula {value.formula!r} has no cached value (the workbook was not "
        "recalculated before saving; open it in Excel and save it again)"
        for name, value in zip(CANONICAL_COLUMNS, values, strict=True)
        if value.__class__ is UncachedFormula
    )


def decimal_to_text(value: Decimal) -> str:
    """``Decimal("146309000000.000")`` -> ``"146309000000"``; never exponent notation."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _trim_zeros(text: str) -> str:
    """ "70.00" -> "70", "1.50" -> "1.5"; for plain decimal text that has a point."""
    if text[-1] != "0":
        return text
    return text.rstrip("0").rstrip(".")


def _remember(cache: dict, raw: object, result):
    """Cache a valid result (problems are not cached: they are rare and re-checked)."""
    if result.__class__ is _Problem:
        return result
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    with suppress(TypeError):  # an unhashable raw value is simply not cached
        cache[raw] = result
    return result


def _is_empty(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _clean_text(raw: object, field: str, limit: int) -> str | _Problem:
    if _is_empty(raw):
        return _Problem(field, "missing")
    if isinstance(raw, float | Decimal) and raw == int(raw):
        raw = int(raw)  # an office code typed into Excel as a number: 1101.0 -> "1101"
    text = str(raw)
    if len(text) > limit:
        return _Problem(field, f"{len(text):,} characters long; at most {limit} allowed")
    # Quoted cells may hold line breaks or double spaces; a name is one line.
    return " ".join(text.split())


def _word(
    raw: object, field: str, lookup: dict[str, str], codes: tuple[str, ...]
) -> str | _Problem:
    if _is_empty(raw):
        return _Problem(field, "missing")
    text = str(raw)
    if len(text) > MAX_WORD_CHARS:
        return _Problem(field, f"{len(text):,} characters long; not a {field} name")
    code = lookup.get(normalize_label(text))
    if code is None:
        return _Problem(
            field,
            f"{text.strip()!r} is not a known {field} (expected {describe_choices(codes)} "
            "or one of their Indonesian names; a layout can add synonyms)",
        )
    return code


def _too_many_digits(field: str, raw: object) -> _Problem:
    return _Problem(
        field,
        f"{_show(raw)} has more than {MAX_EXACT_DIGITS} significant digits, more than are kept "
        "exactly; refused rather than rounded",
    )


def _show(raw: object) -> str:
    return repr(raw) if isinstance(raw, str) else str(raw)
