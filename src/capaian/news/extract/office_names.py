"""Office names as the gazetteer knows them.

The gazetteer (the dbt seed ``office_gazetteer.csv``, read through ``capaian.gazetteer``) lists
real offices with the aliases news copy uses. The extractor uses it in two ways only, so that an
office it does not list is still reported (under the name the article gives it) and waits for
review in ``dbt_intermediate.int_unresolved_offices``:

* to give a name the article uses (``Sumbagsel``, ``DKI``) the gazetteer's canonical spelling;
* to see where a name glued to a person's (``Kepala Cabang Manado Tri Candra Kartika``) ends.

Nothing here is keyed to particular articles: every place name comes from the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Office:
    name: str
    level: str


@dataclass(frozen=True)
class _Names:
    by_name: dict[str, Office]  # every canonical name and alias, lower-cased
    canonical: dict[str, Office]  # canonical names only, lower-cased
    places: re.Pattern[str] | None  # any place name or alias, for "Pontianak 309 ribu"
    # Regencies and cities (Kemendagri's list) as written, capitalised: "Kota Kendari", "Bima".
    areas: re.Pattern[str] | None
    by_area: dict[str, Office]  # as written -> the office covering it
    # The region and province each office lies in (canonical names, lower-cased).
    within: dict[str, frozenset[str]]


# Aliases that name the agency itself, not a place: "BPJS Ketenagakerjaan" is in nearly every
# sentence and must not make every figure national.
_AGENCY = re.compile(r"BPJ|Jamsostek|Kantor Pusat", re.IGNORECASE)


@cache
def gazetteer_names() -> _Names:
    try:
        from capaian import gazetteer

        entries = gazetteer.offices()
        areas = gazetteer.places()
    except (OSError, KeyError, ValueError):
        # The extractor still works without the seeds (a bare install): names stay as written.
        return _Names({}, {}, None, None, {}, {})
    by_name: dict[str, Office] = {}
    canonical: dict[str, Office] = {}
    for entry in entries:
        office = Office(entry.name, entry.level)
        canonical.setdefault(entry.name.lower(), office)
        for name in (entry.name, *entry.aliases):
            by_name.setdefault(name.lower(), office)
    place_names = sorted(
        (n for n in by_name if not _AGENCY.search(n) and not n.startswith("kanwil ")),
        key=len,
        reverse=True,
    )
    places = (
        # A digit may follow: news copy drops spaces ("Pangkalan Bun75 ribu").
        re.compile(r"(?<!\w)" + _trie_pattern(place_names) + r"(?![^\W\d])", re.IGNORECASE)
        if place_names
        else None
    )
    within = {}
    for entry in entries:
        containers = (by_name.get(n.lower()) for n in (entry.region_name, entry.province) if n)
        within[entry.name.lower()] = frozenset(
            c.name.lower() for c in containers if c is not None and c.name != entry.name
        )
    by_area = _area_offices(entries, areas, by_name)
    for written, office in by_area.items():
        if office.name.lower() not in within:  # an area no office is known to cover
            province = by_name.get(_province_of(areas, written).lower())
            within[office.name.lower()] = frozenset({province.name.lower()} if province else ())
    area_pattern = (
        re.compile(  # capitalised as names are: the lookahead only skips other letters fast
            r"(?=[A-Z])(?<!\w)"
            + _trie_pattern(sorted(by_area, key=len, reverse=True))
            + r"(?![^\W\d])"
        )
        if by_area
        else None
    )
    return _Names(by_name, canonical, places, area_pattern, by_area, within)


def _area_offices(entries, areas, by_name: dict[str, Office]) -> dict[str, Office]:
    """Each regency and city as news copy writes it ("Kota Kendari", "Kabupaten Batang",
    "Kab. Batang", "Batang"), mapped to the one branch that covers it. An area covered by no
    office the gazetteer lists, or by several, stands for itself (not a gazetteer office: its
    figures wait for review). A name an office already goes by is the office's. A bare name
    that is both a city and a regency is the city's."""
    by_code = {e.code: e for e in entries}
    found: dict[str, Office] = {}
    for area in sorted(areas, key=lambda a: a.kind != "regency"):  # cities last: they win
        if area.kind == "province":
            continue  # provinces are offices of the gazetteer themselves
        branches = [
            by_code[c]
            for c in area.covered_by
            if c in by_code and by_code[c].level in ("branch", "pioneer_branch")
        ]
        office = (
            Office(branches[0].name, branches[0].level)
            if len(branches) == 1
            else Office(area.name, "branch")
        )
        written = {area.name, area.short_name, area.name.replace("Kabupaten ", "Kab. ")}
        for name in written:
            if name.lower() not in by_name and len(name) > 3:
                found[name] = office
    return found


