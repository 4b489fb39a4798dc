"""Every fact carries a confidence; the uncertain ones, and those under an office the gazetteer
does not know, wait for review instead of reaching the marts."""

from __future__ import annotations

import pytest

from capaian import settings
from capaian.news.extract import extract_facts
from capaian.news.extract.confidence import DEFAULT_PUBLISH_CONFIDENCE


def only_fact(text: str, **options) -> dict:
    (fact,) = extract_facts(text, "doc", "2024-05-01", **options)
    return fact


def test_a_figure_named_with_its_office_and_role_is_published() -> None:
    fact = only_fact("Kantor Cabang Kediri mencatat realisasi 12.500 peserta baru tahun ini.")
    assert fact["confidence"] >= DEFAULT_PUBLISH_CONFIDENCE and fact["review"] is False


def test_workers_paid_for_by_a_local_government_wait_for_review() -> None:
    fact = only_fact(
        "Kantor Cabang Kediri mencatat 13.000 pekerja yang iurannya dibiayai APBD "
        "telah terdaftar tahun ini."
    )
    assert fact["confidence"] < DEFAULT_PUBLISH_CONFIDENCE and fact["review"] is True


def test_a_percentage_of_an_unstated_metric_is_less_sure_than_a_stated_one() -> None:
    stated = only_fact("Kantor Cabang Kediri mencatat capaian kepesertaan 112 persen dari target.")
    unstated = only_fact("Kantor Cabang Kediri melampaui target dengan capaian 112 persen.")
    assert stated["metric"] == unstated["metric"] == "participants"
    assert unstated["confidence"] < stated["confidence"]


def test_more_than_any_one_office_holds_waits_for_review() -> None:
    fact = only_fact("Kantor Cabang Kediri menargetkan 40 juta peserta tahun ini.")
    assert fact["review"] is True


def test_an_office_the_gazetteer_does_not_know_waits_whatever_its_confidence() -> None:
    fact = only_fact("Kantor Cabang Sukamakmur mencatat realisasi 12.500 peserta baru tahun ini.")
    assert fact["office"] == "Sukamakmur" and fact["confidence"] >= DEFAULT_PUBLISH_CONFIDENCE
    assert fact["review"] is True


def test_the_publish_threshold_is_a_setting(monkeypatch) -> None:
    text = "Kantor Cabang Kediri mencatat realisasi 12.500 peserta baru tahun ini."
    monkeypatch.setenv(settings.NEWS_PUBLISH_CONFIDENCE_VAR, "1")
    assert only_fact(text)["review"] is True
    monkeypatch.setenv(settings.NEWS_PUBLISH_CONFIDENCE_VAR, "0")
    assert only_fact(text)["review"] is False
    assert only_fact(text, publish_confidence=1.0)["review"] is True
    monkeypatch.setenv(settings.NEWS_PUBLISH_CONFIDENCE_VAR, "high")
    with pytest.raises(settings.SettingError, match="CAPAIAN_NEWS_PUBLISH_CONFIDENCE"):
        only_fact(text)
