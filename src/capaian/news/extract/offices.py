"""The BPJS Ketenagakerjaan offices an article names, and at what level.

Offices are named by their kind and a place: ``Kantor Cabang Batam Nagoya`` / ``KC Pekalongan``
(branch), ``KCP X`` / ``Cabang Perintis X`` (pioneer branch), ``Kanwil Banten`` / ``Wilayah
Sulawesi dan Maluku`` (region), ``Provinsi Aceh`` (province). Regional nicknames (``Sumbagut``,
``Jatim``) are expanded to their full names so that one office has one canonical spelling.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from capaian.news.extract import lexicon
from capaian.news.extract.office_names import (
    Office,
    look_up,
    look_up_head,
    national,
)

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
    "ntb": "Nusa Tenggara Barat",
    "ntt": "Nusa Tenggara Timur",
    "sulbar": "Sulawesi Barat",
    "kaltara": "Kalimantan Utara",
    "malut": "Maluku Utara",
    "pabar": "Papua Barat",
    "nad": "Aceh",
}
PROVINCES = (
    "Aceh|Sumatera Utara|Sumatera Barat|Riau|Kepulauan Riau|Jambi|Sumatera Selatan|"
    "Bangka Belitung|Bengkulu|Lampung|DKI Jakarta|Jawa Barat|Banten|Jawa Tengah|DI Yogyakarta|"
    "Jawa Timur|Bali|Nusa Tenggara Barat|Nusa Tenggara Timur|Kalimantan Barat|Kalimantan Tengah|"
    "Kalimantan Selatan|Kalimantan Timur|Kalimantan Utara|Sulawesi Utara|Sulawesi Tengah|"
    "Sulawesi Selatan|Sulawesi Tenggara|Sulawesi Barat|Gorontalo|Maluku Utara|Maluku|"
    "Papua Barat|Papua Barat Daya|Papua Tengah|Papua Pegunungan|Papua Selatan|Papua"
)
# Provinces as news copy abbreviates them ("Provinsi NTB"): the keys of ABBREVIATIONS that
# expand to a province.
_PROVINCE_ABBREVIATIONS = "|".join(
    sorted(
        (
            k.upper() if len(k) <= 3 else k.capitalize()
            for k, v in ABBREVIATIONS.items()
            if v in PROVINCES.split("|") and " " not in k and "-" not in k
        ),
        key=len,
        reverse=True,
    )
)
# Words that follow "BPJS" without being a place: the agency's own words ("TK" is tenaga
# kerja), including the typos news copy makes of "Ketenagakerjaan" ("Ketanagakerjaan",
# "Ketenagakarjaan": a word that starts "Ket" and has a "j"; no place name here does).
# "Asisten Deputi Wilayah Bidang Pelayanan" names a department, not a region; "Rp" starts a
# figure.
_NOT_A_NAME = (
    r"(?!(?:BPJS|BPJAMSOSTEK|BP|TK|Ket\w*j\w*|Kantor|Cabang|Wilayah|Kanwil|Perwakilan|"
    r"Bidang|Rp)\b)"
)
_NAME = (
    rf"{_NOT_A_NAME}[A-Z][\w-]*(?:\s+{_NOT_A_NAME}(?:[A-Z][\w-]*|I{{1,3}}|IV))"
    rf"{{0,3}}(?P<joined>\s+(?:dan|&)\s+{_NOT_A_NAME}[A-Z][\w-]*)?"
)
_BPJS = r"(?:BPJS\s*(?:Ket\w*j\w*|TK|-TK)?|BPJAMSOSTEK|BP\s*Jamsostek|BPJSTK)"
# Each pattern opens with a lookahead on its possible first letters: it only makes the engine
# skip quickly over the rest of the text.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "pioneer_branch",
        re.compile(
            rf"(?=[KC])(?:Kantor\s+Cabang\s+Perintis|\bKCP|Cabang\s+Perintis)\s+"
            rf"(?:{_BPJS}\s+)?(?:[Kk]ota\s+)?(?P<name>{_NAME})"
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
    (
        "province",
        re.compile(
            rf"(?=P)(?:\bProvinsi|\bProv\.)\s+(?P<name>{PROVINCES}|{_PROVINCE_ABBREVIATIONS})\b"
        ),
    ),
    ("unknown", re.compile(rf"{_BPJS}\s+(?P<name>{_NAME})")),
]
_AGENCY_NAME = (
    rf"(?:{_BPJS}|Badan\s+Penyelenggara\s+Jaminan\s+Sosial(?:\s*\(BPJS\))?\s+Ketenagakerjaan)"
)
# The agency's directors and head-office departments speak for the agency as a whole: the
# agency has no branch directors, so a place after "Direktur Utama BPJS Ketenagakerjaan" is a
# reporter's label (or the venue), not an office. Not "Deputi Direktur Wilayah" (a region's
# head) and not a company's director (the agency's name must follow the title).
_NATIONAL_SPEAKER = re.compile(
    # The lookahead (the titles' first letters) is only for speed.
    r"(?=[DA])(?<!Deputi )(?<!Wakil )\b(?:Direktur\s+Utama|Dirut|"
    r"Direktur\s+(?!Wilayah\b|Cabang\b)[A-Z]\w+(?:\s+(?:dan|&)\s+[A-Z]\w+)?|"
    r"(?:Asisten\s+)?Deputi\s+(?:Direktur\s+)?Bidang)\b"
    rf"[^.,;:\"“”\n]{{0,80}}?{_AGENCY_NAME}(?:\s+(?:Pusat\b|{_NAME}))?"
)
# The Minister of Manpower (and the deputy minister) speaks of the agency as a whole: the ministry
# has no office below the nation that the agency's figures could belong to.
_MINISTER = re.compile(
    r"(?=[MWmw])\b(?:(?:Wakil\s+)?Menteri\s+Ketenagakerjaan(?:\s+\(Menaker\))?|"
    r"(?:Wa)?[Mm]enaker)\b"
)
_MAY_NAME_AN_OFFICE = re.compile(
    r"abang|ilayah|anwil|rovinsi|Prov\.|BPJ|KC|BP\s*Jams|nasional|Indonesia|Pusat|nyelenggara|"
    r"enteri|enaker",
    re.I,
)
# Not the end of a longer name: "total peserta Sulawesi dan Maluku sebanyak 1,3 juta".
_PROVINCE_BEFORE_FIGURE = re.compile(
    rf"(?:^|(?<![\s(]dan)(?<!&)[\s,(])(?P<name>{PROVINCES})\s*(?:sebanyak\s*)?$"
)
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
    name is taken. After the agency's name alone ("BPJS Ketenagakerjaan X", level
    ``unknown``) only the gazetteer decides: its longest known head, else no office at all
    (a person, an event). Anything else keeps the article's spelling, for review.
    """
    as_written = _without_cue_words(" ".join(written.split()))
    name = canonical(as_written)
    if not name:
        return None
    # The gazetteer's aliases win over the built-in expansions ("DIY" is the Yogyakarta branch).
    known = look_up(as_written) or look_up(name) or _look_up_joined(name)
    if known is not None and level == "region" and known.level in ("branch", "pioneer_branch"):
        known = None  # "Kantor Wilayah Bali Nusa Tenggara": a region, not the branch "Bali"
    if known is None and after_title:
        known = look_up_head(name, canonical) or look_up_head(name, canonical, aliases=True)
    if known is None and level == "unknown":
        known = look_up_head(name, canonical, aliases=True)
        if known is None:
            return None
    if known is not None:
        return Office(known.name, known.level)  # one office, one entry: the gazetteer's level
    return Office(name, _level_of(name, level))


