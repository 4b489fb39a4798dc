"""Segment and metric names, and the many ways branch offices write them.

Every name is compared after :func:`normalize_label`, so ``"Penerima  Upah"``,
``"penerima upah"`` and ``"PENERIMA\\nUPAH"`` are the same word. A layout mapping may add
synonyms of its own on top of this global vocabulary (see ``LAYOUTS.md``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from capaian import definitions

# The codes themselves have one home, the dbt seeds (capaian.definitions).
SEGMENTS = definitions.segments()
METRICS = definitions.metrics()

# Canonical code -> the ways branches write it (the code itself is always accepted too).
SEGMENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "PU": ("Penerima Upah", "PPU", "Pekerja Penerima Upah", "Formal"),
    "BPU": ("Bukan Penerima Upah", "Pekerja Bukan Penerima Upah", "Informal", "Mandiri"),
    "JAKON": ("Jasa Konstruksi", "Jakon", "Konstruksi"),
    "PMI": ("Pekerja Migran", "Pekerja Migran Indonesia", "Migran"),
    "ALL": ("Total", "Semua", "Semua Segmen", "Seluruh Segmen"),
}

METRIC_SYNONYMS: dict[str, tuple[str, ...]] = {
    "participants": ("Peserta", "Tenaga Kerja", "TK", "Kepesertaan", "Peserta Aktif"),
    "contributions": ("Iuran", "Penerimaan Iuran", "Iuran Diterima"),
    "employers": ("Perusahaan", "Pemberi Kerja", "Badan Usaha", "PK/BU", "PK", "BU"),
}

# Brackets, "_" and a "-" touching a word separate words ("% -" keeps its dash).
_WORD_BREAKS = re.compile(r"[()\[\]_]|(?<=\w)-|-(?=\w)")
# "reportDate", "PesertaPU": a lower-case letter followed by a capital starts a new word.
_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SPACES = re.compile(r"\s+")


def normalize_label(text: object) -> str:
    """Fold a header cell or a vocabulary word to one comparable spelling.

    Lower case, no BOM, brackets turned into spaces (``"Capaian (%)"`` -> ``"capaian %"``),
    words split on ``_``, on a ``-`` between letters and on case changes as on spaces
    (``report_date``, ``report-date`` and ``reportDate`` all read ``"report date"``),
    whitespace (including newlines inside quoted cells) collapsed, and no trailing ``:``.
    """
    if text is None:
        return ""
    return _normalize_text(str(text))


@lru_cache(maxsize=8192)  # header cells and names repeat: every layout reads the same head
def _normalize_text(text: str) -> str:
    s = _CASE_CHANGE.sub(" ", text.replace("\ufeff", "")).lower()
    s = _WORD_BREAKS.sub(" ", s)
    return _SPACES.sub(" ", s).strip(" :")


def build_lookup(
    canonical_codes: tuple[str, ...],
    global_synonyms: Mapping[str, tuple[str, ...]],
    extra_synonyms: Mapping[str, list[str]] | None = None,
) -> dict[str, str]:
    """Normalized spelling -> canonical code, for the global words plus a layout's own."""
    lookup: dict[str, str] = {}
    for code in canonical_codes:
        lookup[normalize_label(code)] = code
        for word in global_synonyms.get(code, ()):
            lookup[normalize_label(word)] = code
    for code, words in (extra_synonyms or {}).items():
        if code not in canonical_codes:
            raise ValueError(f"{code!r} is not one of {', '.join(canonical_codes)}")
        for word in words:
            lookup[normalize_label(word)] = code
    return lookup


def describe_choices(canonical_codes: tuple[str, ...]) -> str:
    """``"PU, BPU, JAKON, PMI or ALL"`` for error messages."""
    return ", ".join(canonical_codes[:-1]) + " or " + canonical_codes[-1]
