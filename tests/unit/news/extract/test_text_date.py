"""An article's date read from its text: only a date the text writes, never one made up."""

from datetime import date

import pytest

from capaian.news.extract.years import text_date

EARLIEST, TODAY = date(2014, 1, 1), date(2026, 6, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PADANG, Selasa (31/1/2017) - Kantor Cabang Padang", "2017-01-31"),
        ("Jakarta, 16 November 2018. Kantor Cabang", "2018-11-16"),
        ("Hingga Agustus 2017, realisasi", "2017-08"),
        ("pada tahun 2017 target naik", None),  # a year alone is no date
        ("tanggal 30/2/2017 dan 3 Maret 2017", "2017-03-03"),  # 30 February does not exist
        ("sejak 1 Juli 2005, lalu 2 Mei 2016", "2016-05-02"),  # 2005 lies before 2014
        ("rencana 1 Januari 2030", None),  # after today
    ],
)
def test_text_date(text, expected):
    assert text_date(text, EARLIEST, TODAY) == expected
