"""Focused rules of the extractor, on short synthetic sentences."""

from __future__ import annotations

from capaian.extract import extract_facts
from capaian.extract.figures import find_figures


def facts(text: str, published_at: str | None = "2019-06-10") -> list[dict]:
    return extract_facts(text, "doc", published_at)


def brief(text: str, published_at: str | None = "2019-06-10") -> set[tuple]:
    return {
        (f["measure"], f["segment"], f["metric"], f["year"], f["value"])
        for f in facts(text, published_at)
    }


# --- Numbers in prose ------------------------------------------------------------------------


def test_scale_words_and_ribuan() -> None:
    text = "Peserta mencapai 1,25 juta orang dan sekitar 300 ribuan peserta."
    values = [f.value for f in find_figures(text, 0, len(text))]
    assert values == [1_250_000, 300_000]


def test_comma_grouped_count_reads_as_thousands() -> None:
    text = "Yang terdaftar sebanyak 550,712 orang."
    (figure,) = find_figures(text, 0, len(text))
    assert figure.value == 550_712


def test_dates_years_and_ordinals_are_not_figures() -> None:
    text = "Pada 19 Desember 2019, HUT ke-40, Kamis (19/12/2019), peserta 1.000 orang."
    assert [f.value for f in find_figures(text, 0, len(text))] == [1000]


def test_offsets_point_at_the_figure_as_written() -> None:
    text = "Iuran terkumpul Rp 146,309 miliar tahun ini."
    (fact,) = facts(text)
    assert text[fact["start"] : fact["end"]] == "Rp 146,309 miliar"
    assert fact["value"] == 146_309_000_000


# --- Roles -----------------------------------------------------------------------------------


def test_realization_from_target_pair() -> None:
    text = "Peserta BPU terealisasi 12.500 orang dari target 20.000 orang, atau 62,5 persen."
    assert brief(text) == {
        ("realization", "BPU", "participants", 2019, 12500),
        ("target", "BPU", "participants", 2019, 20000),
        ("attainment_pct", "BPU", "participants", 2019, 62.5),
    }


def test_target_verb_governs_a_later_mencapai() -> None:
    text = "Kantor Cabang Kota Baru menargetkan peserta penerima upah mencapai 8.000 orang."
    assert brief(text) == {("target", "PU", "participants", 2019, 8000)}


# --- Years -----------------------------------------------------------------------------------


def test_relative_years_follow_the_publication_date() -> None:
    text = "Tahun lalu target kita 5.000 peserta mandiri, tahun ini terdaftar 6.000 peserta."
    assert {(f["measure"], f["year"]) for f in facts(text, "2021-03")} == {
        ("target", 2020),
        ("realization", 2021),
    }


def test_dateline_anchors_an_article_without_metadata() -> None:
    text = "Hal itu disampaikan di Kendari, Senin (3/2/2020).\nTahun ini ditargetkan 4.000 peserta."
    assert brief(text, None) == {("target", "ALL", "participants", 2020, 4000)}


def test_no_date_at_all_leaves_the_figure_out() -> None:
    assert facts("Peserta aktif tercatat 9.000 orang.", None) == []


def test_year_talked_about_carries_to_the_next_sentence() -> None:
    text = "Pada tahun 2018, kinerja kantor melampaui target.\nPerusahaan terdaftar 900 perusahaan."
    assert brief(text, "2019-01-05") == {("realization", "ALL", "employers", 2018, 900)}


# --- Hedges ----------------------------------------------------------------------------------


def test_hedges_mark_a_figure_approximate() -> None:
    text = "Peserta formal sekitar 40.000 orang, peserta informal 3 ribu lebih."
    assert [f["approximate"] for f in facts(text)] == [True, True]


def test_plain_figure_is_exact() -> None:
    assert [f["approximate"] for f in facts("Peserta terdaftar 4.321 orang.")] == [False]


# --- Exclusions ------------------------------------------------------------------------------


def test_claims_and_monthly_rates_are_not_facts() -> None:
    text = (
        "Pembayaran klaim JHT mencapai Rp 12 miliar untuk 1.200 kasus.\n"
        "Peserta cukup membayar iuran Rp16.800 per bulan."
    )
    assert facts(text) == []


def test_potential_and_coverage_share_are_not_facts() -> None:
    text = "Dari potensi 900.000 pekerja, yang terdaftar 300.000 pekerja atau 33 persen."
    assert brief(text) == {("realization", "ALL", "participants", 2019, 300000)}


def test_growth_rate_is_not_attainment() -> None:
    assert facts("Iuran ditargetkan tumbuh 15 persen tahun ini.") == []


def test_baca_juga_lines_and_repeats_are_dropped() -> None:
    text = (
        "Peserta aktif tercatat 7.000 orang.\n"
        "Baca juga: Target 9.000 peserta tercapai\n"
        "Peserta aktif tercatat 7.000 orang.\n"
    )
    assert brief(text) == {("realization", "ALL", "participants", 2019, 7000)}


def test_office_is_named_canonically() -> None:
    (fact,) = facts("BPJS Ketenagakerjaan Kanwil Sumbagut mencatat peserta 1.200.000 orang.")
    assert (fact["office"], fact["office_level"]) == ("Sumatera Bagian Utara", "region")


def owners(text: str) -> list[tuple]:
    return [(f["value"], f["office"], f["office_level"]) for f in facts(text)]


def test_a_place_glued_to_its_figure_owns_it() -> None:
    text = (
        "Realisasi peserta penerima upah: cabang Sampit 120 ribu peserta, Tarakan60 ribu peserta."
    )
    assert owners(text) == [(120000, "Sampit", "branch"), (60000, "Tarakan", "branch")]


