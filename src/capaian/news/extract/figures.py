"""Find the figures written in a piece of prose, with their spans.

A figure is digits with Indonesian separators (``19.300``, ``146,309``), optionally led by
``Rp`` and followed by a scale word (``ribu``, ``juta``, ``miliar``, ``triliun``, ``ribuan``),
a percent sign or word, a hedge (``lebih``) and the noun that says what was counted
(``orang``, ``perusahaan``, ``kasus`` ...). Reading the digits themselves is
:func:`capaian.indonesian_numbers.parse_number`'s job; this module decides which separator
convention a figure in prose follows and refuses the ones that cannot be read with confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from capaian.indonesian_numbers import SCALE_WORDS, NotANumber, digits_value
from capaian.news.extract import lexicon

_SCALE_WORDS = r"ribuan|ribu|rb|jutaan|juta|jt|miliar|milyar|milliar|triliun|trilyun"
_FIGURE = re.compile(
    # A figure starts with "Rp" or a digit: the lookahead lets the engine skip other characters
    # without trying the whole pattern at each of them (a third of the extractor's time before).
    r"(?=[R\d])"
    # After "Rp" ("Rp.1.200.000.000" too); else not glued to other digits, separators or a
    # slash (dates like 31/1/2017, numbers like 500.11.2/3377). Letters before are allowed:
    # "Pangkalan Bun75 ribu".
    r"(?:(?P<rp>\bRp\.?\s*)|(?<![\d.,/]))(?P<digits>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![.,]?\d|/)"
    r"(?:\s*(?P<scale>(?i:" + _SCALE_WORDS + r"))(?!\w)|(?P<mt>\s*[MT])(?![\w]))?"
    r"(?:\s*(?P<pct>%|(?i:persen(?:nya)?|prosen))(?!\w))?",
)
_MONTH = (
    r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
    r"november|nopember|desember|jan|feb|mar|apr|jun|jul|agu|agt|sep|okt|nov|nop|des"
)
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTH})\b", re.IGNORECASE)
_YEAR_LIKE = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
_ORDINAL_BEFORE = re.compile(r"(?:\bke-?\s*|\bNo\.?\s*|\bnomor\s*|#|\bUUD\s*|\bPasal\s*)$", re.I)


@dataclass
class Figure:
    """One figure in the text: where it is, what it is worth and what was counted."""

    start: int
    end: int  # end of the figure as written (digits, scale word, percent sign)
    attached_end: int  # end of the hedge and unit noun that belong to it
    value: Decimal | None  # None: the separators cannot be read with confidence
    is_percent: bool
    is_currency: bool
    approximate: bool
    unit: str | None  # "person", "generic", "employer", "other" or None when no noun follows
    has_separator_or_scale: bool  # written like a count ("19.300", "53 ribu"), not "34"
    noun_from_next: bool = False  # "1.200 dan 900 perusahaan": the noun is the next figure's


def find_figures(text: str, start: int, end: int) -> list[Figure]:
    """All readable figures between ``start`` and ``end`` of ``text``, in order."""
    figures = []
    for match in _FIGURE.finditer(text, start, end):
        figure = _read(text, match, end)
        if figure is not None:
            figures.append(figure)
    in_words = [
        _read_words(text, scale_start, scale_end, start, end)
        for scale_start, scale_end in _scale_words_after_letters(text[start:end].lower(), start)
    ]
    if any(in_words):
        figures += [figure for figure in in_words if figure is not None]
        figures.sort(key=lambda figure: figure.start)
    _share_nouns(text, figures)
    return figures


# "satu juta pekerja", "dua setengah juta", "sejuta", "seratus ribu": a number in words before
# a scale word. (A small number in words alone, "dua kali", is never a figure of interest.)
_ONES = {
    "satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
}  # fmt: skip
_SCALES_IN_WORDS = ("ribu", "juta", "miliar", "milyar", "triliun")


def _scale_words_after_letters(lowered: str, offset: int) -> list[tuple[int, int]]:
    """Where a scale word follows a word, not digits ("satu juta", "sejuta"): found with
    ``str.find``, since scale words are few and most follow digits."""
    found = []
    for scale in _SCALES_IN_WORDS:
        at = lowered.find(scale)
        while at >= 0:
            end = at + len(scale)
            blank = at
            while blank > 0 and lowered[blank - 1].isspace():
                blank -= 1
            after_word = blank < at and lowered[blank - 1 : blank].isalpha()
            glued = lowered.endswith("se", 0, at)
            if (after_word or glued) and not lowered[end : end + 1].isalpha():
                found.append((offset + at, offset + end))
            at = lowered.find(scale, end)
    return found


_WORDS_BEFORE_SCALE = re.compile(
    r"(?<![\w-])(?:(?P<ones>satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|"
    r"sebelas|seratus)(?P<half>\s+setengah)?\s+|(?P<se>se))$",
    re.IGNORECASE,
)


def _read_words(
    text: str, scale_start: int, scale_end: int, start: int, limit: int
) -> Figure | None:
    before = _WORDS_BEFORE_SCALE.search(text, max(start, scale_start - 30), scale_start)
    if before is None:
        return None
    ones = Decimal(_ONES[(before.group("ones") or "se").lower()])
    if before.group("half"):
        ones += Decimal("0.5")
    value = ones * SCALE_WORDS[text[scale_start:scale_end].lower()]
    figure = Figure(
        start=before.start(),
        end=scale_end,
        attached_end=scale_end,
        value=value,
        is_percent=False,
        is_currency=False,
        approximate=bool(
            lexicon.HEDGE_BEFORE.search(text[max(0, before.start() - 30) : before.start()])
        ),
        unit=None,
        has_separator_or_scale=True,
    )
    _attach_noun(text, figure, limit)
    return figure


# "1.200, 900 dan 500 perusahaan": figures listed before one noun.
_SHARED_NOUN_JOINT = re.compile(r"\s*(?:,\s*(?:dan|serta)?|dan|serta)\s*", re.IGNORECASE)


def _share_nouns(text: str, figures: list[Figure]) -> None:
    """Give a bare figure the noun of the figure it is listed with (right to left)."""
    for index in range(len(figures) - 2, -1, -1):
        first, second = figures[index], figures[index + 1]
        if (
            first.unit is None
            and second.unit is not None
            and not (first.is_percent or first.is_currency)
            and _SHARED_NOUN_JOINT.fullmatch(text, first.attached_end, second.start)
        ):
            first.unit = second.unit
            first.noun_from_next = True


def _read(text: str, match: re.Match[str], limit: int) -> Figure | None:
    digits = match.group("digits")
    is_currency = match.group("rp") is not None
    scale = match.group("scale")
    if match.group("mt") and is_currency:
        scale = match.group("mt").strip()
    is_percent = match.group("pct") is not None
    # Dates ("19 Desember"), years ("2017"), ordinals ("HUT ke-39", "No. 2") are not figures
    # (unless written as money, with a scale word or as a percentage).
    if not (is_currency or scale or is_percent) and (
        _YEAR_LIKE.match(digits)
        or _DATE_AFTER.match(text[match.end() : min(limit, match.end() + 40)])
        or _ORDINAL_BEFORE.search(text[max(0, match.start() - 12) : match.start()])
    ):
        return None
    # An unreadable figure is kept (with no value) so that it still bounds its neighbours' context.
    value = _value(digits, scale, is_percent, is_currency)
    if scale and scale.lower() in ("ribuan", "jutaan"):
        approximate = True
    else:
        approximate = bool(
            lexicon.HEDGE_BEFORE.search(text[max(0, match.start() - 30) : match.start()])
        )

    span_start = match.start("rp") if is_currency else match.start("digits")
    figure = Figure(
        start=span_start,
        end=match.end(),
        attached_end=match.end(),
        value=value,
        is_percent=is_percent,
        is_currency=is_currency,
        approximate=approximate,
        unit=None,
        has_separator_or_scale=bool(scale) or len(digits) >= 4 or "." in digits or "," in digits,
    )
    _attach_noun(text, figure, limit)
    return figure


def _attach_noun(text: str, figure: Figure, limit: int) -> None:
    """The hedge ("lebih") and the noun ("orang", "perusahaan") that follow the figure."""
    hedge = lexicon.HEDGE_AFTER.match(text, figure.attached_end, limit)
    if hedge and not figure.is_percent:
        figure.approximate = True
        figure.attached_end = hedge.end()
    if figure.is_percent or figure.is_currency:
        return
    noun = lexicon.UNIT_AFTER.match(text, figure.attached_end, limit)
    if noun:
        figure.unit = noun.lastgroup
        figure.attached_end = noun.end()
        hedge = lexicon.HEDGE_AFTER.match(text, figure.attached_end, limit)
        if hedge:
            figure.approximate = True
            figure.attached_end = hedge.end()


def _value(digits: str, scale: str | None, is_percent: bool, is_currency: bool) -> Decimal | None:
    """The figure's value, or None when its separators cannot be read with confidence."""
    has_dot, has_comma = "." in digits, "," in digits
    if has_dot and has_comma:
        # "2.982,642 orang": a dot-grouped number with a three-digit decimal part is either a
        # typo or a foreign convention; a count of people cannot have one, so we cannot tell.
        whole, _, fraction = digits.rpartition(",")
        if len(fraction) == 3 and not (scale or is_percent or is_currency):
            return None
    candidates = []
    comma_grouped = not has_dot and re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits)
    if comma_grouped and (digits.count(",") > 1 or not (scale or is_percent or is_currency)):
        # "1,020,168" or "550,712 orang": commas group thousands (a count is never fractional).
        candidates.append(".")
    if has_dot and not has_comma and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        # "27.65 persen": a dot that does not group three digits is a decimal point.
        candidates.append(".")
    candidates.append(",")
    multiplier = SCALE_WORDS[scale.lower()] if scale else 1
    for decimal_mark in candidates:
        try:
            return digits_value(digits, decimal_mark) * multiplier
        except NotANumber:
            continue
    return None
