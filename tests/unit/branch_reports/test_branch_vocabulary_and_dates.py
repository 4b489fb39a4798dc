"""Words, dates and numbers as branches write them (synthetic values)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from capaian.branch_reports.dates import NotADate, find_date_in_text, parse_date
from capaian.branch_reports.layouts import get_layout
from capaian.branch_reports.validation import RowValidator, decimal_to_text
from capaian.indonesian_numbers import parse_number


@pytest.mark.parametrize(
    "text",
    ["2024-06-30", "30/06/2024", "30-06-2024", "30 Juni 2024", "30 JUNI 2024", "30 Jun 2024"],
)
def test_accepted_date_forms(text: str) -> None:
    assert parse_date(text) == date(2024, 6, 30)


def test_day_first_is_the_indonesian_convention() -> None:
    assert parse_date("03/06/2024") == date(2024, 6, 3)


@pytest.mark.parametrize("text", ["2019-02-30", "31 April 2024", "30/13/2024"])
def test_dates_that_do_not_exist(text: str) -> None:
    with pytest.raises(NotADate, match="not a real date"):
        parse_date(text)


def test_date_in_a_title() -> None:
    assert find_date_in_text("Per 30 Juni 2024") == date(2024, 6, 30)
    assert find_date_in_text("Posisi s.d. 31/12/2023 (unaudited)") == date(2023, 12, 31)
    assert find_date_in_text("LAPORAN CAPAIAN KEPESERTAAN") is None


def validator(layout: str = "indonesian_long") -> RowValidator:
    chosen = get_layout(layout)
    # canonical leaves the decimal mark to each file; "." is what a comma-separated one gets.
    mark = chosen.decimal_mark or "."
    return RowValidator(mark, chosen.segment_lookup, chosen.metric_lookup, today=date(2024, 7, 1))


def values(segment: str = "PU", metric: str = "Peserta", target="1.000", real="900", pct=""):
    return ("30/06/2024", "1101", "KC Jakarta Salemba", segment, metric, target, real, pct)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Penerima Upah", "PU"),
        ("Bukan Penerima Upah", "BPU"),
        ("BPU", "BPU"),
        ("Informal", "BPU"),
        ("mandiri", "BPU"),
        ("Jasa Konstruksi", "JAKON"),
        ("Jakon", "JAKON"),
        ("Pekerja Migran", "PMI"),
        ("PMI", "PMI"),
        ("Total", "ALL"),
        ("Semua", "ALL"),
        ("PENERIMA\nUPAH", "PU"),
    ],
)
def test_segment_synonyms(written: str, code: str) -> None:
    row, reason = validator().validate(values(segment=written))
    assert reason is None and row.segment == code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Peserta", "participants"),
        ("Tenaga Kerja", "participants"),
        ("Iuran", "contributions"),
        ("Perusahaan", "employers"),
        ("Pemberi Kerja", "employers"),
        ("Badan Usaha", "employers"),
    ],
)
def test_metric_synonyms(written: str, code: str) -> None:
    row, reason = validator().validate(values(metric=written))
    assert reason is None and row.metric == code


def test_unknown_metric_is_named() -> None:
    _, reason = validator().validate(values(metric="Klaim"))
    assert reason.startswith("metric: 'Klaim' is not a known metric")


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("1.234.567,89", "1234567.89"),
        ("Rp 146,309 miliar", "146309000000"),
        ("Rp1.500.000", "1500000"),
        ("2,5 juta", "2500000"),
        ("69,98%", "69.98"),
        ("0", "0"),
    ],
)
def test_indonesian_numbers(written: str, canonical: str) -> None:
    # Rupiah may have decimals (persons and employers may not).
    row, reason = validator().validate(values(metric="contributions", real=written))
    assert reason is None and row.realization_text == canonical


def test_plain_digits_with_comma_decimal_mark_are_still_checked() -> None:
    # With "," as decimal mark, "1.5" is a misplaced group mark, not one and a half.
    _, reason = validator().validate(values(real="1.5"))
    assert reason.startswith("realization: '1.5' has thousands groups")


def test_canonical_fast_path_and_slow_path_agree() -> None:
    fast = validator("canonical")
    base = ("2024-06-30", "1101", "KC A", "PU", "contributions")
    for target, real, pct in [("1000", "900.50", "90.05"), ("1000.000", "0", "999.99")]:
        first, _ = fast.validate((*base, target, real, pct))  # first sighting: slow path
        again, _ = fast.validate((*base, target, real, pct))  # cached: fast path
        assert first == again
        assert first.target == Decimal(target) and first.reported_pct == Decimal(pct)


def test_percentage_bounds() -> None:
    check = validator("canonical")
    base = ("2024-06-30", "1101", "KC A", "PU", "participants", "1", "1")
    assert check.validate((*base, "1000"))[1] is None
    assert "outside the plausible range" in check.validate((*base, "1000.01"))[1]
    assert "is negative" in check.validate((*base, "-1"))[1]


def test_decimal_to_text_never_uses_exponents() -> None:
    assert decimal_to_text(Decimal("1.5E+3")) == "1500"
    assert decimal_to_text(Decimal("146309000000.000")) == "146309000000"
    assert decimal_to_text(Decimal("0.000")) == "0"


@pytest.mark.parametrize("layout", ["canonical", "indonesian_long"])
def test_a_scale_word_is_read_the_indonesian_way_in_any_file(layout: str) -> None:
    # "Rp 146,309 miliar" is 146.309 billion even where plain numbers use "." as decimal mark
    # (the canonical layout): never 146,309 billion, the comma read as thousands grouping.
    row, reason = validator(layout).validate(values(metric="Iuran", real="Rp 146,309 miliar"))
    assert reason is None and row.realization == Decimal("146309000000")


def test_a_dot_beside_a_scale_word_in_a_dot_decimal_file_is_refused_by_name() -> None:
    _, reason = validator("canonical").validate(values(metric="Iuran", real="146.309 miliar"))
    assert reason.startswith("realization: '146.309 miliar' mixes a '.' with a scale word")


@given(
    st.decimals(min_value=0, max_value=999, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from(["ribu", "juta", "miliar", "triliun"]),
    st.sampled_from([",", "."]),
)
def test_scale_words_mean_the_same_whatever_the_decimal_mark(value, scale, mark) -> None:
    written = f"{value:f}".replace(".", ",") + f" {scale}"
    multiplier = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}[scale]
    assert parse_number(written, mark).value == value * multiplier
