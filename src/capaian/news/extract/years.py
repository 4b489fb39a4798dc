"""Which year a figure belongs to.

Three sources, from the most to the least specific:

* a year written near the figure in its sentence, absolute (``sepanjang 2016``, ``triwulan
  pertama 2018``) or relative (``tahun lalu``, ``tahun ini``, ``tahun depan``);
* the year the article has been talking about so far (``Pada tahun 2014, ...`` followed by a
  sentence without a year);
* the article's own date: the sidecar's ``published_at``, else a date in the text (a dateline
  like ``Selasa (31/1/2017)``, ``16 November 2018``, ``hingga Agustus 2017``), else a copyright
  line. An article dated January 2018 that reports data ``per Desember 2017`` is about 2017:
  an explicit as-of date in the text wins over the publication year for undated figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

_MONTHS = (
    r"januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|"
    r"november|nopember|desember"
)
# An explicit year that is not part of a slash date (31/1/2017), a law (UUD 1945) or a number.
YEAR = re.compile(
    r"(?=[12])(?<![\d/.,])(?<!UUD )(?P<year>(?:199|20[0-4])\d)(?![\d/]|\s*(?:persen|%))"
)
_COUNTS = {
    "se": 1, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10,
}  # fmt: skip
# "tahun lalu", "setahun kemudian"; the count before it ("tiga", "2") is read apart, so that the
# pattern is only tried where "tahun" starts.
RELATIVE_YEAR = re.compile(
    r"(?=[tT])(?:(?<=\bse)|(?<=\bSe)|\b)tahun\s+"
    r"(?P<which>lalu|silam|sebelumnya|kemarin|ini|depan|mendatang|berikutnya|selanjutnya|"
    r"kemudian)\b",
    re.IGNORECASE,
)
_COUNT_BEFORE = re.compile(
    r"(?:\b(?P<count>satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|\d{1,2})|"
    r"(?P<number>\d))?(?P<space>\s+)?$",
    re.IGNORECASE,
)
_RELATIVE_OFFSET = {
    "lalu": -1,
    "silam": -1,
    "sebelumnya": -1,
    "kemarin": -1,
    "ini": 0,
    "depan": 1,
    "mendatang": 1,
    "berikutnya": 1,
    "selanjutnya": 1,
    "kemudian": 1,
}
# "tahun lalu" is the year before the one the article is written in; "tahun sebelumnya" the
# year before the one it is talking about ("Iuran 2023 Rp310 miliar. Pada tahun sebelumnya ...").
_FROM_THE_YEAR_TALKED_ABOUT = frozenset({"sebelumnya", "berikutnya", "selanjutnya", "kemudian"})


def _relative_offset(text: str, match: re.Match[str]) -> int | None:
    """How many years from the anchor a relative year is ("tiga tahun lalu": -3); None for
    a span ("dua tahun ini", these two years) or another number ("2019 tahun lalu") that is no
    one year."""
    which = match.group("which").lower()
    if text[max(0, match.start() - 2) : match.start()].lower() == "se":
        return _RELATIVE_OFFSET[which]  # "setahun lalu"
    before = _COUNT_BEFORE.search(text, max(0, match.start() - 12), match.start())
    written = before.group("count") if before and before.group("space") else None
    if written is None:
        if before and before.group("number") and before.group("space"):
            return None  # a number this pattern cannot count
        return _RELATIVE_OFFSET[which]
    count = int(written) if written.isdigit() else _COUNTS[written.lower()]
    if which == "ini" or count == 0:
        return None
    return _RELATIVE_OFFSET[which] * count


_SLASH_DATE = re.compile(r"\b\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?P<year>(?:19|20)\d\d)\b")
_WORD_DATE = re.compile(rf"\b(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+(?P<year>(?:19|20)\d\d)\b", re.I)
_COPYRIGHT = re.compile(r"(?:copyright|©|\(c\))[^\n]*?(?P<year>(?:19|20)\d\d)", re.IGNORECASE)
# "per Desember 2017", "hingga akhir Agustus 2018", "sampai bulan Agustus 2025".
_AS_OF = re.compile(
    rf"\b(?:per|hingga|sampai(?:\s+dengan)?|s\.?d\.?)\s+(?:akhir\s+|bulan\s+|\d{{1,2}}\s+)*"
    rf"(?:{_MONTHS})\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


# "per 31/12/2023", "hingga 30/9/2024": a date written with slashes that says when the figures
# stand (a bare one, "Kamis (19/12/2019)", dates the interview).
_AS_OF_SLASH_DATE = re.compile(
    r"\b(?:per|hingga|sampai(?:\s+dengan)?|s\.?d\.?|pada)\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*"
    r"(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# A day's date that is not an as-of date ("pada 1 Juli 2015", "Kamis, 10 Juli 2025") dates an
# event or the interview, not the period a figure covers.
_DAY_DATE = re.compile(
    # The lookahead (first letters of the as-of words, or a digit) is only for speed.
    r"(?=[hpsdHPSD\d])"
    rf"(?P<as_of>\b(?:hingga|per|sampai|dengan|s\.d\.|sd)\s+)?"
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class YearMention:
    position: int
    year: int
    relative: bool
    # Where the comparison starts that makes this year a base ("naik 15 persen dibanding tahun
    # lalu"): the year of the figures inside the comparison only. None: an ordinary year.
    compared_from: int | None = None
    # Where the mention's clause starts: a year written after a figure belongs to it only in
    # the same clause ("tahun lalu ... 20.000, sedangkan tahun ini ... 25.000").
    clause_start: int = 0
    # Where the compared year's own figures end after it: "naik dari realisasi tahun lalu
    # sebanyak 15.000" (last year's), not "... dibanding tahun lalu menjadi 45.000" (this year's).
    compared_until: int | None = None
    # Counted from the year talked about, not from the article's date: the offset to add.
    offset_from_context: int | None = None


# "dibandingkan (periode yang sama) tahun lalu", "naik 20 persen dari tahun 2018": the year
# something is compared with, in the same clause.
_COMPARISON = re.compile(
    r"(?:\b(?:dibanding(?:kan)?|ketimbang|daripada)\b"
    r"|\b(?:naik|meningkat|tumbuh|bertambah|turun|menurun)\b(?:[^,.;:\n]|[.,]\d){0,30}?\bdari\b)"
    r"(?:[^,.;:\n]|[.,]\d){0,60}$",  # a separator inside a number ends no clause
    re.IGNORECASE,
)
_COMPARISON_WORDS = ("banding", "ketimbang", "daripada", "dari")
# "tumbuh 9 persen, dari 180.000 pada 2022 menjadi 196.200": a year between "dari" and its figure
# and "menjadi" is the year of the old value.
_FROM_FIGURE = re.compile(r"\bdari\s+(?:Rp\.?\s*)?\d(?:[^,.;:\n]|[.,]\d){0,40}$", re.IGNORECASE)
_THEN_BECOMES = re.compile(r"\s*(?:\w+\s+){0,2}?menjadi\b", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleDate:
    """The year the article was written in, and the year its undated data describe."""

    year: int | None
    data_year: int | None
    month: int | None = None  # the month it was written in, where its metadata say


def article_date(text: str, published_at: str | None) -> ArticleDate:
    year = month = None
    if published_at:
        match = re.match(r"\s*((?:19|20)\d\d)(?:-(\d\d))?", published_at)
        year = int(match.group(1)) if match else None
        month = int(match.group(2)) if match and match.group(2) else None
    if year is None:
        dated = [m for pattern in (_SLASH_DATE, _WORD_DATE) for m in pattern.finditer(text)]
        if dated:
            year = int(min(dated, key=lambda m: m.start()).group("year"))
        else:
            copyright_line = _COPYRIGHT.search(text)
            year = int(copyright_line.group("year")) if copyright_line else None
    data_year = year
    as_of = _AS_OF.search(text)
    if as_of:
        stated = int(as_of.group("year"))
        # Only a date at or shortly before publication says what "now" is in the article.
        if year is None or year - 1 <= stated <= year:
            data_year = stated
    return ArticleDate(year=year, data_year=data_year, month=month)


_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("januari",),
            ("februari", "pebruari"),
            ("maret",),
            ("april",),
            ("mei",),
            ("juni",),
            ("juli",),
            ("agustus",),
            ("september",),
            ("oktober",),
            ("november", "nopember"),
            ("desember",),
        ),
        start=1,
    )
    for name in names
}
# The same dates article_date reads a year from, with their day and month.
_SLASH_DAY = re.compile(
    r"\b(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>(?:19|20)\d\d)\b"
)
_WORD_DAY = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTHS})\s+(?P<year>(?:19|20)\d\d)\b", re.I
)


def text_date(text: str, earliest: date, latest: date) -> str | None:
    """The article's date as its text gives it (``YYYY-MM-DD``, or ``YYYY-MM`` where only the
    month is written), or None: the first date written in the text that exists and lies
    between ``earliest`` and ``latest``, as article_date takes the first for the year.

    A year alone is never made a date: "tahun 2017" says nothing of the day it was written.
    """
    found = sorted(
        (m for pattern in (_SLASH_DAY, _WORD_DAY) for m in pattern.finditer(text)),
        key=lambda m: m.start(),
    )
    for match in found:
        month_text = match.group("month").lower()
        month = _MONTH_NUMBERS.get(month_text) or int(month_text)
        year = int(match.group("year"))
        day = match.group("day")
        try:
            first = date(year, month, int(day or 1))
        except ValueError:  # 31/2/2017, 5/13/2017: not a date
            continue
        if day is None:
            if earliest.replace(day=1) <= first <= latest:
                return f"{year:04d}-{month:02d}"
        elif earliest <= first <= latest:
            return first.isoformat()
    return None


# "hingga Desember lalu": the last December before the article was written.
_MONTH_AGO = re.compile(
    # The lookahead (the months' first letters) is only for speed.
    rf"(?=[jfmasondpJFMASONDP])\b(?P<month>{_MONTHS})\s+(?:yang\s+)?lalu\b",
    re.IGNORECASE,
)


def year_mentions(
    text: str, start: int, end: int, anchor: int | None, month: int | None = None
) -> list[YearMention]:
    """Every year named between ``start`` and ``end``; relative ones need the anchor year (and
    "Desember lalu" the month the article was written in)."""
    event_years = {
        m.start("year") for m in _DAY_DATE.finditer(text, start, end) if not m.group("as_of")
    }
    mentions = [
        YearMention(
            m.start("year"), int(m.group("year")), False, None, _clause_start(text, m.start())
        )
        for m in _AS_OF_SLASH_DATE.finditer(text, start, end)
    ]
    for m in YEAR.finditer(text, start, end):
        if m.start("year") in event_years:
            continue
        compared = _compared_from(text, m.start(), m.end())
        mentions.append(
            YearMention(
                m.start(),
                int(m.group("year")),
                False,
                compared,
                _clause_start(text, m.start()),
                _compared_until(text, m.start(), compared),
            )
        )
    if anchor is not None:
        for m in RELATIVE_YEAR.finditer(text, start, end):
            offset = _relative_offset(text, m)
            if offset is None:
                continue
            compared = _compared_from(text, m.start(), m.end())
            clause = _clause_start(text, m.start())
            until = _compared_until(text, m.start(), compared)
            from_context = (
                offset if m.group("which").lower() in _FROM_THE_YEAR_TALKED_ABOUT else None
            )
            mentions.append(
                YearMention(m.start(), anchor + offset, True, compared, clause, until, from_context)
            )
        if month is not None and "lalu" in text:  # a cheap test first
            for m in _MONTH_AGO.finditer(text, start, end):
                named = _MONTH_NUMBERS[m.group("month").lower()]
                year = anchor if named < month else anchor - 1
                clause = _clause_start(text, m.start())
                mentions.append(YearMention(m.start(), year, True, None, clause))
    return sorted(mentions, key=lambda mention: mention.position)


def counted_from(mentions: list[YearMention], talked_about: int | None) -> list[YearMention]:
    """``mentions`` (one sentence's) with "tahun sebelumnya" and "tahun berikutnya" counted from
    the year talked about: the last year stated before them in the sentence, else
    ``talked_about``, else (as already counted) the article's date."""
    if all(m.offset_from_context is None for m in mentions):
        return mentions
    counted, base = [], talked_about
    for mention in mentions:
        if mention.offset_from_context is not None and base is not None:
            mention = replace(mention, year=base + mention.offset_from_context)
        elif mention.offset_from_context is None:
            base = mention.year
        counted.append(mention)
    return counted


# Words that open a new clause about something else: a year after one of them is not the year
# of a figure before it.
_NEW_CLAUSE_BEFORE = re.compile(
    r"(?:\b(?:sedangkan|sementara|adapun|namun|tetapi|sedang|lalu\s+pada)\b|;)"
    r"(?:[^;.]|[.,]\d)*$",  # the last break before the mention
    re.IGNORECASE,
)


_COMPARED_FIGURES_END = re.compile(
    r"[;.](?!\d)|,(?!\d)|\b(?:menjadi|jadi|kini|sekarang|sedangkan|sementara)\b", re.IGNORECASE
)


def _compared_until(text: str, position: int, compared: int | None) -> int | None:
    if compared is None:
        return None
    end = _COMPARED_FIGURES_END.search(text, position + 4, position + 120)
    return end.start() if end else position


def _clause_start(text: str, position: int) -> int:
    start = max(0, position - 120)
    found = _NEW_CLAUSE_BEFORE.search(text, start, position)
    return found.start() if found else 0


def _compared_from(text: str, position: int, end: int) -> int | None:
    start = max(0, position - 100)
    window = text[start:position].lower()
    if not any(word in window for word in _COMPARISON_WORDS):  # a cheap test first
        return None
    comparison = _COMPARISON.search(text, start, position)
    if comparison:
        return comparison.start()
    old_value = _FROM_FIGURE.search(text, start, position)
    if old_value and _THEN_BECOMES.match(text, end, end + 30):
        return old_value.start()
    return None


def nearest_year(mentions: list[YearMention], position: int) -> int | None:
    """The year named closest to ``position`` (a figure's start), if any; a year something is
    compared with counts only for the figures inside the comparison."""
    nearest, distance = None, None
    for mention in mentions:
        compared = mention.compared_from
        if compared is not None and not (
            compared <= position < mention.position
            or mention.position < position < (mention.compared_until or 0)
        ):
            continue
        if position < mention.clause_start:  # after the figure, in a clause of its own
            continue
        if distance is None or abs(mention.position - position) < distance:
            nearest, distance = mention.year, abs(mention.position - position)
    return nearest
