"""Which BPJS Ketenagakerjaan office a figure belongs to, and at what level.

Offices are named by their kind and a place: ``Kantor Cabang Batam Nagoya`` / ``KC Pekalongan``
(branch), ``KCP X`` / ``Cabang Perintis X`` (pioneer branch), ``Kanwil Banten`` / ``Wilayah
Sulawesi dan Maluku`` (region), ``Provinsi Aceh`` (province). Regional nicknames (``Sumbagut``,
``Jatim``) are expanded to their full names so that one office has one canonical spelling.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from capaian.extract import lexicon
from capaian.extract.office_names import Office, look_up, look_up_head, places_in

# Common abbreviations of regions and provinces in news copy.
ABBREVIATIONS = {
    "sumbagut": "Sumatera Bagian Utara",
    "sumbagsel": "Sumatera Bagian Selatan",
    "sumbagteng": "Sumatera Bagian Tengah",
    "sulama": "Sulawesi dan Maluku",
    "suma": "Sulawesi dan Maluku",
    "sulawesi maluku": "Sulawesi dan Maluku",
    "sulawesi-maluku": "Sulawesi dan Maluku",
    "jatim": "Jawa Timur",
    "jabar": "Jawa Barat",
    "jateng": "Jawa Tengah",
    "sumut": "Sumatera Utara",
    "sumsel": "Sumatera Selatan",
    "sumbar": "Sumatera Barat",
    "sulsel": "Sulawesi Selatan",
    "sulut": "Sulawesi Utara",
    "sulteng": "Sulawesi Tengah",
    "sultra": "Sulawesi Tenggara",
    "kalbar": "Kalimantan Barat",
    "kaltim": "Kalimantan Timur",
    "kalsel": "Kalimantan Selatan",
    "kalteng": "Kalimantan Tengah",
    "babel": "Bangka Belitung",
    "kepri": "Kepulauan Riau",
    "diy": "DI Yogyakarta",
    "dki": "DKI Jakarta",
    "bandarlampung": "Bandar Lampung",
}
PROVINCES = (
    "Aceh|Sumatera Utara|Sumatera Barat|Riau|Kepulauan Riau|Jambi|Sumatera Selatan|"
    "Bangka Belitung|Bengkulu|Lampung|DKI Jakarta|Jawa Barat|Banten|Jawa Tengah|DI Yogyakarta|"
    "Jawa Timur|Bali|Nusa Tenggara Barat|Nusa Tenggara Timur|Kalimantan Barat|Kalimantan Tengah|"
    "Kalimantan Selatan|Kalimantan Timur|Kalimantan Utara|Sulawesi Utara|Sulawesi Tengah|"
    "Sulawesi Selatan|Sulawesi Tenggara|Sulawesi Barat|Gorontalo|Maluku Utara|Maluku|"
    "Papua Barat|Papua"
)
# Words that follow "BPJS" without being a place: the agency's own words ("TK" is tenaga
# kerja), including the typos news copy makes of "Ketenagakerjaan" ("Ketanagakerjaan").
_NOT_A_NAME = (
    r"(?!(?:BPJS|BPJAMSOSTEK|BP|TK|Ket\w*kerj\w*|Kantor|Cabang|Wilayah|Kanwil|Perwakilan)\b)"
)
_NAME = (
    rf"{_NOT_A_NAME}[A-Z][\w-]*(?:\s+{_NOT_A_NAME}(?:[A-Z][\w-]*|I{{1,3}}|IV))"
    r"{0,2}(?:\s+(?:dan|&)\s+[A-Z][\w-]*)?"
)
_BPJS = r"(?:BPJS\s*(?:Ketenagakerjaan|TK|-TK)?|BPJAMSOSTEK|BP\s*Jamsostek|BPJSTK)"
# Each pattern opens with a lookahead on its possible first letters: it only makes the engine
# skip quickly over the rest of the text.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "pioneer_branch",
        re.compile(
            rf"(?=[KC])(?:Kantor\s+Cabang\s+Perintis|\bKCP|Cabang\s+Perintis)\s+(?P<name>{_NAME})"
        ),
    ),
    (
        "branch",
        re.compile(
            rf"(?=[KCc])(?:Kantor\s+Cabang|\bKC|\b[Cc]abang)\s+(?:{_BPJS}\s+)?(?:[Kk]ota\s+)?(?P<name>{_NAME})"
        ),
    ),
    (
        "region",
        re.compile(
            rf"(?=[KWw])(?:Kantor\s+Wilayah|\bKanwil|\bWilayah|\bwilayah)\s+(?:{_BPJS}\s+)?(?P<name>{_NAME})"
        ),
    ),
    ("province", re.compile(rf"(?=P)(?:\bProvinsi|\bProv\.)\s+(?P<name>{PROVINCES})\b")),
    ("unknown", re.compile(rf"{_BPJS}\s+(?P<name>{_NAME})")),
]
_MAY_NAME_AN_OFFICE = re.compile(r"abang|ilayah|anwil|rovinsi|Prov\.|BPJ|KC|BP\s*Jams", re.I)
_PROVINCE_BEFORE_FIGURE = re.compile(rf"(?:^|[\s,(])(?P<name>{PROVINCES})\s*(?:sebanyak\s*)?$")
_PROVINCE_NAMES = {p.lower() for p in PROVINCES.split("|")}


# "Kepala Kantor Cabang Manado Tri Candra": after a title, the office's name runs into a
# person's name.
_TITLE_BEFORE = re.compile(
    r"\b(?:kepala|kakanwil|kakacab|deputi|direktur|pimpinan|plt\.?|asisten|kabid)\b[^.,;:\n]{0,40}$",
    re.IGNORECASE,
)
# Cue words are never part of a place name: "BPJS Ketenagakerjaan DKI Targetkan Peserta ..."
# (a headline in title case) names "DKI".
_CUES = (
    lexicon.TARGET,
    lexicon.REALIZATION_STRONG,
    lexicon.REALIZATION_WEAK,
    lexicon.SEGMENT,
    lexicon.PARTICIPANT_WORDS,
    lexicon.EMPLOYER_WORDS,
    lexicon.CONTRIBUTION_WORDS,
    lexicon.GROWTH,
    lexicon.PROJECTION,
    lexicon.PAYOUT,
)


def canonical(name: str) -> str:
    cleaned = " ".join(name.replace("Sumatra", "Sumatera").split())
    cleaned = re.sub(r"\s*\(.*$", "", cleaned)
    return ABBREVIATIONS.get(cleaned.lower(), cleaned)


def _level_of(name: str, level: str) -> str:
    if level != "unknown":
        return level
    return "region" if name.lower() in _PROVINCE_NAMES or "dan" in name.split() else "branch"


def _without_cue_words(name: str) -> str:
    """The name up to the first word a cue starts at ("Bukan Penerima Upah" is a segment)."""
    words = name.split()
    for index in range(len(words)):
        rest = " ".join(words[index:])
        if any(cue.match(rest) for cue in _CUES):
            return " ".join(words[:index])
    return name


@lru_cache(maxsize=4096)  # an article names its offices again and again
def resolve(written: str, level: str, after_title: bool = False) -> Office | None:
    """The office a name written in the article stands for; None when it is no name at all.

    A name the gazetteer knows (as name or alias) takes its canonical spelling; after a title
    the name may run into a person's name, so the longest head that is an office's canonical
    name is taken. Anything else keeps the article's spelling, for review.
    """
    as_written = _without_cue_words(" ".join(written.split()))
    name = canonical(as_written)
    if not name:
        return None
    # The gazetteer's aliases win over the built-in expansions ("DIY" is the Yogyakarta branch).
    known = look_up(as_written) or look_up(name)
    if known is None and after_title:
        known = look_up_head(name, canonical)
    if known is not None:
        return Office(known.name, level if level != "unknown" else known.level)
    return Office(name, _level_of(name, level))


def offices_in(text: str, start: int, end: int) -> list[tuple[int, Office]]:
    """Offices named between ``start`` and ``end``, with their positions, in order."""
    return [(position, office) for position, _end, office in office_mentions(text, start, end)]


def office_mentions(text: str, start: int, end: int) -> list[tuple[int, int, Office]]:
    """Offices named between ``start`` and ``end``: (start, end, office) of each, in order."""
    found: dict[int, tuple[int, Office]] = {}
    if not _MAY_NAME_AN_OFFICE.search(text, start, end):  # a cheap test first
        return []
    for level, pattern in _PATTERNS:
        for match in pattern.finditer(text, start, end):
            position = match.start()
            # "Kantor Cabang X" is also "Cabang X" two characters on: one mention, not two.
            if any(position + shift in found for shift in (-2, -1, 0, 1, 2)):
                continue
            after_title = bool(_TITLE_BEFORE.search(text, max(0, position - 60), position))
            office = resolve(match.group("name"), level, after_title)
            if office is not None:
                found[position] = (match.end(), office)
    return [(position, *found[position]) for position in sorted(found)]


def bare_places(text: str, mentions: list[tuple[int, int, Office]]) -> list[tuple[int, Office]]:
    """Gazetteer places named without an office word ("palangkaraya realisasinya 85 ribu"),
    leaving out those inside an office mention ("Kantor Cabang Medan Belawan" is not Medan)."""
    spans = [(s, e) for s, e, _ in mentions]
    starts = [s for s, _ in spans]
    bare = []
    for position, office in places_in(text):
        index = bisect_right(starts, position) - 1
        if index >= 0 and spans[index][0] <= position < spans[index][1]:
            continue
        bare.append((position, office))
    return bare


def province_right_before(left_context: str) -> Office | None:
    """``Gorontalo 193.218``: a province named right before a figure owns it."""
    match = _PROVINCE_BEFORE_FIGURE.search(left_context)
    if not match:
        return None
    known = look_up(match.group("name"))
    return Office(known.name if known else match.group("name"), "province")