def _look_up_joined(name: str) -> Office | None:
    """A region named by its parts, each abbreviated: "Sumbar dan Riau" is "Sumatera Barat dan
    Riau" (look_up itself ignores how the parts are joined)."""
    parts = re.split(r"\s+(?:dan|&)\s+", name)
    if len(parts) < 2:
        return None
    return look_up(" dan ".join(canonical(p) for p in parts))


class Mention(NamedTuple):
    """An office or place named in the article."""

    start: int
    end: int
    office: Office
    # Named as a speaker's office ("kata Deputi Direktur Wilayah Sumbagut"), not as a subject.
    affiliation: bool = False
    # A place named without an office word ("Pontianak 309 ribu", "di Sumut").
    bare: bool = False


def offices_in(text: str, start: int, end: int) -> list[tuple[int, Office]]:
    """Offices named between ``start`` and ``end``, with their positions, in order."""
    return [(m.start, m.office) for m in office_mentions(text, start, end)]


def office_mentions(text: str, start: int, end: int) -> list[Mention]:
    """Offices named between ``start`` and ``end``, in order."""
    found: dict[int, Mention] = {}
    listed: list[Mention] = []  # offices listed after a branch's name, without office words
    if not _MAY_NAME_AN_OFFICE.search(text, start, end):  # a cheap test first
        return []
    national_spans = _national_mentions(text, start, end, found)
    for level, pattern in _PATTERNS:
        may_join = "joined" in pattern.groupindex
        for match in pattern.finditer(text, start, end):
            position = match.start()
            if any(s <= position < e for s, e in national_spans):
                continue
            # "Kantor Cabang X" is also "Cabang X" two characters on: one mention, not two.
            if any(position + shift in found for shift in (-2, -1, 0, 1, 2)):
                continue
            # Inside a longer mention of a known office ("Kanwil BPJS Ketenagakerjaan Bali, Nusa
            # Tenggara dan Papua" holds "BPJS Ketenagakerjaan Bali").
            if any(
                m.start < position < m.end and look_up(m.office.name) is not None
                for m in found.values()
            ):
                continue
            after_title = bool(_TITLE_BEFORE.search(text, max(0, position - 60), position))
            name, name_end = match.group("name"), match.end()
            name, name_end = _four_words_only_when_known(name, name_end, match)
            if level == "region":
                name, name_end = _with_listed_parts(text, name, name_end)
            if may_join and match.group("joined") and not _one_office(name, level):
                # "Kantor Cabang Sampit dan Pangkalan Bun": two offices, not one named "X dan Y".
                name_end = match.start("joined")
                name = text[match.start("name") : name_end]
            # "di wilayah Sumut", "untuk wilayah Makassar": an area, not a Kanwil
            level_here = _area_level(name) if level == "region" and text[position] == "w" else level
            if level_here is None:
                continue  # "di wilayah Kabupaten Sidoarjo": a regency, read as a place
            office = resolve(name, level_here, after_title)
            if office is not None:
                found[position] = Mention(position, name_end, office, after_title)
                if level in ("branch", "pioneer_branch") and not after_title:
                    listed.extend(_listed_after(text, name_end, end, level))
    # A listed name with its own office word ("Cabang A dan Kantor Cabang B") is that mention.
    spans = sorted((m.start, m.end) for m in found.values())
    starts = [s for s, _ in spans]
    for mention in listed:
        index = bisect_right(starts, mention.start) - 1
        if index < 0 or spans[index][1] <= mention.start:
            found.setdefault(mention.start, mention)
    _apply_names_the_article_defines(text, start, end, found)
    return [found[position] for position in sorted(found)]