def _province_of(areas, written: str) -> str:
    return next((a.province for a in areas if written in (a.name, a.short_name)), "")


def _trie_pattern(words: list[str]) -> str:
    """One regex for many words, shaped as a trie (``ba(?:li|njarmasin)``...).

    A flat alternation of a hundred names makes the engine try each at every word; a trie
    tries one branch per letter, which keeps this lookup a small share of the extractor's time.
    Longer words are tried before their prefixes, so the longest name wins.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in node.items() if char]
        if "" in node:
            branches.append("")  # the word may end here, after the longer branches failed
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return emit(trie)


def look_up(name: str) -> Office | None:
    """The gazetteer's office for a name or alias, ignoring case and how the parts of a joined
    name are joined ("Jateng-DIY", "Jateng & DIY", "Jateng dan DIY" are "Jateng DIY")."""
    names = gazetteer_names().by_name
    return names.get(name.lower()) or _loosely_named().get(_loose(name))


_JOINT = re.compile(r"\s*(?:[-–&/,]|\bdan\b|\bserta\b)\s*", re.IGNORECASE)


def _loose(name: str) -> str:
    return " ".join(_JOINT.sub(" ", name.lower()).split())


@cache
def _loosely_named() -> dict[str, Office]:
    """Every name and alias by its loose key, where that key names one office only."""
    found: dict[str, set[Office]] = {}
    for name, office in gazetteer_names().by_name.items():
        found.setdefault(_loose(name), set()).add(office)
    return {key: next(iter(offices)) for key, offices in found.items() if len(offices) == 1}


@cache
def national() -> Office | None:
    """The gazetteer's entry for the agency as a whole."""
    return next((o for o in gazetteer_names().canonical.values() if o.level == "national"), None)


def look_up_head(name: str, expand, aliases: bool = False) -> Office | None:
    """The office whose name the first words of ``name`` are, longest first: words after a
    known name ("NTB Nasrullah Umar", "Papua Jayapura Adventus") are not part of it.

    By default only canonical names count (``Manado``, not the alias ``Medan``), so that an
    unlisted branch (``Medan Belawan``) is not taken for a listed one that shares its first
    word; ``aliases`` lets aliases count too, where no unlisted name is expected.
    """
    words = name.split()
    names = gazetteer_names()
    known = names.by_name if aliases else names.canonical
    for length in range(len(words) - 1, 0, -1):
        head = " ".join(words[:length])
        office = known.get(head.lower()) or known.get(expand(head).lower())
        if office:
            return office
    return None


def contains(outer: Office, inner: Office) -> bool:
    """Whether ``inner`` lies in ``outer`` (a branch in its province or region, a province in
    its region), as far as the gazetteer knows both."""
    return outer.name.lower() in gazetteer_names().within.get(inner.name.lower(), ())


def places_in(text: str) -> list[tuple[int, int, Office]]:
    """Every gazetteer place named in ``text``: (start, end, office) of each, in order: the
    offices' names and aliases, and the regencies and cities read as their covering office."""
    names = gazetteer_names()
    if names.places is None:
        return []
    found = [(m.start(), m.end(), look_up(m.group())) for m in names.places.finditer(text)]
    if names.areas is None:
        return found
    found += [(m.start(), m.end(), names.by_area[m.group()]) for m in names.areas.finditer(text)]
    # Where two names overlap the longer is meant: "Kabupaten Aceh Selatan" is not "Aceh".
    found.sort(key=lambda item: (item[0], item[0] - item[1]))
    kept: list[tuple[int, int, Office]] = []
    for item in found:
        if kept and item[0] < kept[-1][1]:
            if item[1] - item[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = item
            continue
        kept.append(item)
    return kept
