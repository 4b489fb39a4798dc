"""Money, counts, percentages and times as the report writes them (Babel, locale id)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from capaian.attainment_report import formatting


@pytest.mark.parametrize(
    ("value", "compact", "full"),
    [
        (Decimal("329062980000"), "Rp 329,1 M", "Rp 329.062.980.000"),
        (1_100_000_000_000, "Rp 1,1 T", "Rp 1.100.000.000.000"),
        (Decimal("45600000"), "Rp 45,6 jt", "Rp 45.600.000"),
        (Decimal("210000000000"), "Rp 210 M", "Rp 210.000.000.000"),
        (Decimal("-5200000000"), "-Rp 5,2 M", "-Rp 5.200.000.000"),
        (Decimal("98700000000.5"), "Rp 98,7 M", "Rp 98.700.000.000,5"),
    ],
)
def test_rupiah_compact_in_tables_full_on_hover(value, compact, full):
    assert _spaced(formatting.rupiah_compact(value)) == compact
    assert " " not in formatting.rupiah_compact(value)  # non-breaking: one line in a cell
    assert _spaced(formatting.rupiah_full(value)) == full
    assert _spaced(formatting.amount(value, "contributions")) == compact
    assert _spaced(formatting.amount_title(value, "contributions")) == full


def _spaced(text: str) -> str:
    return text.replace("\u00a0", " ")


def test_counts_percentages_and_missing_values():
    assert formatting.amount(Decimal("80000"), "participants") == "80.000"
    assert formatting.count(Decimal("-5185")) == "-5.185"
    assert formatting.pct(Decimal("75.0000")) == "75,0 %"
    assert formatting.pct(Decimal("46.6667")) == "46,7 %"
    for empty in (formatting.count(None), formatting.rupiah_compact(None), formatting.pct(None)):
        assert empty == "–"


def test_dates_in_indonesian_and_the_build_time_in_jakarta():
    assert formatting.day(date(2025, 6, 30)) == "30 Jun 2025"
    assert formatting.month(date(2025, 8, 1)) == "Agu 2025"
    # 18:30 UTC is 01:30 the next day in Jakarta (UTC+7).
    moment = datetime(2026, 12, 7, 18, 30, tzinfo=UTC)
    assert formatting.jakarta_time(moment) == "8 Desember 2026, 01.30 WIB"


def test_labels_are_indonesian_with_the_english_term():
    assert formatting.metric_label("contributions") == "Iuran (contributions)"
    assert formatting.LABELS["realization"] == "Realisasi (realization)"
    assert formatting.is_money("contributions") and not formatting.is_money("participants")
