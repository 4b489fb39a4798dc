"""Numbers written the Indonesian way.

Indonesian writing groups thousands with "." and marks decimals with ",":
``19.300`` is nineteen thousand three hundred and ``146,309 miliar`` is 146 309 000 000.
Figures often carry ``Rp``, a scale word (``ribu``, ``juta``, ``miliar``/``milyar``,
``triliun`` and their abbreviations) or a percent sign (``%``, ``persen``).

This module reads one such figure. Finding figures inside prose is the news extractor's job;
reading a spreadsheet cell is the branch-report loader's; both come here for the number itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SCALE_WORDS: dict[str, int] = {
    "ribu": 10**3,
    "ribuan": 10**3,  # "400 ribuan": some four hundred thousand (the hedge is the caller's)
    "rb": 10**3,
    "juta": 10**6,
    "jutaan": 10**6,
    "jt": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "milliar": 10**9,
    "m": 10**9,
    "triliun": 10**12,
    "trilyun": 10**12,
    "t": 10**12,
}

PERCENT_WORDS = ("%", "persen", "prosen", "pct")

_CURRENCY = re.compile(r"^\s*rp\.?\s*", re.IGNORECASE)
_PERCENT = re.compile(r"\s*(%|persen|prosen|pct)\s*$", re.IGNORECASE)
_SCALE = re.compile(
    r"\s*(" + "|".join(sorted(SCALE_WORDS, key=len, reverse=True)) + r")\.?\s*$", re.IGNORECASE
)
_DIGITS = re.compile(r"^[+-]?[0-9][0-9.,\s]*$")


@dataclass(frozen=True)
class ParsedNumber:
    """One figure: its value, whether it was a percentage, and whether it was rupiah."""

    value: Decimal
    is_percent: bool = False
    is_currency: bool = False


class NotANumber(ValueError):
    """The text is not a number in any of the accepted ways of writing one."""


def parse_number(text: str, decimal_mark: str = ",") -> ParsedNumber:
    """Read one figure such as ``Rp 146,309 miliar``, ``1.234.567,89`` or ``69,98%``.

    ``decimal_mark`` is ``","`` for Indonesian writing (the default) and ``"."`` for
    machine exports that write ``1234567.89``; a figure with a scale word is always read the
    Indonesian way. Raises :class:`NotANumber` with the reason.
    """
    if decimal_mark not in (",", "."):
        raise ValueError(f"decimal_mark must be ',' or '.', not {decimal_mark!r}")
    original = text
    s = text.strip().replace("\u00a0", " ")
    if not s:
        raise NotANumber("empty")

    is_currency = bool(_CURRENCY.match(s))
    s = _CURRENCY.sub("", s)
    is_percent = bool(_PERCENT.search(s))
    s = _PERCENT.sub("", s)
    scale = 1
    scale_match = _SCALE.search(s)
    # A bare "m" or "t" only counts as a scale word after a space or a digit ("1,2 M", "4T").
    if scale_match and scale_match.start(1) > 0:
        scale = SCALE_WORDS[scale_match.group(1).lower()]
        s = s[: scale_match.start()]
    s = s.strip()
    if scale != 1:
        # A scale word is Indonesian writing: "146,309 miliar" is 146.309 billion, whatever
        # convention the rest of the file follows. A "." beside it in a file whose decimal
        # mark is "." could be either convention: refused rather than guessed.
        if decimal_mark == "." and "." in s:
            raise NotANumber(
                f"{original!r} mixes a '.' with a scale word: write it the Indonesian way "
                "(',' decimal, e.g. '146,309 miliar') or as a plain number"
            )
        decimal_mark = ","

    value = digits_value(s, decimal_mark, original)
    return ParsedNumber(value * scale, is_percent=is_percent, is_currency=is_currency)


def digits_value(digits: str, decimal_mark: str = ",", original: str | None = None) -> Decimal:
    """The value of the digits and separators of a figure (``1.234.567,89``), without its
    ``Rp``, scale word or percent sign: for callers that have taken those apart already."""
    if not _DIGITS.match(digits):
        raise NotANumber(f"{original or digits!r} is not a number")
    return _digits_to_decimal(digits.replace(" ", ""), decimal_mark, original or digits)


def _digits_to_decimal(s: str, decimal_mark: str, original: str) -> Decimal:
    group_mark = "." if decimal_mark == "," else ","
    sign = ""
    if s[0] in "+-":
        sign, s = s[0], s[1:]
    if decimal_mark in s:
        whole, _, fraction = s.rpartition(decimal_mark)
        if decimal_mark in whole or group_mark in fraction or not fraction:
            raise NotANumber(f"{original!r} has a misplaced {decimal_mark!r}")
    else:
        whole, fraction = s, ""
    if group_mark in whole:
        groups = whole.split(group_mark)
        if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            raise NotANumber(f"{original!r} has thousands groups that are not of three digits")
        whole = "".join(groups)
    try:
        return Decimal(sign + whole + ("." + fraction if fraction else ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex above admits digits only
        raise NotANumber(f"{original!r} is not a number") from exc
