"""Places an article names without an office word, that may stand for an office.

``Pontianak 309 ribu``, ``kepesertaan tertinggi di Sulawesi Utara``, ``tenaga kerja di Sumut``:
a gazetteer place named on its own is an office's scope or owner. Not every place is: a
dateline (``MEDAN -``), the venue of an event (``di Palembang, Kamis (13/12)``, ``acara itu
digelar di Makassar``, ``... di Medan mengatakan``) and the last word of another name
(``Hotel Grand Mercure Medan``, ``Kejati Sulsel``, ``Wali Kota Makassar``) say nothing about
whose figure is whose.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from capaian.news.extract.office_names import places_in
from capaian.news.extract.offices import Mention, is_cue

# "MEDAN -", "Jakarta (ANTARA) -": a dateline.
_DATELINE_AFTER = re.compile(r"\s*(?:\([^)\n]{0,30}\)\s*)?[-–—]")
# "di Palembang, Kamis (13/12)": the venue of an event.
_EVENT_AFTER = re.compile(
    r"\s*,?\s*(?:\(\s*\d{1,2}\s*/\s*\d{1,2}|(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Sabtu|Minggu)\b)"
)
# "Acara itu digelar di Makassar", "saat ditemui di Palembang", "berkunjung ke Kupang": where
# something took place.
_VENUE_BEFORE = re.compile(
    r"\b(?:digelar|diselenggarakan|dilaksanakan|berlangsung|bertempat|ditemui|dijumpai|"
    r"berkunjung|kunjungan|acara|kegiatan|hadir|tiba)\b[^,.;:\n]{0,30}\b(?:di|ke)\s+$",
    re.IGNORECASE,
)
# "Direktur Utama ... di Medan mengatakan", "ditemui di Kendari usai rapat": a place between a
# speaker and what he says, or before an event, is where he spoke.
_SPEAKING_AFTER = re.compile(
    r"\s*,?\s*(?:mengatakan|menyatakan|menyampaikan|menjelaskan|mengungkapkan|menuturkan|"
    r"menegaskan|menerangkan|memaparkan|menyebut(?:kan)?|berkata|usai|seusai|"
    r"(?:saat|ketika)(?!\s+ini\b))\b",
    re.IGNORECASE,
)
# The places an office's area is made of, listed after it: they describe the office.
_AREA_LISTED_BEFORE = re.compile(
    r"\b(?:meliputi|mencakup|membawahi|membawahkan)\s+"
    r"(?:(?:(?-i:[A-Z])[\w.-]*|dan|serta|,)\s*)*$",  # the names listed since
    re.IGNORECASE,
)
# A capitalised word after a place that is not part of a longer known name (places_in takes the
# longest): with a comma before the place, the two start a person's name.
_PERSON_AFTER_COMMA = re.compile(
    r"\s+(?!(?:Kota|Kabupaten|Provinsi|Kanwil|Kantor|Cabang|BPJS|Sedangkan|Sementara|Dan)\b)"
    r"(?-i:[A-Z][a-z]+)\b(?!\s*[-–—(])"
)
# Capitalised words after which a place names an office: "BPJS Ketenagakerjaan Sumut".
_AGENCY_WORDS = {
    "wilayah", "kanwil", "cabang", "kantor", "kc", "kcp", "bpjs", "ketenagakerjaan",
    "bpjamsostek", "jamsostek", "bpjstk", "tk",
}  # fmt: skip
# Capitalised words that make a place a place, whatever comes before them decides:
# "di Kota Medan" is a scope, "Wali Kota Medan" a title.
_CLASSIFIERS = {"kota", "kabupaten", "kab", "provinsi", "prov", "daerah"}
# Words that start a sentence or a list item before a place without being part of its name
# ("Selanjutnya Gorontalo 193.218"); any other capitalised word there is ("Gubernur Sulsel").
_DISCOURSE_WORDS = {
    "selanjutnya", "kemudian", "sedangkan", "sementara", "serta", "dan", "lalu", "untuk", "di",
    "dari", "pada", "adapun", "khusus", "bahkan", "namun", "tapi", "tetapi", "disusul",
    "diikuti", "terakhir", "yaitu", "yakni", "termasuk", "seperti", "hingga", "sampai",
    "sedang", "kalau", "jika", "bila", "atau", "juga", "berikutnya", "tertinggi", "terendah",
    "terbanyak", "terbesar", "terkecil", "posisi", "peringkat", "urutan", "secara", "se",
}  # fmt: skip
# What a word that starts a sentence or a quotation follows.
_SENTENCE_OPENERS = ".!?:\"“”'-–—("
# A parenthesis right after a mention restates it: "Wilayah Sumatra Bagian Selatan (Sumbagsel)".
_PARENTHESIS = re.compile(r"\s*\([^)\n]{1,40}\)")


def bare_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Gazetteer places named without an office word ("palangkaraya realisasinya 85 ribu"),
    leaving out those inside an office mention ("Kantor Cabang Medan Belawan" is not Medan) or
    in the parenthesis after one, and those that are no office's scope (datelines, venues,
    parts of other names)."""
    spans = []
    for mention in mentions:
        restated = _PARENTHESIS.match(text, mention.end)
        spans.append((mention.start, restated.end() if restated else mention.end))
    starts = [s for s, _ in spans]
    bare = []
    for position, end, office in places_in(text):
        index = bisect_right(starts, position) - 1
        if index >= 0 and spans[index][0] <= position < spans[index][1]:
            continue
        if _is_not_a_scope(text, position, end):
            continue
        bare.append(Mention(position, end, office, bare=True))
    return bare


