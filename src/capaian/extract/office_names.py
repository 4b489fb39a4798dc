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
    except (OSError, KeyError, ValueError):
        # The extractor still works without the seed (a bare install): names stay as written.
        return _Names({}, {}, None, {})
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
    return _Names(by_name, canonical, places, within)


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
    """The gazetteer's office for a name or alias, ignoring case."""
    return gazetteer_names().by_name.get(name.lower())


def look_up_known_head(name: str, expand) -> Office | None:
    """The office whose name or alias the first words of ``name`` are, longest first: words
    after a known name ("NTB Nasrullah Umar", "Papua Jayapura Adventus") are not part of it."""
    words = name.split()
    for length in range(len(words) - 1, 0, -1):
        head = " ".join(words[:length])
        office = look_up(head) or look_up(expand(head))
        if office:
            return office
    return None


def national() -> Office | None:
    """The gazetteer's entry for the agency as a whole."""
    return next((o for o in gazetteer_names().canonical.values() if o.level == "national"), None)


def look_up_head(name: str, expand) -> Office | None:
    """The office whose canonical name the first words of ``name`` are, longest first.

    Only canonical names count (``Manado``, not the alias ``Medan``), so that an unlisted
    branch (``Medan Belawan``) is not taken for a listed one that shares its first word.
    """
    words = name.split()
    canonical = gazetteer_names().canonical
    for length in range(len(words) - 1, 0, -1):
        head = " ".join(words[:length])
        office = canonical.get(expand(head).lower())
        if office:
            return office
    return None


def contains(outer: Office, inner: Office) -> bool:
    """Whether ``inner`` lies in ``outer`` (a branch in its province or region, a province in
    its region), as far as the gazetteer knows both."""
    return outer.name.lower() in gazetteer_names().within.get(inner.name.lower(), ())


def places_in(text: str) -> list[tuple[int, int, Office]]:
    """Every gazetteer place named in ``text``: (start, end, office) of each, in order."""
    places = gazetteer_names().places
    if places is None:
        return []
    return [(m.start(), m.end(), look_up(m.group())) for m in places.finditer(text)]