def _apply_names_the_article_defines(
    text: str, start: int, end: int, found: dict[int, Mention]
) -> None:
    """An office the article names with its office word ("BPJAMSOSTEK Cabang Pekanbaru
    Panam") but the gazetteer does not know is that office wherever the article names it again
    ("Kepala BPJAMSOSTEK Pekanbaru Panam Rudi", "iuran Pekanbaru Panam"), not the known office
    its first word is ("Pekanbaru"). Rewrites ``found`` in place."""
    defined = {
        m.office.name.lower(): m.office
        for m in found.values()
        if not m.affiliation
        and " " in m.office.name
        and m.office.level in ("branch", "pioneer_branch", "region")
        and look_up(m.office.name) is None
    }
    if not defined:
        return
    names = re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(n) for n in sorted(defined, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    for match in names.finditer(text, start, end):
        office = defined[match.group(0).lower()]
        covering = [m for m in found.values() if m.start < match.end() and match.start() < m.end]
        if any(m.office == office for m in covering):
            continue
        for m in covering:
            del found[m.start]
        first = min([match.start(), *(m.start for m in covering)])
        last = max([match.end(), *(m.end for m in covering)])
        affiliation = any(m.affiliation for m in covering)
        found[first] = Mention(first, last, office, affiliation, bare=not covering)


def _national_mentions(
    text: str, start: int, end: int, found: dict[int, Mention]
) -> list[tuple[int, int]]:
    """The agency as a whole, named by a director's title or a national scope; adds them to
    ``found`` and returns their spans (no other office is read inside them)."""
    agency = national()
    if agency is None:
        return []
    spans = []
    lowered = text[start:end].lower()
    for pattern, affiliation, words in (
        (_NATIONAL_SPEAKER, True, ("direktur", "dirut", "deputi")),
        (lexicon.NATIONAL_SCOPE, False, ("nasional", "indonesia", "pusat")),
        (_MINISTER, True, ("menteri", "menaker")),
    ):
        # The patterns are tried only around their key words, found with ``str.find``.
        for match in _matches_near(pattern, text, start, lowered, words):
            if not affiliation and _ranks(text, match.start(), match.end()):
                continue
            found[match.start()] = Mention(match.start(), match.end(), agency, affiliation)
            spans.append((match.start(), match.end()))
    return spans


def _ranks(text: str, start: int, end: int) -> bool:
    """Whether the national scope at ``start:end`` ranks an office ("tertinggi se-Indonesia")."""
    return any(
        m.end() == end for m in lexicon.RANKED_NATIONALLY.finditer(text, max(0, start - 40), end)
    )


def _matches_near(pattern, text: str, start: int, lowered: str, words: tuple[str, ...]):
    """``pattern``'s matches in the 60 characters before each key word and 200 after it."""
    windows: list[tuple[int, int]] = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            windows.append((max(0, at - 60), min(len(lowered), at + 200)))
            at = lowered.find(word, at + len(word))
    seen = set()
    for window_start, window_end in sorted(windows):
        for match in pattern.finditer(text, start + window_start, start + window_end):
            if match.start() not in seen:
                seen.add(match.start())
                yield match


# "Kantor Cabang Samarinda, Tenggarong dan Balikpapan": more offices of the same kind.
_LISTED_NAME = r"(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*))?"
_LIST_ITEM = re.compile(
    rf"\s*(?P<joint>,\s*(?:dan\s+|serta\s+)?|dan\s+|serta\s+|&\s*)"
    rf"(?:(?:kantor\s+)?cabang\s+(?:perintis\s+)?|kcp?\s+)?(?P<name>{_LISTED_NAME})",
    re.IGNORECASE,
)
_LIST_END = re.compile(r"dan|serta|&", re.IGNORECASE)
_NOT_LISTED = re.compile(rf"{_NOT_A_NAME}", re.IGNORECASE)


def _listed_after(text: str, position: int, end: int, level: str) -> list[Mention]:
    """The offices listed after an office word's first name, as one list ending with "dan" or
    "serta". A name the gazetteer does not know counts only as one word in a list of three or
    more: two words may be a person or an agency ("Cabang A, Pemko Medan dan Kejari Medan")."""
    items: list[re.Match[str]] = []
    while len(items) < 8:
        item = _LIST_ITEM.match(text, position, end)
        if item is None or not _NOT_LISTED.match(item.group("name")):
            return []
        if any(cue.match(item.group("name")) for cue in _CUES):
            return []
        items.append(item)
        position = item.end()
        if _LIST_END.search(item.group("joint")):
            break
    else:
        return []
    if not items:
        return []
    listed = []
    for item in items:
        known = look_up(canonical(item.group("name")))
        if known is None and (len(items) < 2 or " " in item.group("name")):
            return []
        office = Office(known.name, level) if known else Office(item.group("name"), level)
        listed.append(Mention(item.start("name"), item.end("name"), office))
    return listed


# ", Nusa Tenggara dan Papua" after "Kanwil Bali": the rest of a region named by its parts.
_MORE_PARTS = re.compile(
    r",\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}(?:,\s+[A-Z][\w-]*)*\s+(?:dan|&)\s+[A-Z][\w-]*"
)


def _with_listed_parts(text: str, name: str, name_end: int) -> tuple[str, int]:
    """A region the gazetteer names by a list of its parts ("Bali, Nusa Tenggara dan Papua")."""
    more = _MORE_PARTS.match(text, name_end)
    if more:
        longer = name + more.group(0)
        known = look_up(longer)
        if known is not None and known.level == "region":
            return longer, more.end()
    return name, name_end


def _four_words_only_when_known(name: str, name_end: int, match: re.Match[str]):
    """A name of four words is read only when the gazetteer knows it ("Hulu Sungai Selatan
    Kandangan"); otherwise the fourth word more likely starts a person's name."""
    words = name.split()
    if match.groupdict().get("joined") or len(words) < 4 or look_up(canonical(name)):
        return name, name_end
    three = re.match(r"\S+\s+\S+\s+\S+", name).group(0)
    return three, match.start("name") + len(three)


def _one_office(name: str, level: str) -> bool:
    """Whether "X dan Y" names one office: a region the gazetteer knows, or any region whose
    first part is not an office on its own ("Wilayah Bali Nusra dan Papua")."""
    if level in ("branch", "pioneer_branch"):
        return False
    if look_up(canonical(name)) is not None or _look_up_joined(name) is not None:
        return True
    head = re.split(r"\s+(?:dan|&)\s+", name)[0]
    return look_up(canonical(head)) is None


def _area_level(name: str) -> str | None:
    """The level of an office named after lower-case "wilayah": the gazetteer's ("unknown"
    lets it decide), a province's, else a region's; None for a regency or a city, which are
    places, not offices."""
    if _REGENCY_OR_CITY.match(name):
        return None
    if look_up(canonical(name)) is not None:
        return "unknown"
    return "province" if canonical(name).lower() in _PROVINCE_NAMES else "region"


_REGENCY_OR_CITY = re.compile(r"(?:Kabupaten|Kab\.?|Kota)\s", re.IGNORECASE)


def is_cue(word: str) -> bool:
    """Whether ``word`` is one of the extractor's cue words ("Target", "Peserta")."""
    return any(cue.fullmatch(word) for cue in _CUES)


def province_right_before(left_context: str) -> Office | None:
    """``Gorontalo 193.218``: a province named right before a figure owns it."""
    match = _PROVINCE_BEFORE_FIGURE.search(left_context)
    if not match:
        return None
    known = look_up(match.group("name"))
    return Office(known.name if known else match.group("name"), "province")