def _is_not_a_scope(text: str, start: int, end: int) -> bool:
    written = text[start:end]
    if _DATELINE_AFTER.match(text, end) or (written.isupper() and len(written) > 3):
        return True
    if _EVENT_AFTER.match(text, end):
        return True
    window = text[max(0, start - 200) : start].lower()
    if ("melipu" in window or "menca" in window or "membawah" in window) and (  # cheap first
        _AREA_LISTED_BEFORE.search(text, max(0, start - 200), start)
    ):
        return True  # "wilayah kerja cabang, yang meliputi Kotim dan Seruyan": its area
    if _PERSON_AFTER_COMMA.match(text, end) and text[:start].rstrip().endswith(","):
        return True  # "Kepala Cabang Sumbawa, Bima Aditya Nugraha, mengatakan": a name
    if (start > 1 and text[start - 1] == "-" and text[start - 2].isalnum()) or (
        text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha()
    ):
        return True  # part of a hyphenated word: "Benny Karo-Karo", a person's name
    # A venue is named after "di" (a cheap test first).
    if text.endswith(("di ", "Di ", "ke "), 0, start) and (
        _VENUE_BEFORE.search(text, max(0, start - 60), start) or _SPEAKING_AFTER.match(text, end)
    ):
        return True
    before = _capitalised_word_before(text, start)
    for _ in range(3):
        if before is None or before[0].lower() not in _CLASSIFIERS:
            break
        before = _capitalised_word_before(text, before[1])
    if before is None or before[0].lower() in _AGENCY_WORDS | _CLASSIFIERS:
        return False
    word, _, starts_sentence = before
    # At the start of a sentence a capitalised word may be a discourse word or a cue
    # ("Selanjutnya Gorontalo", "Target Makassar"); anywhere else it begins another name.
    return not (starts_sentence and (word.lower() in _DISCOURSE_WORDS or is_cue(word)))


def _capitalised_word_before(text: str, position: int) -> tuple[str, int, bool] | None:
    """The capitalised word right before ``position`` across spaces: the word, where it
    starts, and whether it starts a sentence or a line; None when that word is not
    capitalised. (Walks back a few characters: a regex search would try every position.)"""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == position:
        return None
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_'-"):
        start -= 1
    if start == end or not text[start].isupper():
        return None
    if start > 0 and not text[start - 1].isspace():
        glued = text[start - 1]  # "(Kota", "x-Kota": what the word is glued to
        return text[start:end], start, glued in _SENTENCE_OPENERS
    blank = start
    while blank > 0 and text[blank - 1].isspace():
        blank -= 1
    starts = blank == 0 or text[blank - 1] in _SENTENCE_OPENERS or "\n" in text[blank:start]
    return text[start:end], start, starts
