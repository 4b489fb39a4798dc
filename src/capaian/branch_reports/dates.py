"""Report dates as branches write them: ISO, ``30/06/2024``, ``30-06-2024``, ``30 Juni 2024``.

Day-first is the Indonesian convention, so ``03/06/2024`` is 3 June, never 6 March.
"""

from __future__ import annotations

import re
from datetime import date, datetime

# Indonesian month names and their usual abbreviations, plus English ones because
# Excel on an English Windows writes "30 June 2024" in the same files.
MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = r"(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?"
_DAY_FIRST = r"(?P<dd>\d{1,2})[/.-](?P<dm>\d{1,2})[/.-](?P<dy>\d{4})"
_WORDS = rf"(?P<wd>\d{{1,2}})\s+(?P<wm>{_MONTH_WORDS})\.?\s+(?P<wy>\d{{4}})"
_ANY_DATE = f"(?:{_ISO}|{_DAY_FIRST}|{_WORDS})"

_WHOLE_DATE = re.compile(rf"\s*{_ANY_DATE}\s*", re.IGNORECASE)
# Inside a title such as "Per 30 Juni 2024" or "Posisi s.d. 30/06/2024".
_DATE_IN_TEXT = re.compile(rf"(?<!\d){_ANY_DATE}(?!\d)", re.IGNORECASE)

ACCEPTED_FORMS = "YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY or '30 Juni 2024'"


class NotADate(ValueError):
    """The text is not a date in an accepted form, or names a day that does not exist."""


def parse_date(value: object) -> date:
    """Read a report date from a cell: a ``date``/``datetime`` or text in an accepted form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise NotADate(f"{value!r} is a number, not a date (is the cell formatted as a date?)")
    text = str(value)
    match = _WHOLE_DATE.fullmatch(text)
    if not match:
        raise NotADate(f"{_short(text)!r} is not a date (write {ACCEPTED_FORMS})")
    return _date_from_match(match, text)


def find_date_in_text(text: str) -> date | None:
    """The first date written anywhere in ``text`` (a title cell), or None."""
    match = _DATE_IN_TEXT.search(text)
    if not match:
        return None
    return _date_from_match(match, text)


def _date_from_match(match: re.Match[str], text: str) -> date:
    g = match.groupdict()
    if g["iy"]:
        year, month, day = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["dy"]:
        year, month, day = int(g["dy"]), int(g["dm"]), int(g["dd"])
    else:
        year, month, day = int(g["wy"]), MONTHS[g["wm"].lower()], int(g["wd"])
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise NotADate(f"{_short(text.strip())!r} is not a real date ({exc})") from None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
