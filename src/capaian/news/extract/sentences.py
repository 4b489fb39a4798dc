"""Cut an article into paragraphs and sentences, keeping offsets into the original text.

Nothing is rewritten: a sentence is a (start, end) span of the article, so that a figure found
in it can be reported with offsets into the text as given. Along the way this drops what is not
article prose: links to other articles ("Baca juga: ..."), bylines and page furniture, and any
sentence that repeats one already seen (pages that print their lead twice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Lines that are not part of the article's own prose.
_FURNITURE = re.compile(
    r"^\W*(?:baca\s+juga|lihat\s+juga|simak\s+juga|berita\s+terkait|copyright|©|editor|"
    r"pewarta|penulis|reporter|advertisement|komentar|bagikan|tags?\s*:)",
    re.IGNORECASE,
)
# A sentence ends at . ! ? (optionally closed by a quote) followed by space and a capital,
# digit or opening quote.
_SENTENCE_END = re.compile(r"[.!?]+[\"”’']?(?=\s+[\"“‘(]?[A-Z0-9])")
# Tokens that end with a full stop without ending a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Rp|No|Dr|dr|Ir|H|Hj|St|Jl|Jln|Kab|Kec|Kel|Prov|Sdr|Bpk|Ny|PT|Tbk|dll|dsb|"
    r"a\.n|u\.p|s\.d|sd|Drs|Prof|M|E)|\b[A-Z])\.$"
)
# A sentence that opens with "Atau" continues the previous one ("... 92.095 pekerja. Atau 93,98
# persen").
_CONTINUATION = re.compile(r"^\W*atau\b", re.IGNORECASE)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    # A headline restates (and rounds) a figure of the body: its figures are not read.
    is_headline: bool = False

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]


def split_sentences(text: str) -> list[Sentence]:
    """The article's prose sentences, in order, without furniture and without repeats."""
    sentences: list[Sentence] = []
    seen: set[str] = set()
    for paragraph_number, (start, end) in enumerate(_paragraphs(text)):
        for s_start, s_end in _sentences_in(text, start, end):
            key = " ".join(text[s_start:s_end].lower().split())
            if not key or key in seen:
                continue
            seen.add(key)
            headline = s_start == start and s_end == end and _looks_like_headline(text[start:end])
            sentences.append(Sentence(s_start, s_end, paragraph_number, headline))
    return sentences


def _lines(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        spans.append((position, position + len(body)))
        position += len(line)
    return spans


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of paragraphs: a line each, unless the text is hard-wrapped mid-sentence.

    Some pages break lines inside sentences ("... tercover BPJS\\nKetenagakerjaan 824.714 orang").
    When most line breaks are followed by a lower-case word, the text is such a page and only
    blank lines separate paragraphs.
    """
    lines = [(s, e) for s, e in _lines(text) if not _FURNITURE.match(text[s:e])]
    filled = [(s, e) for s, e in lines if text[s:e].strip()]
    breaks = lowercase_next = 0
    for (_s1, e1), (s2, e2) in zip(filled, filled[1:], strict=False):
        if text[e1:s2].count("\n") == 1:
            breaks += 1
            following = text[s2:e2].lstrip(" \"“'")
            lowercase_next += bool(following) and following[0].islower()
    hard_wrapped = breaks >= 4 and lowercase_next / breaks > 0.3
    if not hard_wrapped:
        return filled

    paragraphs: list[tuple[int, int]] = []
    for s, e in lines:
        if not text[s:e].strip():
            paragraphs.append((-1, -1))  # a blank line closes the paragraph
        elif paragraphs and paragraphs[-1][0] >= 0:
            paragraphs[-1] = (paragraphs[-1][0], e)
        else:
            paragraphs.append((s, e))
    return [p for p in paragraphs if p[0] >= 0]


def _sentences_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if _ABBREVIATION.search(text[max(start, match.start() - 6) : match.start() + 1]):
            continue
        spans.append((cursor, match.end()))
        cursor = match.end()
    spans.append((cursor, end))

    merged: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        if s >= e:
            continue
        if merged and _CONTINUATION.match(text[s:e]):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


# A name and its figure after a colon ("- Semarang Majapahit: 145.000 peserta"): an item of a
# list, not a headline (a bulleted line in Title Case without one is a headline: a link to
# another article).
_LIST_ITEM = re.compile(r"^(?:[-–•*·▪]\s*|\d{1,2}[.)]\s+)?[^:\n]{1,60}:\s*(?:Rp\.?\s*)?\d")


def _looks_like_headline(line: str) -> bool:
    """A one-line paragraph in Title Case without a closing full stop."""
    stripped = line.strip()
    if not stripped or stripped[-1] in '.!?"”' or len(stripped) > 160:
        return False
    if _LIST_ITEM.match(stripped):
        return False
    words = [w for w in re.findall(r"[^\W\d]\w*", stripped)]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6
