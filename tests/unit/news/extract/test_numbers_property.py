"""Any number written the Indonesian way, as the report writes it for people
(``formatting.count``: ``1.234.567,5``), reads back as itself."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from capaian.attainment_report.formatting import count
from capaian.indonesian_numbers import parse_number
from capaian.news.extract.figures import find_figures

SCALES = {"": 1, "ribu": 10**3, "juta": 10**6, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12}


@given(st.integers(min_value=0, max_value=10**15))
def test_whole_numbers_round_trip(value: int) -> None:
    assert parse_number(count(value)).value == value


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(sorted(SCALES)),
    st.booleans(),
)
def test_scaled_and_rupiah_round_trip(value: Decimal, scale: str, rupiah: bool) -> None:
    written = ("Rp " if rupiah else "") + count(value)
    written += f" {scale}" if scale else ""
    parsed = parse_number(written)
    assert parsed.value == value * SCALES[scale]
    assert parsed.is_currency == rupiah


@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from(["orang", "peserta"]))
def test_figures_in_prose_read_back(value: int, noun: str) -> None:
    sentence = f"Realisasi mencapai {count(value)} {noun} tahun ini."
    (figure,) = find_figures(sentence, 0, len(sentence))
    assert figure.value == value
    assert sentence[figure.start : figure.end] == count(value)


@given(st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False))
def test_percentages_read_back(value: Decimal) -> None:
    sentence = f"Capaian {count(value)} persen dari target."
    (figure,) = find_figures(sentence, 0, len(sentence))
    assert figure.is_percent and figure.value == value


_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8,
    "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
}  # fmt: skip


@given(
    st.sampled_from(sorted(_WORDS)),
    st.booleans(),
    st.sampled_from(["ribu", "juta", "miliar", "triliun"]),
    st.sampled_from(["", " pekerja", " orang"]),
)
def test_numbers_in_words_read_back(ones: str, half: bool, scale: str, noun: str) -> None:
    written = f"{ones}{' setengah' if half else ''} {scale}"
    sentence = f"Target tahun ini mencapai {written}{noun} peserta."
    (figure,) = find_figures(sentence, 0, len(sentence))
    expected = (Decimal(_WORDS[ones]) + (Decimal("0.5") if half else 0)) * SCALES[scale]
    assert figure.value == expected
    assert sentence[figure.start : figure.end] == written


def test_sejuta_and_words_that_are_no_numbers() -> None:
    sentence = "Targetnya sejuta pekerja, dua kali lipat; selanjutnya limajuta bukan angka."
    assert [f.value for f in find_figures(sentence, 0, len(sentence))] == [10**6]