def test_the_province_around_a_branch_in_its_clause_is_its_scope() -> None:
    text = "Kantor Cabang Balikpapan yang mewakili Kaltim mencatat 150.000 peserta aktif."
    assert owners(text) == [(150000, "Balikpapan", "branch")]
    text = "Kantor Cabang Makassar di Sulsel mencatat 200.000 peserta aktif."
    assert owners(text) == [(200000, "Makassar", "branch")]


def test_a_province_named_in_another_clause_than_the_branch_owns_the_figure() -> None:
    text = (
        "Kepala Kantor Cabang Bandar Lampung, Budi, mengatakan pekerja di Provinsi Lampung "
        "yang sudah terdaftar 800.000 orang."
    )
    assert owners(text) == [(800000, "Lampung", "province")]


def test_a_kanwil_head_speaks_of_the_province_the_article_is_about() -> None:
    text = (
        "Kepesertaan di Sumatera Selatan terus tumbuh.\n"
        "Deputi Direktur BPJS Ketenagakerjaan Wilayah Sumbagsel, Budi, mengatakan terdapat "
        "700.000 peserta aktif."
    )
    assert owners(text) == [(700000, "Sumatera Selatan", "province")]


def test_the_scope_of_a_coverage_figure_named_after_it_owns_it() -> None:
    text = (
        "BPJS Ketenagakerjaan Kanwil Sumbagut menggelar temu media.\n"
        "Sudah 30 persen atau 1,2 juta pekerja dari 4 juta tenaga kerja di Sumut terdaftar."
    )
    assert owners(text) == [(1200000, "Sumatera Utara", "province")]
    text = "Kanwil Sulawesi dan Maluku mencatat 2.000 peserta baru di Provinsi Gorontalo."
    assert owners(text) == [(2000, "Gorontalo", "province")]


def test_a_place_in_a_sentence_without_figures_carries_to_the_next() -> None:
    text = (
        "BPJS Ketenagakerjaan Kanwil Sulawesi dan Maluku mencatat kenaikan kepesertaan. "
        "Kepesertaan tertinggi ada di Sulawesi Utara. Tercatat sebanyak 600.000 pekerja."
    )
    assert owners(text) == [(600000, "Sulawesi Utara", "province")]


def test_a_list_of_branches_leaves_the_province_named_before_it() -> None:
    text = (
        "Kanwil Kalimantan mencatat kenaikan. Provinsi Kaltim menyumbang terbanyak karena di "
        "sana ada kantor cabang Samarinda, Balikpapan dan Bontang. Jumlahnya tercatat sekitar "
        "500.000 peserta penerima upah."
    )
    assert owners(text) == [(500000, "Kalimantan Timur", "province")]


def test_a_list_item_keeps_its_office_for_its_next_figure() -> None:
    text = (
        "Kanwil Kalimantan membina banyak cabang. "
        "Pontianak mendapat target 10 ribu peserta, realisasi 9.500 peserta."
    )
    assert owners(text) == [(10000, "Pontianak", "branch"), (9500, "Pontianak", "branch")]


def test_datelines_venues_and_other_names_are_not_offices() -> None:
    text = "PONTIANAK - Kepesertaan mencapai 1,4 juta pekerja, kata Kepala Kanwil Kalimantan."
    assert owners(text) == [(1400000, "Kalimantan", "region")]
    text = (
        "Kepala Kanwil Kalimantan, Budi, saat ditemui di Pontianak, Senin (10/8), mengatakan "
        "realisasi peserta mencapai 1,4 juta pekerja."
    )
    assert owners(text) == [(1400000, "Kalimantan", "region")]
    text = (
        "BPJS Ketenagakerjaan Kanwil Sumbagut menggelar pertemuan media.\n"
        "Dalam pertemuan di Hotel Santika Medan, peserta aktif tercatat 1,2 juta orang."
    )
    assert owners(text) == [(1200000, "Sumatera Bagian Utara", "region")]


def test_masing_masing_gives_the_figures_to_the_offices_in_order() -> None:
    for text in (
        "Kantor Cabang Sampit dan Kantor Cabang Pangkalan Bun masing-masing mencatat 12.000 "
        "dan 9.000 peserta.",
        "Kantor Cabang Sampit dan Pangkalan Bun masing-masing mencatat 12.000 peserta dan "
        "9.000 peserta.",
    ):
        assert owners(text) == [(12000, "Sampit", "branch"), (9000, "Pangkalan Bun", "branch")]


def test_the_area_of_a_province_is_the_province() -> None:
    text = "Kanwil Jatim mengadakan acara. Peserta di wilayah Sumut tercatat 1,3 juta orang."
    assert owners(text) == [(1300000, "Sumatera Utara", "province")]


def test_a_department_of_a_kanwil_is_not_an_office() -> None:
    text = (
        "Asisten Deputi Wilayah Bidang Kepesertaan Kanwil Jatim, Budi, mengatakan peserta "
        "aktif 5 juta orang, sedangkan Wilayah Bidang Umum mencatat 6.000 perusahaan."
    )
    assert {office for _, office, _ in owners(text)} == {"Jawa Timur"}


# --- Command line ----------------------------------------------------------------------------


def test_cli_prints_one_json_fact_per_line(tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from capaian.cli import main

    article = tmp_path / "kendari.txt"
    article.write_text("Peserta penerima upah terdaftar 12.000 orang.", encoding="cp1252")
    (tmp_path / "kendari.meta.json").write_text('{"published_at": "2020-05"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", "--jsonl", str(article)])
    assert result.exit_code == 0, result.output
    (line,) = result.output.splitlines()
    fact = json.loads(line)
    assert (fact["doc_id"], fact["segment"], fact["year"], fact["value"]) == (
        "kendari",
        "PU",
        2020,
        12000,
    )
