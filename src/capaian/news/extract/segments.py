"""A figure's segment (PU, BPU, JAKON, PMI or ALL) and participant kind (new or active).

A segment is named right after the figure (``N pekerja jasa konstruksi``), in its phrase before
it (``peserta BPU sebanyak N``), by the figure before it in the sentence (a list goes on), by
the total a sentence breaks down (``Dari jumlah itu ...``), or by the paragraph; a figure none
of them names is every segment's (``ALL``). A percentage takes the segment of the count it
follows; contributions and employers are ``ALL`` unless one segment is named with them.
"""

from __future__ import annotations

import re

from capaian.news.extract import lexicon

_SEGMENT_FILLER = (
    r"(?:baik|yang|merupakan|adalah|dari|para|kalangan|sektor|segmen|di|antaranya|diantaranya|"
    r"pekerja|peserta|tenaga|kerja|aktif|baru)"
)
_ANY_SEGMENT = "|".join(f"(?:{pattern})" for _, pattern in lexicon.SEGMENT_PATTERNS)
# "N pekerja jasa konstruksi", "N tenaga kerja baik dari sektor PU maupun BPU (BPU)".
SEGMENT_AFTER = re.compile(
    rf"^\s*(?:{_SEGMENT_FILLER}\s+){{0,4}}(?:{lexicon.SEGMENT.pattern}|"
    # "N tenaga kerja konstruksi", "N pekerja migran": the unit is read with the figure, its
    # sector follows.
    rf"(?P<construction>kon(?:s)?truksi\b)|(?P<migrant>migran\b))"
    rf"(?P<both>\s*(?:\([^)]{{1,30}}\))?\s+(?:maupun|dan|serta)\s+(?:{_SEGMENT_FILLER}\s+){{0,2}}"
    rf"(?:{_ANY_SEGMENT})(?:\s*\([^)]{{1,30}}\))?)?",
    re.IGNORECASE,
)
_EXCLUDING_WORDS = ("luar", "selain", "kecuali", "termasuk")
# Every segment name in lexicon.SEGMENT_PATTERNS contains one of these, or is the word "PU".
_SEGMENT_PIECES = ("upah", "formal", "mandiri", "truksi", "jakon", "migran", "pmi", "tki", "bpu")
_PU_WORD = re.compile(r"\bpu\b", re.IGNORECASE)


def without_excluded(left: str) -> str:
    """The left context without 'di luar jasa konstruksi dan PMI' phrases."""
    lowered = left.lower()
    if not any(word in lowered for word in _EXCLUDING_WORDS):  # a cheap test first
        return left
    return lexicon.EXCLUDING.sub(" ", left)


def segments_named(text: str) -> list[tuple[int, str]]:
    if not _may_name_a_segment(text):  # a cheap test first: most sentences name none
        return []
    return [(m.start(), m.lastgroup) for m in lexicon.SEGMENT.finditer(without_excluded(text))]


def _may_name_a_segment(text: str) -> bool:
    """False only when no segment name can be in ``text``: each has one of these pieces."""
    lowered = text.lower()
    return any(piece in lowered for piece in _SEGMENT_PIECES) or bool(_PU_WORD.search(text))


def segment_of(reading, left, segment_after, readings, anaphoric, state, before="") -> str:
    """The segment of ``reading`` (a ``pipeline.Reading``); ``segment_after`` is
    :data:`SEGMENT_AFTER` matched right after the figure, ``before`` the sentence up to it."""
    if reading.metric == "contributions" and not reading.figure.is_percent:
        # "iuran BPU Rp X", "jasa konstruksi ... dengan total iuran sebesar Rp488,73 juta": the
        # contributions of the one segment named in the figure's phrase, else in its sentence.
        for context in (left, before):
            named = {name for _, name in segments_named(context)}
            if named:
                return named.pop() if len(named) == 1 else "ALL"
        return "ALL"
    if reading.metric != "participants" and not reading.figure.is_percent:
        return "ALL"
    if reading.figure.is_percent and reading.metric in ("employers", "contributions"):
        return "ALL"
    if reading.figure.is_percent:
        earlier = [r for r in readings[:-1] if not r.figure.is_percent]
        if earlier:
            return earlier[-1].segment or "ALL"
    if segment_after:
        if segment_after.group("both"):
            return "ALL"
        if segment_after.group("construction"):
            return "JAKON"
        if segment_after.group("migrant"):
            return "PMI"
        return next(name for name, _ in lexicon.SEGMENT_PATTERNS if segment_after.group(name))
    named = segments_named(left)
    if named:
        distinct = {name for _, name in named}
        if len(distinct) > 1 and lexicon.BOTH_SEGMENTS.search(left):
            return "ALL"
        return named[-1][1]
    earlier = [r for r in readings[:-1] if r.metric == "participants"]
    if earlier and earlier[-1].segment:
        return earlier[-1].segment
    if anaphoric:
        totals = [r for r in state.previous_readings if r.metric == "participants"]
        totals = [r for r in totals if r.figure.value is not None and not r.figure.is_percent]
        if totals:
            return max(totals, key=lambda r: r.figure.value).segment or "ALL"
    return state.paragraph_segment or "ALL"


def kind_of(left: str, right: str, reading) -> str | None:
    """ "new" (acquisitions), "active" (the stock) or None where the words leave it open: the
    kind word nearest the figure ("menjaring 12.000 peserta baru, sehingga total peserta aktif
    menjadi 80.000": the first is new, the second active)."""
    if reading.metric == "contributions":
        return None
    # A percentage often names what it is a share of after it: "80% ... dari keseluruhan peserta".
    reach = (120, 80) if reading.figure.is_percent else (60, 40)
    before = left[-reach[0] :]
    # The figure stands between: "baru 80.000" is "only 80,000", "peserta baru" is new ones.
    near = before + " 0 " + right[: reach[1]]
    at, after = len(before), len(before) + 3
    found = [
        (at - m.end() if m.end() <= at else m.start() - after, kind)
        for kind, pattern in (("active", lexicon.ACTIVE_KIND), ("new", lexicon.NEW_KIND))
        for m in pattern.finditer(near)
    ]
    # The nearest; at equal distance "active" (listed first) wins, as it always did.
    return min(found, key=lambda f: f[0])[1] if found else None
