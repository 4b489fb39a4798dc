"""The canonical row and the outcome of reading one input record.

``CanonicalRow`` keeps numbers as canonical decimal *text* (``"1234567.89"``) and turns them
into ``Decimal`` only when asked (``row.target``): the loader COPYs text into PostgreSQL, so
building a Decimal for each of a million rows would be pure overhead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CANONICAL_COLUMNS = (
    "report_date",
    "office_code",
    "office_name",
    "segment",
    "metric",
    "target",
    "realization",
    "reported_pct",
)


@dataclass(slots=True)
class CanonicalRow:
    """One fact: an office's target and/or realization for a segment and metric, as of a date.

    ``target_text``/``realization_text``/``reported_pct_text`` are canonical decimal text
    (``.`` decimals, no grouping, no exponent, no trailing zeros) or None for unknown.
    """

    report_date: date
    office_code: str
    office_name: str
    segment: str  # PU, BPU, JAKON, PMI, ALL
    metric: str  # participants, contributions, employers
    target_text: str | None
    realization_text: str | None
    reported_pct_text: str | None = None

    @property
    def target(self) -> Decimal | None:
        return None if self.target_text is None else Decimal(self.target_text)

    @property
    def realization(self) -> Decimal | None:
        return None if self.realization_text is None else Decimal(self.realization_text)

    @property
    def reported_pct(self) -> Decimal | None:
        return None if self.reported_pct_text is None else Decimal(self.reported_pct_text)

    @property
    def key(self) -> tuple[date, str, str, str]:
        """What may appear only once per file."""
        return (self.report_date, self.office_code, self.segment, self.metric)

    def as_copy_fields(self) -> tuple[str | None, ...]:
        """The row in ``CANONICAL_COLUMNS`` order as text (None = NULL), ready for COPY."""
        return (
            self.report_date.isoformat(),
            self.office_code,
            self.office_name,
            self.segment,
            self.metric,
            self.target_text,
            self.realization_text,
            self.reported_pct_text,
        )


class UncachedFormula:
    """An xlsx formula cell without a cached value (the workbook was written by a program that
    does not compute formulas, or saved without recalculating). Its value is unknown, so the
    row is rejected naming the field instead of the cell reading as empty."""

    __slots__ = ("formula",)

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:  # the audit trail shows the formula the cell holds
        return self.formula

    def __repr__(self) -> str:
        return f"UncachedFormula({self.formula!r})"


class RowOutcome:
    """What became of one input record: a canonical ``row``, or a ``reason`` it was rejected.

    Exactly one of ``row`` and ``reason`` is set. ``line_ref`` and ``raw_record`` are worked
    out only when read, so accepted rows on the fast path cost no string formatting.
    """

    __slots__ = ("row", "reason", "_source", "_number", "_suffix", "_cells")

    def __init__(self, source, number: int, cells, row: CanonicalRow | None, reason: str | None,
                 suffix: str = "") -> None:  # fmt: skip
        self.row = row
        self.reason = reason
        self._source = source
        self._number = number
        self._suffix = suffix
        self._cells = cells

    @property
    def accepted(self) -> bool:
        return self.row is not None

    @property
    def line_ref(self) -> str:
        """``"line 12"`` (CSV: the physical line where the record starts) or
        ``"sheet Laporan row 7"``; wide layouts add the column group: ``"... row 7 (PU)"``."""
        ref = self._source.line_ref(self._number)
        return f"{ref} ({self._suffix})" if self._suffix else ref

    @property
    def raw_record(self) -> str:
        """The input record as text, for the audit table."""
        return self._source.render(self._cells)

    @property
    def message(self) -> str:
        """File, line and reason in one sentence, for people: ``"x.csv, line 4: target: ..."``."""
        return f"{self._source.path.name}, {self.line_ref}: {self.reason or 'accepted'}"

    def __repr__(self) -> str:
        verdict = f"row={self.row!r}" if self.row else f"reason={self.reason!r}"
        return f"RowOutcome({self.line_ref}, {verdict})"
