"""Figures that make sense only together: ranges, lists before one noun, "masing-masing".

* ``10.000-12.000 peserta``, ``antara 10 hingga 12 ribu``: a range is no one figure, neither
  end is reported;
* ``1.200 dan 900 perusahaan baru pada 2018 dan 2019``: figures listed before one noun share
  its kind, and go with years listed right after them, in order;
* ``Kantor Cabang A dan B masing-masing 1.200 dan 900 peserta``: the figures after
  "masing-masing" go, in order, with the offices, segments or years listed before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from capaian.news.extract import lexicon
from capaian.news.extract.figures import Figure
from capaian.news.extract.offices import Mention
from capaian.news.extract.owners import enumeration_ending_with
from capaian.news.extract.years import YearMention

if TYPE_CHECKING:
    from capaian.news.extract.reading import Reading

_RESPECTIVELY = re.compile(r"\bmasing-masing\b|\bmasing2\b", re.IGNORECASE)
_BEFORE_LISTED_YEARS = re.compile(r"\s*(?:(?:pada|selama|sepanjang)\s+)?(?:tahun\s+)?", re.I)
_BETWEEN_LISTED_YEARS = re.compile(r"\s*(?:,\s*(?:dan\s+)?|dan\s+|serta\s+)(?:tahun\s+)?", re.I)


def ranges(text: str, figures: list[Figure]) -> set[int]:
    """Indexes of the figures that are the ends of a range ("10 hingga 12 ribu peserta")."""
    ends: set[int] = set()
    for index in range(len(figures) - 1):
        first, second = figures[index], figures[index + 1]
        if second.start - first.end > 20:  # a cheap test first: a range's ends are close
            continue
        if lexicon.RANGE_JOINT.fullmatch(text, first.end, second.start) or (
            lexicon.RANGE_BETWEEN.fullmatch(text, first.end, second.start)
            and lexicon.RANGE_START.search(text, max(0, first.start - 20), first.start)
        ):
            ends.update((index, index + 1))
    return ends


def share_kinds(readings: list[Reading], text: str) -> None:
    """Figures listed before one noun are of one kind: "12.000 dan 9.000 peserta baru"; so are
    a result and the target it is measured against: "58.568 dari target 114.230 peserta baru"."""
    for first, second in zip(readings, readings[1:], strict=False):
        shares = first.figure.noun_from_next or (
            first.role == "realization"
            and second.role == "target"
            and lexicon.FROM_TARGET.match(text[first.figure.attached_end : second.figure.start])
        )
        if shares and (first.kind is None) != (second.kind is None):
            first.kind = second.kind = first.kind or second.kind


def listed_years(text: str, readings: list[Reading], years: list[YearMention]) -> None:
    """Figures listed before one noun, then as many years listed right after them, go with
    those years in order: "1.200 dan 900 perusahaan pada 2018 dan 2019"."""
    chain: list[Reading] = []
    for reading in readings:
        chain.append(reading)
        if reading.figure.noun_from_next:
            continue
        if len(chain) > 1:
            stated = _years_listed_at(text, chain[-1].figure.attached_end, years)
            if len(stated) == len(chain):
                for member, year in zip(chain, stated, strict=True):
                    member.year = year
        chain = []


def _years_listed_at(text: str, position: int, years: list[YearMention]) -> list[int]:
    """The explicit years listed one after another from ``position`` on."""
    listed: list[int] = []
    joint = _BEFORE_LISTED_YEARS
    for mention in years:
        if mention.position < position or mention.relative:
            continue
        if not joint.fullmatch(text, position, mention.position):
            break
        listed.append(mention.year)
        position, joint = mention.position + 4, _BETWEEN_LISTED_YEARS
    return listed


def assign_respectively(
    text: str,
    span: tuple[int, int],
    years: list[YearMention],
    mentions: list[Mention],
    readings: list[Reading],
    segments_named: Callable[[str], list[tuple[int, str]]],
) -> None:
    """Give the figures after "masing-masing" in the sentence ``span`` to the offices,
    segments or years listed before it, in order, when there are as many figures as names;
    otherwise leave them as they are. A percentage goes with the amount before it."""
    start, end = span
    if text.find("asing", start, end) < 0:  # a cheap test first
        return
    respectively = _RESPECTIVELY.search(text, start, end)
    if respectively is None:
        return
    figures = [r for r in readings if r.figure.start >= respectively.end()]
    amounts = [r for r in figures if not r.figure.is_percent]
    before = [m for m in mentions if m.end <= respectively.start()]
    listed = enumeration_ending_with(text, before) if before else []
    if len(listed) > 1 and len(amounts) == len(listed):
        _hand_out(figures, [m.office for m in listed], "office")
    # "Peserta PU dan BPU masing-masing 50.000 dan 8.000 orang": the segments since the last
    # figure before "masing-masing", each once.
    earlier = [r.figure.attached_end for r in readings if r.figure.start < respectively.start()]
    since = earlier[-1] if earlier else start
    named = [name for _, name in segments_named(text[since : respectively.start()])]
    segments = [name for i, name in enumerate(named) if i == 0 or name != named[i - 1]]
    counts = [r for r in amounts if r.metric == "participants"]
    if len(set(segments)) == len(segments) > 1 and len(counts) == len(amounts) == len(segments):
        _hand_out(figures, segments, "segment")
    # "Peserta tahun 2018 dan 2019 masing-masing 12.000 dan 15.000 orang".
    stated = [y.year for y in years if since <= y.position < respectively.start()]
    if len(set(stated)) == len(stated) > 1 and len(amounts) == len(stated):
        _hand_out(figures, stated, "year")


def _hand_out(figures: list[Reading], values: list, attribute: str) -> None:
    """Set ``attribute`` of the amounts among ``figures`` to ``values`` in order; each
    percentage takes the value of the amount before it."""
    remaining = iter(values)
    current = None
    for reading in figures:
        if not reading.figure.is_percent:
            current = next(remaining)
        if current is not None:
            setattr(reading, attribute, current)
