"""Which office a figure belongs to: the office or place mention that governs it.

A sentence names offices (``Kantor Cabang Samarinda``, ``Kanwil Kalimantan``) and places
(``Pontianak``, ``di Sumut``); the extractor hands each figure to one of them:

* the mention named since the previous figure, the list item the figure closes
  (``Sampit 129 ribu lebih, palangkaraya realisasinya 85 ribu``); a province named around a
  branch in the branch's own clause is its scope, not the owner (``cabang Samarinda mewakili
  Kaltim sebanyak N``); a list of several offices leaves the subject named before it, and
  without one the figure is their sum, no one office's (``SEVERAL``);
* else the previous figure's owner in the sentence (``Pontianak ada 10 ribu target,
  realisasi 9 ribu``);
* else a place named later in the figure's clause as its scope (``... 5 juta tenaga kerja di
  Sumut``), else the office the article is talking about.

A place inside the owner (a province in the Kanwil's region, a branch in the province) is more
specific and wins: ``Kanwil X mencatat N pekerja di Provinsi Y`` is Y's figure, and a Kanwil
head speaking after a sentence about a province of his region speaks of that province.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from capaian.news.extract.figures import Figure
from capaian.news.extract.office_names import Office, contains
from capaian.news.extract.offices import Mention, province_right_before

# Between two offices of an enumeration: "cabang A, B dan C", "KCP A serta KCP B", also across
# names the gazetteer does not know ("Sulsel, Sulbar dan Gorontalo").
_LIST_STEP = (
    r"\s*(?:,\s*(?:dan\s+|serta\s+)?|dan\s+|serta\s+|&\s*)"
    r"(?:(?:kantor\s+)?cabang\s+(?:perintis\s+)?|kc\s+|kcp\s+)?"
)
_LIST_JOINT = re.compile(
    rf"{_LIST_STEP}(?:(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*))?{_LIST_STEP})*", re.IGNORECASE
)
# "... tenaga kerja di Sumut", "... di Provinsi Aceh", "... di wilayah Kalimantan".
_SCOPE_BEFORE = re.compile(r"\bdi\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
# A comma between digits is a decimal mark ("1,25 juta"), not the end of a clause.
_CLAUSE_END = re.compile(
    r",(?!\d)|[;:\"“”]|\b(?:sedangkan|sementara|kata|ujar|ungkap)\b", re.IGNORECASE
)
_SCOPE_REACH = 200  # characters: a scope is named close by; this also keeps the search linear
# The owner of a figure that sums several offices listed together: not a fact of any one.
SEVERAL = Office("several offices", "several")


# How an owner was found, from the most to the least direct: the confidence reads this.
NAMED = "named"  # named right before the figure, or as the province a figure follows
PREVIOUS = "previous"  # the owner of the sentence's previous figure
SCOPE = "scope"  # a place named later in the figure's clause ("... di Sumut")
CARRIED = "carried"  # the office the article was talking about


def figure_owner(
    text: str,
    figure: Figure,
    left: str,
    left_start: int,
    named: tuple[list[Mention], list[int]],
    previous: list[Office | None],
    carried: Office | None,
) -> tuple[Office | None, str]:
    """The office ``figure`` belongs to, and how it was found (``NAMED`` ... ``CARRIED``).

    ``left``: the figure's left context, from ``left_start`` (the end of the previous figure's
    phrase, or the sentence's start); ``named``: the sentence's mentions and their starts;
    ``previous``: the owners of the sentence's figures before this one; ``carried``: the office
    the article is talking about.
    """
    mentions, starts = named
    province = province_right_before(left[-40:])
    if province:
        return province, NAMED
    served = _served_by(text, figure, mentions[bisect_left(starts, figure.end) :])
    if served:
        return served.office, NAMED
    in_item = mentions[bisect_left(starts, left_start) : bisect_left(starts, figure.start)]
    if not in_item and previous:
        return previous[-1], PREVIOUS
    scope = _scope_after(text, figure, mentions[bisect_left(starts, figure.end) :])
    if not in_item:
        return (scope.office, SCOPE) if scope else (carried, CARRIED)
    owner = _owner_in_item(text, in_item)
    if owner.affiliation and carried and _nested(carried, owner.office):
        # "kata Deputi Direktur Wilayah Sumbagsel, terdapat N pekerja": a Kanwil head speaking
        # of the province of his region that the article is talking about.
        return carried, CARRIED
    if scope and _nested(scope.office, owner.office):
        return scope.office, SCOPE  # "Kanwil X mencatat N pekerja di Provinsi Y": Y is the scope
    return owner.office, NAMED


def carried_office(text: str, mentions: list[Mention], carried: Office | None) -> Office | None:
    """The office a sentence leaves the article talking about: the last one it names, but not
    a list of several ("ada kantor cabang Samarinda, Balikpapan, Bontang dan Berau"), which
    leaves the subject named before the list, and not a speaker's Kanwil around the province
    the article is talking about."""
    last = mentions[-1]
    listed = enumeration_ending_with(text, mentions)
    if _several_offices(listed):
        rest = mentions[: -len(listed)]
        return rest[-1].office if rest else carried
    if last.affiliation and carried and _nested(carried, last.office):
        return carried
    if last.bare:
        # "Cabang Pontianak ... kepesertaan di Kalbar": the area around the office the
        # sentence names is that office's scope; the article goes on about the office.
        inner = [m.office for m in mentions[:-1] if not m.bare and _nested(m.office, last.office)]
        if inner:
            return inner[-1]
    return last.office


def enumeration_ending_with(text: str, mentions: list[Mention]) -> list[Mention]:
    """The offices listed one after another (joined by commas, dan, serta) that end
    ``mentions``: one mention when the last is not part of such a list."""
    listed = [mentions[-1]]
    for mention in reversed(mentions[:-1]):
        joint = _LIST_JOINT.match(text, mention.end, listed[0].start)
        if joint is None or joint.end() != listed[0].start:
            break
        listed.insert(0, mention)
    return listed


def _several_offices(listed: list[Mention]) -> bool:
    """Whether a list names several offices: places one office covers ("Kota Ternate, Kota
    Tidore Kepulauan dan Kabupaten Halmahera Barat") are that one office."""
    return len({m.office for m in listed}) > 1


def _nested(inner: Office, outer: Office) -> bool:
    return inner != outer and contains(outer, inner)


def _owner_in_item(text: str, in_item: list[Mention]) -> Mention:
    """The mention that owns a figure among those named since the previous figure."""
    nearest = in_item[-1]
    listed = enumeration_ending_with(text, in_item)
    if _several_offices(listed):
        # "cabang Samarinda, Balikpapan dan Bontang N peserta": several offices, one figure; it
        # is the subject named before the list that the figure belongs to, if one is named,
        # else it is their sum, no one office's.
        rest = in_item[: -len(listed)]
        return rest[-1] if rest else nearest._replace(office=SEVERAL, affiliation=False)
    # "cabang Samarinda tertinggi mewakili Kaltim sebanyak N": the province around the office,
    # named in the office's own clause, is the office's scope; the office owns the figure.
    # ("Kepala Cabang A, X mengatakan, pekerja di Provinsi B ...": another clause, B's figure.)
    others = {m.office for m in in_item[:-1]}
    if (
        len(others) == 1
        and _nested(in_item[-2].office, nearest.office)
        and not _CLAUSE_END.search(text, in_item[-2].end, nearest.start)
    ):
        return in_item[-2]
    return nearest


# "14.600 tenaga kerja yang dilayani Kantor Cabang Halmahera Selatan": the office that serves
# the people counted, named right after them.
_SERVED_BY = re.compile(
    r"\s*(?:(?-i:[a-z]+)\s+){0,3}?(?:yang\s+)?(?:dilayani|ditangani|dikelola|tercatat\s+di|"
    r"terdaftar\s+di|di\s+bawah)\s+(?:oleh\s+)?(?:(?:kantor|BPJS|Ketenagakerjaan)\s+)*$",
    re.IGNORECASE,
)


def _served_by(text: str, figure: Figure, after: list[Mention]) -> Mention | None:
    """The office named right after ``figure`` as serving what it counts, if any."""
    if not after or after[0].start > figure.end + 80 or after[0].affiliation:
        return None
    if _SERVED_BY.match(text[figure.end : after[0].start]):
        return after[0]
    return None


def _scope_after(text: str, figure: Figure, after: list[Mention]) -> Mention | None:
    """A place named as the scope of the figure later in its clause: "25 persen (1,25 juta
    pekerja) dari sekitar 5 juta tenaga kerja di Sumut". ``after``: the mentions after it."""
    if not after or after[0].start > figure.end + _SCOPE_REACH:
        return None
    clause_end = _CLAUSE_END.search(text, figure.end, figure.end + _SCOPE_REACH)
    limit = clause_end.start() if clause_end else figure.end + _SCOPE_REACH
    for mention in after:
        if mention.start >= limit:
            return None
        if not mention.affiliation and _SCOPE_BEFORE.search(
            text, max(0, mention.start - 20), mention.start
        ):
            return mention
    return None
