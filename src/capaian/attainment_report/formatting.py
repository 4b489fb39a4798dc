"""How the report writes numbers, money, dates and labels: the one home of display formatting.

Indonesian conventions through Babel's ``id`` locale: ``1.234`` for a count, ``75,0 %`` for a
percentage, rupiah compact in tables (``Rp 329,1 M``: juta ``jt``, miliar ``M``, triliun
``T``) with the full value (``Rp 329.062.980.000``) for the hover title and exact numbers in
the exports. Times are shown in Asia/Jakarta (WIB). Labels are Indonesian, with the English
term in brackets where a BI user meets it in the marts.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_compact_decimal, format_currency, format_decimal

from capaian import definitions

LOCALE = "id"
JAKARTA = ZoneInfo("Asia/Jakarta")
MISSING = "–"
NBSP = "\u00a0"  # between "Rp", the number and its scale: never broken over two lines
RUPIAH = "IDR"

Number = Decimal | float | int

# Column headers and terms: Indonesian first, the marts' English term in brackets.
LABELS = {
    "office": "Kantor (office)",
    "region": "Wilayah (region)",
    "segment": "Segmen (segment)",
    "metric": "Indikator (metric)",
    "year": "Tahun (year)",
    "month": "Bulan (month)",
    "as_of": "Posisi per (as of)",
    "target": "Target",
    "realization": "Realisasi (realization)",
    "attainment": "Capaian (attainment)",
    "pro_rata_target": "Target pro-rata (pro-rata target)",
    "pro_rata_attainment": "Capaian pro-rata (pro-rata attainment)",
    "gap": "Selisih (gap)",
    "reported": "Persentase dilaporkan (reported %)",
    "source": "Sumber (source)",
    "branches": "Kantor cabang (branches)",
    "behind_target": "Di bawah target (behind target)",
    "behind_pro_rata": "Di bawah pro-rata (behind pro-rata)",
    "kind": "Jenis (kind)",
    "measure": "Ukuran (measure)",
    "stated": "Tertulis (stated)",
    "expected": "Seharusnya (expected)",
    "difference": "Selisih (difference)",
    "compared_with": "Dibandingkan dengan (compared with)",
    "value": "Nilai (value)",
    "evidence": "Kutipan (evidence)",
    "last_reported": "Laporan terakhir (last reported)",
    "last_complete_month": "Bulan lengkap terakhir (last complete month)",
    "months_missing": "Bulan tertinggal (months missing)",
    "status": "Status",
}

DISCREPANCY_KINDS = {
    "reported_pct_mismatch": "Persentase tidak sesuai rasio (reported pct mismatch)",
    "news_vs_branch_target": "Target berita vs laporan cabang (news vs branch target)",
    "news_vs_branch_realization": (
        "Realisasi berita vs laporan cabang (news vs branch realization)"
    ),
}

MEASURES = {
    "target": "Target",
    "realization": "Realisasi (realization)",
    "attainment_pct": "Capaian % (attainment_pct)",
}


def is_money(metric: str | None) -> bool:
    return metric is not None and definitions.metric_units().get(metric) == RUPIAH


def metric_label(metric: str) -> str:
    """``Iuran (contributions)``: the seed's Indonesian name, the code in brackets."""
    name = definitions.metric_names().get(metric)
    return f"{name} ({metric})" if name else metric


def segment_label(segment: str) -> str:
    name = definitions.segment_names().get(segment)
    return f"{segment} · {name}" if name else segment


def discrepancy_kind(kind: str) -> str:
    return DISCREPANCY_KINDS.get(kind, kind.replace("_", " "))


def measure_label(measure: str) -> str:
    return MEASURES.get(measure, measure)


def count(value: Number | None) -> str:
    """``1.234`` (two decimals kept when the value has them)."""
    if value is None:
        return MISSING
    return format_decimal(_decimal(value), format="#,##0.##", locale=LOCALE)


def rupiah_compact(value: Number | None) -> str:
    """``Rp 329,1 M``, ``Rp 1,1 T``, ``Rp 45,6 jt``; ``-Rp 5,2 M`` below zero (the spaces
    are non-breaking)."""
    if value is None:
        return MISSING
    amount = _decimal(value)
    short = format_compact_decimal(abs(amount), locale=LOCALE, fraction_digits=1)
    return f"{'-' if amount < 0 else ''}Rp{NBSP}{short}"


def rupiah_full(value: Number | None) -> str:
    """``Rp 329.062.980.000``: every digit, for the hover title."""
    if value is None:
        return MISSING
    return format_currency(
        _decimal(value), RUPIAH, format=f"¤{NBSP}#,##0.##", locale=LOCALE, currency_digits=False
    )


def amount(value: Number | None, metric: str | None) -> str:
    """A figure of ``metric`` as a table shows it: rupiah compact, anything else counted."""
    return rupiah_compact(value) if is_money(metric) else count(value)


def amount_title(value: Number | None, metric: str | None) -> str:
    """The full value, for the title attribute (hover): rupiah in full, counts as they are."""
    return rupiah_full(value) if is_money(metric) else count(value)


def pct(value: Number | None) -> str:
    """``75,0 %``."""
    if value is None:
        return MISSING
    return format_decimal(_decimal(value), format="#,##0.0", locale=LOCALE) + " %"


def month(value: date | None) -> str:
    """``Jun 2025``."""
    if value is None:
        return MISSING
    return format_datetime(datetime(value.year, value.month, 1), "MMM y", locale=LOCALE)


def day(value: date | None) -> str:
    """``30 Jun 2025``."""
    if value is None:
        return MISSING
    return format_datetime(datetime(value.year, value.month, value.day), "d MMM y", locale=LOCALE)


def jakarta_time(moment: datetime) -> str:
    """``8 Desember 2026, 01.07 WIB``: when the report was built, in Jakarta's time."""
    return format_datetime(moment, "d MMMM y, HH.mm", tzinfo=JAKARTA, locale=LOCALE) + " WIB"


def standing(value: Number | None) -> str:
    """The CSS class of an attainment: ``on-target`` from 100 % up, else ``behind``."""
    if value is None:
        return ""
    return "on-target" if value >= 100 else "behind"


def _decimal(value: Number) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))
