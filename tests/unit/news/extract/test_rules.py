"""Focused rules of the extractor, on short synthetic sentences."""

from __future__ import annotations

from capaian.news.extract import extract_facts
from capaian.news.extract.figures import find_figures


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


def test_milyar_triliun_and_their_abbreviations() -> None:
    assert brief("Kantor Cabang Jambi mencatat iuran terhimpun Rp 85,4 milyar tahun ini.") == {
        ("realization", "ALL", "contributions", 2019, 85_400_000_000)
    }
    for written in ("Rp 5,2 triliun", "Rp5,2 T"):
        text = f"Kanwil Jatim menargetkan penerimaan iuran {written} tahun ini."
        assert brief(text) == {("target", "ALL", "contributions", 2019, 5_200_000_000_000)}
    text = "Iuran yang dihimpun Kantor Cabang Kendari mencapai Rp 300 M sepanjang 2018."
    assert brief(text) == {("realization", "ALL", "contributions", 2018, 300_000_000_000)}
    text = "Kanwil Banten mencatat 1,2 jt pekerja terdaftar dan Kantor Cabang Serang 45 rb pekerja."
    assert owners(text) == [(1_200_000, "Banten", "region"), (45_000, "Serang", "branch")]


def test_rp_with_a_dot_glued_to_the_digits() -> None:
    text = "Iuran Kantor Cabang Kudus mencapai Rp.1.200.000.000 pada 2023."
    assert brief(text) == {("realization", "ALL", "contributions", 2023, 1_200_000_000)}


def test_long_dot_grouped_figures() -> None:
    assert brief("Kantor Cabang Serang mencatat 1.234.567 peserta aktif.") == {
        ("realization", "ALL", "participants", 2019, 1_234_567)
    }
    assert brief("Kantor Cabang Serang mencatat iuran Rp1.234.567.890 tahun ini.") == {
        ("realization", "ALL", "contributions", 2019, 1_234_567_890)
    }


def test_ranges_are_left_out() -> None:
    for text in (
        "Kantor Cabang Serang menargetkan 10.000-12.000 peserta BPU tahun ini.",
        "Kantor Cabang Serang menargetkan antara 10 hingga 12 ribu peserta BPU tahun ini.",
        "Kantor Cabang Serang menargetkan 10 sampai 12 ribu peserta BPU tahun ini.",
        "Peserta aktif Kantor Cabang Serang berkisar 40-45 ribu orang.",
        "Iuran Kantor Cabang Serang ditargetkan antara Rp 10 miliar dan Rp 12 miliar.",
    ):
        assert facts(text) == [], text


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


def test_percent_sign_and_prosentase_capaian() -> None:
    target = "Kantor Cabang Serang menargetkan 20.000 peserta BPU. "
    for sentence in (
        "Realisasinya 15.000 peserta atau 75% dari target.",
        "Realisasinya 15.000 peserta, prosentase capaian 75 persen.",
    ):
        assert brief(target + sentence) == {
            ("target", "BPU", "participants", 2019, 20000),
            ("realization", "BPU", "participants", 2019, 15000),
            ("attainment_pct", "BPU", "participants", 2019, 75),
        }


def test_membidik_sasaran_and_mematok_are_targets() -> None:
    text = "Tahun ini Kantor Cabang Jember membidik 25.000 peserta bukan penerima upah."
    assert brief(text) == {("target", "BPU", "participants", 2019, 25000)}
    text = "Sasaran kepesertaan Kantor Cabang Jember tahun ini 25.000 pekerja informal."
    assert brief(text) == {("target", "BPU", "participants", 2019, 25000)}
    (fact,) = facts("Kantor Cabang Jember mematok target 900 perusahaan baru tahun ini.")
    assert (fact["measure"], fact["metric"], fact["participant_kind"], fact["value"]) == (
        "target",
        "employers",
        "new",
        900,
    )


def test_menghimpun_and_menjaring_are_realizations() -> None:
    text = "Sepanjang 2018 Kantor Cabang Jember menghimpun iuran Rp 210 miliar."
    assert brief(text, "2019-02-01") == {
        ("realization", "ALL", "contributions", 2018, 210_000_000_000)
    }
    text = (
        "Kantor Cabang Jember berhasil menjaring 3.400 peserta jasa konstruksi pada triwulan "
        "pertama 2018."
    )
    (fact,) = facts(text, "2018-05-02")
    assert (fact["measure"], fact["segment"], fact["participant_kind"], fact["year"]) == (
        "realization",
        "JAKON",
        "new",
        2018,
    )


def test_a_breakdown_after_terdiri_dari_is_not_a_base() -> None:
    text = (
        "Kantor Cabang Tegal mencatat 45.000 peserta, terdiri dari 40.000 peserta penerima upah "
        "dan 5.000 peserta bukan penerima upah."
    )
    assert brief(text) == {
        ("realization", "ALL", "participants", 2019, 45000),
        ("realization", "PU", "participants", 2019, 40000),
        ("realization", "BPU", "participants", 2019, 5000),
    }


def test_a_parallel_sentence_keeps_the_role_of_the_one_before() -> None:
    text = (
        "Kanwil Jatim menargetkan peserta BPU sebanyak 250.000 orang tahun ini. "
        "Sementara, untuk PU di level 1,7 juta."
    )
    assert brief(text) == {
        ("target", "BPU", "participants", 2019, 250_000),
        ("target", "PU", "participants", 2019, 1_700_000),
    }
    # Unless it turns to what is: "Sedangkan untuk pekerja aktif ...".
    text = (
        "Kanwil Jatim menargetkan peserta BPU sebanyak 250.000 orang tahun ini. "
        "Sedangkan untuk pekerja aktif, pekerja BPU 195.000 orang."
    )
    assert ("realization", "BPU", "participants", 2019, 195_000) in brief(text)


# --- Segments, metrics, new and active participants ------------------------------------------


def test_the_segment_after_peserta_baru() -> None:
    text = "Kantor Cabang Kendari menjaring 10 rb peserta baru bukan penerima upah tahun ini."
    (fact,) = facts(text)
    assert (fact["segment"], fact["participant_kind"], fact["value"]) == ("BPU", "new", 10000)
    text = "Kantor Cabang Jember menambah 2.100 peserta baru pekerja migran Indonesia (PMI)."
    (fact,) = facts(text)
    assert (fact["segment"], fact["participant_kind"], fact["value"]) == ("PMI", "new", 2100)


def test_employers_and_workers_active() -> None:
    text = "Kantor Cabang Jember mencatat 3.000 pemberi kerja aktif dan 70.000 tenaga kerja aktif."
    assert [(f["metric"], f["participant_kind"], f["value"]) for f in facts(text)] == [
        ("employers", "active", 3000),
        ("participants", "active", 70000),
    ]
    (fact,) = facts("Kanwil Banten mencatat 1,2 jt pekerja terdaftar sebagai peserta aktif.")
    assert fact["participant_kind"] == "active"


def test_figures_listed_before_one_noun_share_it() -> None:
    text = "Kantor Cabang Sampit menjaring 1.200 dan 900 perusahaan pada 2018 dan 2019."
    assert [(f["metric"], f["participant_kind"], f["year"], f["value"]) for f in facts(text)] == [
        ("employers", "new", 2018, 1200),
        ("employers", "new", 2019, 900),
    ]


def test_masing_masing_hands_out_segments_and_years() -> None:
    text = (
        "Peserta penerima upah (PU) dan bukan penerima upah (BPU) di Kantor Cabang Jember "
        "masing-masing 50.000 dan 8.000 orang."
    )
    assert brief(text) == {
        ("realization", "PU", "participants", 2019, 50000),
        ("realization", "BPU", "participants", 2019, 8000),
    }
    text = "Peserta Kantor Cabang Sampit tahun 2018 dan 2019 masing-masing 12.000 dan 15.000 orang."
    assert brief(text) == {
        ("realization", "ALL", "participants", 2018, 12000),
        ("realization", "ALL", "participants", 2019, 15000),
    }


def test_baru_before_a_figure_means_only_and_workers_of_an_area_are_not_participants() -> None:
    text = (
        "Jumlah pekerja di Kabupaten Kudus sebanyak 200.000 orang, namun baru 80.000 yang "
        "menjadi peserta BPJS Ketenagakerjaan Cabang Kudus pada 2023."
    )
    (fact,) = facts(text)
    assert (fact["value"], fact["participant_kind"]) == (80_000, None)
    (fact,) = facts("Kantor Cabang Kudus menjaring 5.000 peserta baru pada 2023.")
    assert fact["participant_kind"] == "new"


def test_construction_workers_are_jakon() -> None:
    for written in ("pekerja proyek konstruksi", "tenaga kerja konstruksi", "buruh konstruksi"):
        text = f"Kantor Cabang Kudus menargetkan 5.000 {written} terlindungi pada 2024."
        assert {f["segment"] for f in facts(text)} == {"JAKON"}, written


def test_migrant_workers_are_pmi() -> None:
    for written in ("pekerja migran Indonesia (PMI)", "tenaga kerja migran", "PMI"):
        text = f"Kantor Cabang Kudus melindungi 2.400 {written} sepanjang 2023."
        assert {f["segment"] for f in facts(text)} == {"PMI"}, written


def test_contributions_of_one_named_segment_are_that_segments() -> None:
    assert brief("Iuran Kantor Cabang Kudus dari PU Rp 50 miliar dan dari BPU Rp 5 miliar.") == {
        ("realization", "PU", "contributions", 2019, 50_000_000_000),
        ("realization", "BPU", "contributions", 2019, 5_000_000_000),
    }
    text = (
        "Sementara jasa konstruksi yang terdaftar di Kantor Cabang Kudus sebanyak 298 jasa "
        "konstruksi dengan total iuran sebesar Rp488,73 juta."
    )
    assert ("realization", "JAKON", "contributions", 2019, 488_730_000) in brief(text)
    text = "Kantor Cabang Kudus mencatat iuran Rp 80 miliar, terbanyak dari peserta PU."
    assert brief(text) == {("realization", "ALL", "contributions", 2019, 80_000_000_000)}


def test_pk_and_bu_count_employers() -> None:
    for unit in ("PK", "PK/BU", "BU", "badan usaha"):
        text = f"Kantor Cabang Kudus mencatat 1.200 {unit} terdaftar pada 2023."
        assert brief(text) == {("realization", "ALL", "employers", 2023, 1_200)}, unit


def test_new_and_active_go_with_the_nearest_figure() -> None:
    text = (
        "Sepanjang 2023 Kantor Cabang Kudus menjaring 12.000 peserta baru, sehingga total "
        "peserta aktif menjadi 80.000 orang."
    )
    assert [(f["value"], f["participant_kind"]) for f in facts(text)] == [
        (12_000, "new"),
        (80_000, "active"),
    ]
    text = "Kantor Cabang Kudus menargetkan akuisisi 15.000 peserta baru dan 90.000 peserta aktif."
    assert [(f["measure"], f["value"], f["participant_kind"]) for f in facts(text)] == [
        ("target", 15_000, "new"),
        ("target", 90_000, "active"),
    ]


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


def test_the_year_compared_with_is_not_the_figures_year() -> None:
    for text in (
        "Jumlah peserta Kantor Cabang Tegal meningkat 15 persen dibanding tahun lalu menjadi "
        "45.000 orang.",
        "Jumlah peserta Kantor Cabang Tegal naik dari 39.000 orang pada tahun lalu menjadi "
        "45.000 orang.",
        "Peserta Kantor Cabang Tegal naik dari 39.000 orang pada 2018 menjadi 45.000 orang pada "
        "2019.",
    ):
        assert brief(text) == {("realization", "ALL", "participants", 2019, 45000)}, text
    text = (
        "Peserta Kantor Cabang Tegal mencapai 45.000 orang, naik dibanding 2018.\n"
        "Perusahaan aktif mencapai 1.100 perusahaan."
    )
    assert brief(text) == {
        ("realization", "ALL", "participants", 2019, 45000),
        ("realization", "ALL", "employers", 2019, 1100),
    }


def test_the_year_of_the_old_value_before_menjadi_is_not_the_new_values() -> None:
    text = (
        "Peserta Kantor Cabang Tegal tumbuh 9 persen, dari 39.000 pada 2017 menjadi 45.000 "
        "peserta pada 2018."
    )
    assert ("realization", "ALL", "participants", 2018, 45_000) in brief(text)
    assert ("realization", "ALL", "participants", 2017, 45_000) not in brief(text)


def test_a_figure_of_the_year_compared_with_takes_that_year() -> None:
    text = (
        "Kantor Cabang Kudus menargetkan peserta BPU sebanyak 20.000 orang, naik dari "
        "realisasi tahun lalu sebanyak 15.000 orang."
    )
    assert brief(text) == {
        ("target", "BPU", "participants", 2019, 20_000),
        ("realization", "BPU", "participants", 2018, 15_000),
    }
    # "... dibanding tahun lalu menjadi N": N is this year's.
    text = "Peserta Kantor Cabang Kendari naik 12 persen dibanding tahun lalu menjadi 45.000 orang."
    assert brief(text) == {("realization", "ALL", "participants", 2019, 45_000)}


def test_a_year_in_the_next_clause_is_not_the_figures_year() -> None:
    text = (
        "Tahun lalu, Kantor Cabang Ambon mencatat peserta mencapai 20.000 orang, "
        "sedangkan tahun ini ditargetkan 25.000 orang."
    )
    assert brief(text) == {
        ("realization", "ALL", "participants", 2018, 20_000),
        ("target", "ALL", "participants", 2019, 25_000),
    }


def test_the_year_before_is_counted_from_the_year_talked_about() -> None:
    # "tahun lalu" counts from the article's date; "tahun sebelumnya" from the year talked about.
    text = (
        "Kantor Cabang Padang mencatat iuran 2017 sebesar Rp310 miliar. Pada tahun "
        "sebelumnya, iuran yang diterima sebesar Rp285 miliar."
    )
    assert brief(text) == {
        ("realization", "ALL", "contributions", 2017, 310_000_000_000),
        ("realization", "ALL", "contributions", 2016, 285_000_000_000),
    }
    text = "Iuran Kantor Cabang Padang 2017 Rp310 miliar, naik dari tahun sebelumnya Rp285 miliar."
    assert ("realization", "ALL", "contributions", 2016, 285_000_000_000) in brief(text)
    # Nothing talked about yet: the year before the article's.
    text = "Pencapaian Kantor Cabang Padang tahun sebelumnya mencapai 110 persen dari target."
    assert {f["year"] for f in facts(text)} == {2018}
    # A vague "tahun sebelumnya" does not become the year talked about.
    text = (
        "Menurut pengalaman tahun sebelumnya, peserta baru naik di bulan Maret.\n"
        "Pencapaian Kantor Cabang Padang tahun sebelumnya mencapai 110 persen dari target."
    )
    assert {f["year"] for f in facts(text)} == {2018}


def test_an_as_of_date_with_slashes_gives_the_year() -> None:
    text = "Peserta Kantor Cabang Kudus per 31/12/2017 mencapai 80.000 orang."
    assert brief(text) == {("realization", "ALL", "participants", 2017, 80_000)}


def test_a_date_in_the_text_or_a_copyright_line_anchors_the_year() -> None:
    text = "Kendari, 16 November 2018 - Kantor Cabang Kendari mencatat 45.000 peserta aktif."
    assert brief(text, None) == {("realization", "ALL", "participants", 2018, 45000)}
    text = "Kantor Cabang Kendari mencatat 45.000 peserta aktif.\nCopyright © 2016 Kabar Kendari"
    assert brief(text, None) == {("realization", "ALL", "participants", 2016, 45000)}
    text = "Kantor Cabang Kendari menargetkan 50.000 peserta tahun depan."
    assert brief(text, "2019-11-20") == {("target", "ALL", "participants", 2020, 50000)}
    text = "Hingga Agustus 2017, peserta penerima upah Kantor Cabang Jember sebanyak 61.200 orang."
    assert brief(text, "2017-09-15") == {("realization", "PU", "participants", 2017, 61200)}


# --- Hedges ----------------------------------------------------------------------------------


def test_hedges_mark_a_figure_approximate() -> None:
    text = "Peserta formal sekitar 40.000 orang, peserta informal 3 ribu lebih."
    assert [f["approximate"] for f in facts(text)] == [True, True]


def test_plain_figure_is_exact() -> None:
    assert [f["approximate"] for f in facts("Peserta terdaftar 4.321 orang.")] == [False]


def test_more_hedges() -> None:
    for hedge in (
        "mendekati 20.000",
        "lebih dari 20.000",
        "hampir 20.000",
        "sekira 20 ribu",
        "20 ribuan",
        "20.000 orang lebih",
        "kurang dari 20.000",
        "sedikitnya 20.000",
    ):
        text = f"Peserta Kantor Cabang Sorong tercatat {hedge} orang."
        assert [(f["value"], f["approximate"]) for f in facts(text)] == [(20000, True)], hedge
    (fact,) = facts("Peserta Kantor Cabang Sorong tercatat 20.512 orang.")
    assert fact["approximate"] is False


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


def test_attainment_of_contributions_needs_no_target_word() -> None:
    text = (
        "Kantor Cabang Kudus mencatat capaian iuran 2018 sebesar 101,2 persen, atau Rp 70 miliar."
    )
    assert brief(text) == {
        ("attainment_pct", "ALL", "contributions", 2018, 101.2),
        ("realization", "ALL", "contributions", 2018, 70_000_000_000),
    }
    # Of participants it may be a coverage share: it needs the target named.
    assert brief("Capaian kepesertaan Kantor Cabang Kudus 2018 sebesar 45 persen.") == set()


def test_the_active_participants_a_part_is_taken_of_are_a_result() -> None:
    text = (
        "Kantor Cabang Tanjungpinang mencatat, dari 62.000 peserta aktif, sebanyak 18.000 di "
        "antaranya merupakan peserta BPU."
    )
    assert brief(text) == {
        ("realization", "ALL", "participants", 2019, 62_000),
        ("realization", "BPU", "participants", 2019, 18_000),
    }
    # Workers of an area a share is taken of are still no result.
    text = (
        "Dari 500.000 tenaga kerja di Kota Kendari, baru 120.000 terdaftar di Kantor Cabang "
        "Kendari."
    )
    assert brief(text) == {("realization", "ALL", "participants", 2019, 120_000)}


def test_employers_the_workers_come_from_are_no_base() -> None:
    text = "Kantor Cabang Berau mencatat 38.900 tenaga kerja aktif dari 1.450 perusahaan."
    assert brief(text) == {
        ("realization", "ALL", "participants", 2019, 38_900),
        ("realization", "ALL", "employers", 2019, 1_450),
    }


def test_growth_rate_is_not_attainment() -> None:
    assert facts("Iuran ditargetkan tumbuh 15 persen tahun ini.") == []


def test_baca_juga_lines_and_repeats_are_dropped() -> None:
    text = (
        "Peserta aktif tercatat 7.000 orang.\n"
        "Baca juga: Target 9.000 peserta tercapai\n"
        "Peserta aktif tercatat 7.000 orang.\n"
    )
    assert brief(text) == {("realization", "ALL", "participants", 2019, 7000)}


def test_payouts_arrears_subsidies_and_counts_of_other_things_are_not_facts() -> None:
    for text in (
        "Kantor Cabang Batam Nagoya mencairkan JHT Rp 45 miliar untuk 3.200 peserta.",
        "Kantor Cabang Batam Nagoya menyalurkan Bantuan Subsidi Upah kepada 52.000 pekerja.",
        "Sebanyak 35 perusahaan di Batam masih menunggak iuran senilai Rp 3,2 miliar.",
        "Kantor Cabang Sorong menyalurkan santunan kematian Rp 42 juta kepada ahli waris.",
        "Iuran peserta mandiri mulai Rp 36.800 setiap bulan.",
        "BPJS Ketenagakerjaan kini memiliki 11 kantor wilayah dan 121 kantor cabang.",
        "Kanwil Sulawesi dan Maluku telah melatih 250 kader Penggerak Jaminan Sosial.",
        "Kantor Cabang Sorong kini melayani 12 kabupaten dan kota.",
        "Potensi pekerja di Kota Sorong mencapai 90.000 orang.",
    ):
        assert facts(text) == [], text


def test_office_is_named_canonically() -> None:
    (fact,) = facts("BPJS Ketenagakerjaan Kanwil Sumbagut mencatat peserta 1.200.000 orang.")
    assert (fact["office"], fact["office_level"]) == ("Sumatera Bagian Utara", "region")


def owners(text: str) -> list[tuple]:
    return [(f["value"], f["office"], f["office_level"]) for f in facts(text)]


def test_the_minister_and_a_director_speak_for_the_nation_wherever_they_speak() -> None:
    for speaker in (
        "Direktur Utama BPJS Ketenagakerjaan Anggoro Eko Cahyo di Medan mengatakan",
        "Menteri Ketenagakerjaan Ida Fauziyah di Semarang mengatakan",
        "Menaker saat berkunjung ke Kupang menyebut",
    ):
        text = f"{speaker} peserta aktif BPJS Ketenagakerjaan mencapai 35 juta orang."
        assert owners(text) == [(35_000_000, "Nasional", "national")], speaker
    # A place after "di" is still the scope of the figure it follows.
    text = "Jumlah peserta BPJS Ketenagakerjaan di Kudus saat ini mencapai 90.000 orang."
    assert owners(text) == [(90_000, "Kudus", "branch")]


def test_a_target_the_head_office_set_is_still_the_offices() -> None:
    for setter in (
        "yang ditetapkan kantor pusat",
        "dari kantor pusat",
        "yang ditetapkan oleh Kantor Pusat",
    ):
        text = f"Kantor Cabang Manado mencapai 91,5 persen dari target {setter} tahun ini."
        published = [(f["office"], f["review"]) for f in facts(text)]
        assert published == [("Manado", False)], setter


def test_a_rank_among_the_nations_offices_is_no_national_figure() -> None:
    for rank in ("tertinggi se-Indonesia", "terbesar secara nasional", "peringkat kedua nasional"):
        text = f"Iuran Kanwil DKI Jakarta pada 2018 mencapai Rp 28 triliun, {rank}."
        published = [(f["office"], f["review"]) for f in facts(text)]
        assert published == [("DKI Jakarta", False)], rank


def test_the_parts_of_a_joined_name_may_be_joined_any_way() -> None:
    for written in ("Jateng-DIY", "Jateng & DIY", "Jateng dan DIY", "Jateng DIY"):
        text = f"Kanwil {written} menargetkan iuran Rp 8 triliun pada 2024."
        assert owners(text) == [(8_000_000_000_000, "Jawa Tengah dan DIY", "region")], written


def test_a_pioneer_branch_named_with_the_agency_between() -> None:
    text = "KCP BPJS Ketenagakerjaan Timika mencatat 12.000 peserta pada 2023."
    assert owners(text) == [(12_000, "Timika", "pioneer_branch")]


def test_an_office_the_article_names_is_that_office_when_named_again() -> None:
    text = (
        "BPJAMSOSTEK Cabang Pekanbaru Panam mencatat 150.312 peserta aktif pada 2025. Kepala "
        "BPJAMSOSTEK Pekanbaru Panam Rudi Hartono menyebut 120.100 di antaranya penerima upah. "
        "Pada 2024 lalu, realisasi iuran Pekanbaru Panam mencapai Rp 198 miliar."
    )
    assert {office for _, office, _ in owners(text)} == {"Pekanbaru Panam"}


def test_a_sum_over_several_branches_is_no_branchs_figure() -> None:
    text = (
        "Kantor Cabang Pekanbaru Kota mencatat 210.000 peserta aktif pada 2025. Kalau digabung "
        "kedua kantor cabang di Pekanbaru, total ada 360 ribu lebih peserta."
    )
    assert owners(text) == [(210_000, "Pekanbaru Kota", "branch")]
    # A region's figure is its branches' sum by definition.
    text = "Kanwil Jatim yang membawahi 20 kantor cabang mencatat 4,9 juta peserta pada 2024."
    assert owners(text) == [(4_900_000, "Jawa Timur", "region")]


def test_a_listed_name_and_its_figure_is_an_item_not_a_headline() -> None:
    text = (
        "Realisasi per kantor cabang hingga Juni 2024:\n"
        "- Kudus: 60.000 peserta\n- Semarang Majapahit: 145.000 peserta\n"
    )
    assert [(v, o) for v, o, _ in owners(text)] == [
        (60_000, "Kudus"),
        (145_000, "Semarang Majapahit"),
    ]
    # A bulleted line in Title Case is a link to another article: its figure is not read.
    text = "• Pengungsi Korban Banjir Di Kota Kudus Mencapai 2.500 Orang\n"
    assert facts(text) == []


def test_kinds_of_office_names() -> None:
    for text, owner in (
        ("KCP Timika mencatat 12.000 peserta aktif.", ("Timika", "pioneer_branch")),
        # A name the gazetteer does not know keeps the level its office words give it.
        ("KCP Sukamakmur mencatat 12.000 peserta aktif.", ("Sukamakmur", "pioneer_branch")),
        # The gazetteer's entry decides the level of a name it knows.
        ("KCP Tanjung Pinang mencatat 12.000 peserta aktif.", ("Tanjungpinang", "branch")),
        ("Kantor Cabang Perintis Bitung mencatat 12.000 peserta.", ("Bitung", "pioneer_branch")),
        ("BPJAMSOSTEK Banjarmasin mencatat 12.000 peserta.", ("Banjarmasin", "branch")),
        ("Wilayah Sumbar dan Riau mencatat 12.000 peserta.", ("Sumatera Barat dan Riau", "region")),
        ("Kanwil Jateng dan DIY mencatat 12.000 peserta.", ("Jawa Tengah dan DIY", "region")),
        (
            "Peserta di Provinsi Sulawesi Tengah mencapai 12.000 orang.",
            ("Sulawesi Tengah", "province"),
        ),
    ):
        assert owners(text) == [(12000, *owner)], text
    text = "Gorontalo 193.218 peserta dan Sulawesi Tengah 327.272 peserta."
    assert owners(text) == [
        (193218, "Gorontalo", "province"),
        (327272, "Sulawesi Tengah", "province"),
    ]


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


def test_a_list_of_branches_may_name_branches_the_gazetteer_does_not_know() -> None:
    text = (
        "Kantor Cabang Samarinda, Tenggarong dan Balikpapan masing-masing mencatat 200.000, "
        "50.000 dan 190.000 peserta."
    )
    assert owners(text) == [
        (200000, "Samarinda", "branch"),
        (50000, "Tenggarong", "branch"),
        (190000, "Balikpapan", "branch"),
    ]
    text = (
        "Kantor Cabang Medan, Pemko Medan dan Kejari Medan menandatangani kerja sama untuk "
        "melindungi 10.000 pekerja."
    )
    assert owners(text) == [(10000, "Medan Kota", "branch")]


def test_a_figure_of_several_listed_offices_is_no_one_offices() -> None:
    text = (
        "BPJS Ketenagakerjaan Kantor Cabang Samarinda, Bontang dan Berau mencatat 300.000 peserta."
    )
    assert facts(text) == []
    text = (
        "Provinsi Kaltim, dengan kantor cabang Samarinda, Bontang dan Berau, mencatat 300.000 "
        "peserta."
    )
    assert owners(text) == [(300000, "Kalimantan Timur", "province")]


def test_every_kind_of_office_is_looked_for_in_the_whole_text() -> None:
    text = (
        "Kantor Cabang Sampit dan Kantor Cabang Pangkalan Bun mencatat 12.000 peserta.\n"
        "Sementara itu Kanwil Sumbagteng mencatat 1,4 juta peserta."
    )
    assert owners(text)[-1] == (1400000, "Sumatera Bagian Tengah", "region")


def test_venues_and_titles_are_not_offices() -> None:
    text = (
        "Kanwil Sulawesi dan Maluku menggelar temu media. Acara tersebut digelar di Makassar.\n"
        "Peserta aktif tercatat 2,9 juta orang."
    )
    assert owners(text) == [(2900000, "Sulawesi dan Maluku", "region")]
    for title in ("Gubernur Sulawesi Selatan", "Pak Wali Kota Makassar"):
        text = (
            f"{title} hadir dalam acara itu.\n"
            "Kepala Kanwil Sulawesi dan Maluku, Budi, mengatakan 1,3 juta pekerja telah terdaftar."
        )
        assert owners(text) == [(1300000, "Sulawesi dan Maluku", "region")], title


def test_a_region_named_x_dan_y_is_not_its_last_province() -> None:
    text = (
        "Kantor Cabang Makassar mencatat 200.000 peserta aktif. Angka itu 15 persen dari total "
        "peserta Sulawesi dan Maluku sebanyak 1,3 juta orang."
    )
    assert owners(text) == [
        (200000, "Makassar", "branch"),
        (1300000, "Sulawesi dan Maluku", "region"),
    ]


def test_the_area_of_a_province_or_a_city_is_that_office() -> None:
    text = "Kanwil Jatim mengadakan acara. Peserta di wilayah Sumut tercatat 1,3 juta orang."
    assert owners(text) == [(1300000, "Sumatera Utara", "province")]
    text = "Untuk wilayah Makassar, peserta aktif mencapai 200.000 orang."
    assert owners(text) == [(200000, "Makassar", "branch")]


def test_equal_figures_of_two_offices_are_two_facts() -> None:
    text = (
        "Target peserta BPU tertinggi Pontianak 10 ribu peserta, kemudian Balikpapan 10 ribu "
        "peserta.\nKepala Kanwil Kalimantan mengatakan Pontianak punya target 10.000 peserta BPU."
    )
    assert owners(text) == [(10000, "Pontianak", "branch"), (10000, "Balikpapan", "branch")]
    assert {f["measure"] for f in facts(text)} == {"target"}


def test_a_department_of_a_kanwil_is_not_an_office() -> None:
    text = (
        "Asisten Deputi Wilayah Bidang Kepesertaan Kanwil Jatim, Budi, mengatakan peserta "
        "aktif 5 juta orang, sedangkan Wilayah Bidang Umum mencatat 6.000 perusahaan."
    )
    assert {office for _, office, _ in owners(text)} == {"Jawa Timur"}


def test_a_regions_revenue_and_a_wage_are_not_contributions() -> None:
    for text in (
        "Pendapatan asli daerah Kabupaten Kudus tahun 2023 mencapai Rp 500 miliar, kata "
        "Kepala BPJS Ketenagakerjaan Cabang Kudus.",
        "Iuran BPJS Ketenagakerjaan Cabang Kudus dihitung dari upah minimum sebesar Rp 2,5 juta.",
    ):
        assert facts(text) == [], text
    text = "Penerimaan iuran Kantor Cabang Kudus tahun 2023 mencapai Rp 85 miliar."
    assert brief(text) == {("realization", "ALL", "contributions", 2023, 85_000_000_000)}


def test_figures_of_bpjs_kesehatan_are_not_this_agencys() -> None:
    assert facts("BPJS Kesehatan Cabang Kudus mencatat 60.000 peserta pada 2023.") == []
    text = (
        "BPJS Kesehatan Cabang Kudus mencatat 60.000 peserta JKN pada 2023. Jumlah itu naik "
        "dari 55.000 peserta. Sementara itu peserta BPJS Ketenagakerjaan Cabang Kudus "
        "mencapai 90.000 orang pada 2023."
    )
    assert owners(text) == [(90_000, "Kudus", "branch")]


def test_a_sub_group_counted_with_its_figure_is_not_the_offices_participants() -> None:
    for text in (
        "Pada tahun 2024, sebanyak 37.023 pekerja rentan di Kudus terlindungi.",
        "Kantor Cabang Kudus mencatat petani yang terdaftar sebanyak 1.200 orang pada 2023.",
    ):
        assert facts(text) == [], text
    text = "Kantor Cabang Kudus mencatat 50.000 peserta pada 2023, termasuk 2.000 ojol."
    assert owners(text) == [(50_000, "Kudus", "branch")]


def test_ucj_agents_and_employers_not_yet_registered_are_not_results() -> None:
    for text in (
        "UCJ Kantor Cabang Kudus baru 45 persen dari target 60 persen pada 2023.",
        "Kantor Cabang Kudus kini memiliki 1.200 Perisai yang mengajak pekerja mendaftar.",
        "Sebanyak 2.500 perusahaan di Kudus belum mendaftarkan pekerjanya ke Kantor Cabang Kudus.",
    ):
        assert facts(text) == [], text


def test_the_later_value_and_the_parts_of_a_group_are_the_groups() -> None:
    text = (
        "Kantor Cabang Kudus mencatat pada 2024 sebanyak 3.000 pekerja rentan terlindungi, dan "
        "angka ini melonjak menjadi 5.000 pekerja pada 2025. Dari jumlah tersebut, 1.300 "
        "pekerja berasal dari kontribusi provinsi."
    )
    assert facts(text) == []
    # The part of a population that registered is a result.
    text = (
        "Jumlah angkatan kerja di Kudus sebanyak 400.000 orang. Dari jumlah ini, yang baru "
        "terdaftar di Kantor Cabang Kudus sekitar 100.000 jiwa."
    )
    assert owners(text) == [(100_000, "Kudus", "branch")]


def test_workers_not_yet_registered_are_not_a_result() -> None:
    for who in ("pekerja informal", "pekerja sektor informal", "tenaga kerja di Kota Kendari"):
        text = f"DPRD meminta Kantor Cabang Kendari melindungi 20.000 {who} yang belum terdaftar."
        assert facts(text) == [], who


def test_workers_there_are_in_an_area_are_not_participants() -> None:
    text = "Kantor Cabang Kudus mencatat ada sekitar 62.185 pekerja BPU di Kabupaten Kudus."
    assert facts(text) == []
    text = "Kantor Cabang Kudus mencatat ada 62.185 pekerja BPU di Kudus yang terdaftar."
    assert owners(text) == [(62_185, "Kudus", "branch")]


def test_after_a_breakdown_the_article_goes_on_about_the_office_it_broke_down() -> None:
    text = (
        "Kanwil Sulawesi Maluku mencatat 2,1 juta peserta aktif pada 2024. Dari jumlah itu, "
        "Sulawesi Selatan menyumbang 1,05 juta pekerja, disusul Sulawesi Utara 420.000 "
        "pekerja dan Maluku 180.000 pekerja. Target kepesertaan kami 2,4 juta pekerja aktif."
    )
    assert owners(text)[-1] == (2_400_000, "Sulawesi dan Maluku", "region")


def test_workers_of_a_joined_area_not_yet_protected_are_not_a_result() -> None:
    text = (
        "Kanwil Sulawesi Maluku menyebut masih ada sekitar 3,5 juta pekerja di Sulawesi dan "
        "Maluku yang belum terlindungi."
    )
    assert facts(text) == []


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


def test_people_counted_where_nothing_says_they_take_part_are_no_participants() -> None:
    # The workforce of an area, not the office's realization.
    text = "Menurut Kepala Cabang Blitar, saat ini ada sebanyak 650.000 tenaga kerja di Blitar."
    assert facts(text) == []
    text = (
        "Menurut Kepala Cabang Blitar, saat ini ada sebanyak 650.000 tenaga kerja yang "
        "terdaftar di Blitar."
    )
    assert owners(text) == [(650000, "Blitar", "branch")]


def test_a_shortfall_is_not_attainment() -> None:
    text = "Target Kantor Cabang Kediri 20.000 peserta, masih kurang 20 persen dari target."
    assert ("attainment_pct", "ALL", "participants", 2019, 20) not in brief(text)


def test_para_pekerja_sektor_informal_are_bpu() -> None:
    # The segment named after the figure, behind "dari para": the figure's own segment.
    text = (
        "Kantor Cabang Kediri mencatat kepesertaan baru sebanyak 12.000 peserta dari para "
        "pekerja informal tahun ini."
    )
    assert {segment for _, segment, *_ in brief(text)} == {"BPU"}


def test_a_place_inside_a_hyphenated_name_is_no_place() -> None:
    text = (
        "Kepala Kantor Cabang Tanjung Morawa Benny Karo-Karo menyebut iuran hingga Oktober 2018 "
        "mencapai Rp 312,45 miliar."
    )
    assert [f["office"] for f in facts(text)] == ["Tanjung Morawa"]


def test_a_sentence_going_on_about_contributions_needs_no_contribution_word() -> None:
    text = (
        "Iuran yang dihimpun Kantor Cabang Tarakan pada 2018 mencapai Rp 96,2 miliar. Capaian "
        "itu meningkat dari 2017 yang hanya Rp 81,5 miliar dan 2016 sebesar Rp 70,1 miliar."
    )
    assert brief(text) == {
        ("realization", "ALL", "contributions", 2018, 96_200_000_000),
        ("realization", "ALL", "contributions", 2017, 81_500_000_000),
        ("realization", "ALL", "contributions", 2016, 70_100_000_000),
    }
    text = (
        "Kanwil Sumbagsel membukukan iuran Rp 2,31 triliun pada 2018. Sumatera Selatan "
        "menyumbang Rp 1,12 triliun dan Lampung Rp 586 miliar."
    )
    assert {(f["office"], f["value"]) for f in facts(text)} == {
        ("Sumatera Bagian Selatan", 2_310_000_000_000),
        ("Sumatera Selatan", 1_120_000_000_000),
        ("Lampung", 586_000_000_000),
    }
    # Other money is not: a fund, a budget, a region's revenue.
    text = (
        "Iuran Kantor Cabang Tarakan pada 2018 mencapai Rp 96,2 miliar. Dana yang dikelola "
        "mencapai Rp 400 miliar."
    )
    assert brief(text) == {("realization", "ALL", "contributions", 2018, 96_200_000_000)}
    text = (
        "Wali Kota menyebut PAD tahun ini ditargetkan Rp 1,1 triliun, kata Kantor Cabang Tarakan."
    )
    assert facts(text) == []


def test_a_percentage_shares_what_is_named_since_the_figure_before() -> None:
    text = (
        "Kantor Cabang Kudus mencatat capaian iuran 97,6 persen dari target dan capaian "
        "perusahaan 112 persen dari target."
    )
    assert brief(text) == {
        ("attainment_pct", "ALL", "contributions", 2019, 97.6),
        ("attainment_pct", "ALL", "employers", 2019, 112),
    }


def test_a_figure_another_body_reports_waits_for_review() -> None:
    for source in (
        "Dinas Tenaga Kerja Provinsi Maluku mencatat",
        "Menurut Disnakertrans, tercatat",
    ):
        text = f"{source} 2.450 perusahaan di Kota Ambon, kata Kantor Cabang Ambon."
        assert [f["review"] for f in facts(text)] == [True], source
    # Named before this agency, the other body only frames it.
    text = "Kepala Disnaker mengatakan peserta BPJS Ketenagakerjaan Cabang Ambon 45.000 orang."
    assert [f["review"] for f in facts(text)] == [False]


def test_who_do_not_take_part_later_in_the_clause_are_no_result() -> None:
    for text in (
        "Kantor Cabang Palangkaraya mencatat sekitar 3.600 pekerja dari perusahaan-perusahaan "
        "itu belum terlindungi.",
        "Kantor Cabang Palangkaraya menemukan 214 perusahaan yang baru mendaftarkan sebagian "
        "karyawannya (PDS).",
        "Masih ada sekitar 140.000 pekerja formal di Kota Tangerang yang belum terdaftar di "
        "Kantor Cabang Cikokol.",
    ):
        assert facts(text) == [], text
    # Only in the figure's own clause.
    text = "Kantor Cabang Kudus mencatat 60.000 peserta, namun banyak pekerja belum terdaftar."
    assert brief(text) == {("realization", "ALL", "participants", 2019, 60_000)}


def test_a_month_ago_is_the_last_such_month_before_the_article() -> None:
    text = "Hingga Desember lalu, Kantor Cabang Magelang mencatat 41.870 peserta BPU aktif."
    assert {f["year"] for f in facts(text, "2019-01-09")} == {2018}
    assert {f["year"] for f in facts(text.replace("Desember", "Juni"), "2019-08-09")} == {2019}


def test_years_counted_back_or_on_and_years_in_parentheses() -> None:
    text = "Tiga tahun lalu iuran Kantor Cabang Kendari baru Rp 80 miliar."
    assert {f["year"] for f in facts(text)} == {2016}
    text = (
        "Pada 2016 Kantor Cabang Kudus menjaring 12.000 peserta BPU. Setahun kemudian jumlahnya "
        "naik menjadi 18.500 peserta."
    )
    assert brief(text) == {
        ("realization", "BPU", "participants", 2016, 12_000),
        ("realization", "BPU", "participants", 2017, 18_500),
    }
    text = "Kantor Cabang Jember mencatat iuran Rp 240 miliar (2017) dan Rp 265 miliar (2018)."
    assert brief(text) == {
        ("realization", "ALL", "contributions", 2017, 240_000_000_000),
        ("realization", "ALL", "contributions", 2018, 265_000_000_000),
    }
    # "dua tahun ini" is a span, no one year: the figure keeps the article's.
    text = "Dalam dua tahun ini Kantor Cabang Jember mencatat iuran Rp 240 miliar."
    assert {f["year"] for f in facts(text)} == {2019}


def test_more_than_any_office_holds_with_only_the_agency_named_is_the_nations() -> None:
    text = (
        "JAKARTA - BPJS Ketenagakerjaan mencatat peserta aktif hingga akhir 2018 mencapai 41,5 "
        "juta pekerja. Iuran yang dihimpun sepanjang 2018 sebesar Rp 98 triliun."
    )
    assert [(f["office"], f["office_level"], f["review"]) for f in facts(text)] == [
        ("Nasional", "national", False),
        ("Nasional", "national", False),
    ]
    # A figure one office may hold keeps waiting for an office.
    text = "KENDARI - BPJS Ketenagakerjaan mencatat 40.000 peserta aktif pada 2018."
    assert [(f["office"], f["review"]) for f in facts(text)] == [(None, True)]


def test_a_count_still_missing_is_a_shortfall() -> None:
    text = (
        '"Target Kantor Cabang Kendari tahun ini 60.000 peserta BPU, jadi masih kurang sekitar '
        '15 ribu lagi," kata dia.'
    )
    assert brief(text) == {("target", "BPU", "participants", 2019, 60_000)}
    # "kurang dari" and "kurang lebih" are hedges, not shortfalls.
    text = "Kantor Cabang Kendari mencatat kurang lebih 15 ribu peserta BPU."
    assert brief(text) == {("realization", "BPU", "participants", 2019, 15_000)}


def test_the_segment_named_as_a_segmen() -> None:
    text = "Kantor Cabang Solo mematok sasaran 12.500 tenaga kerja baru dari segmen penerima upah."
    assert brief(text) == {("target", "PU", "participants", 2019, 12_500)}


def test_a_percentage_the_realization_and_target_make_is_attainment() -> None:
    text = (
        "Iuran yang terkumpul Kantor Cabang Kudus mencapai Rp 487 miliar dari target Rp 491,8 "
        "miliar atau 99,03 persen."
    )
    assert ("attainment_pct", "ALL", "contributions", 2019, 99.03) in brief(text)
    # A percentage they do not make is something else.
    text = text.replace("99,03", "12")
    assert not any(f["measure"] == "attainment_pct" for f in facts(text))


def test_the_workers_an_industry_employs_are_no_participants() -> None:
    text = "Kantor Cabang Kudus menyebut industri rokok mempekerjakan sekitar 80 ribu buruh."
    assert facts(text) == []


def test_a_region_named_by_its_parts_after_the_agency_name() -> None:
    text = (
        "Deputi Direktur Wilayah BPJS Ketenagakerjaan Bali, Nusa Tenggara dan Papua menyebut "
        "peserta BPU di wilayahnya pada 2018 mencapai 486.000 orang."
    )
    assert [f["office"] for f in facts(text)] == ["Bali, Nusa Tenggara dan Papua"]


def test_a_place_that_starts_a_speakers_name_after_a_comma_is_no_place() -> None:
    text = (
        "Kepala BPJS Ketenagakerjaan Cabang Sumbawa, Bima Aditya Nugraha, mengatakan pihaknya "
        "telah merekrut 8.750 peserta baru bukan penerima upah."
    )
    assert [(f["office"], f["value"]) for f in facts(text)] == [("Sumbawa", 8_750)]


def test_what_most_participants_are_is_no_sub_group() -> None:
    text = "Kantor Cabang Kudus mencatat 2.145 peserta BPU baru yang didominasi petani dan nelayan."
    assert brief(text) == {("realization", "BPU", "participants", 2019, 2_145)}


def test_one_employers_workers_wait_for_review() -> None:
    text = (
        "Sebuah perusahaan smelter mendaftarkan 2.500 karyawan barunya ke Kantor Cabang "
        "Perintis Morowali."
    )
    assert [f["review"] for f in facts(text)] == [True]


def test_more_than_any_office_holds_in_an_article_naming_a_kanwil_later_is_the_nations() -> None:
    text = (
        "Direktur Utama menyampaikan, sepanjang 2018 jumlah peserta aktif mencapai 50,1 juta "
        "pekerja, atau 97,3 persen dari target 51,5 juta.\n\n"
        "Deputi Direktur Wilayah Banuspa melaporkan peserta aktif di wilayahnya pada 2018 "
        "sebanyak 2,31 juta pekerja."
    )
    assert {(f["office"], f["value"]) for f in facts(text)} == {
        ("Nasional", 50_100_000),
        ("Nasional", 97.3),
        ("Nasional", 51_500_000),
        ("Bali, Nusa Tenggara dan Papua", 2_310_000),
    }


def test_what_is_does_not_continue_a_list_of_what_is_aimed_at() -> None:
    text = (
        "Kantor Cabang Cikarang menutup 2018 dengan iuran Rp3,62 triliun, melampaui target "
        "Rp3,5 triliun, dengan jumlah peserta aktif per 31 Desember 2018 sebanyak 742.180 "
        "tenaga kerja."
    )
    assert ("realization", "ALL", "participants", 2018, 742_180) in brief(text)


def test_an_attainment_and_its_target_take_the_segment_of_the_realization_they_make() -> None:
    text = (
        "Kantor Cabang Kendari mencatat 112.430 tenaga kerja, terdiri atas 68.210 peserta PU "
        "dan 4.350 peserta jasa konstruksi, atau 78,4 persen dari target 143.400 peserta."
    )
    assert {
        ("attainment_pct", "ALL", "participants", 2019, 78.4),
        ("target", "ALL", "participants", 2019, 143_400),
    } <= brief(text)


def test_a_percentage_of_the_target_named_after_it_shares_that() -> None:
    text = (
        "Iuran Kantor Cabang Pontianak terkumpul Rp 50 miliar.\n"
        "Kantor Cabang Pontianak baru mencapai 58 persen dari target kepesertaan."
    )
    assert ("attainment_pct", "ALL", "participants", 2019, 58) in brief(text)


def test_participants_after_a_sentence_about_employers_are_persons() -> None:
    text = (
        "Kantor Cabang Denpasar mencatat 1.200 pemberi kerja baru pada 2018.\n"
        "Untuk 2019, Kantor Cabang Denpasar menetapkan target kepesertaan sebanyak 200.000 "
        "peserta aktif."
    )
    assert ("target", "ALL", "participants", 2019, 200_000) in brief(text)


def test_recruiting_agents_counted_as_people_are_no_participants() -> None:
    text = "Kantor Cabang Pontianak akan memperbanyak agen Perisai dari 2.000 menjadi 10.000 orang."
    assert facts(text) == []


def test_the_office_serving_the_people_counted_owns_them() -> None:
    text = (
        "Kepala Kantor Cabang Ternate, Samsul, menyampaikan bahwa secara keseluruhan jumlah "
        "peserta aktif "
        "di Provinsi Maluku Utara pada akhir 2018 mencapai 71.300 tenaga kerja, termasuk 14.600 "
        "tenaga kerja yang "
        "dilayani Kantor Cabang Halmahera Selatan."
    )
    assert {(f["office"], f["value"]) for f in facts(text)} == {
        ("Maluku Utara", 71_300),
        ("Halmahera Selatan", 14_600),
    }


def test_places_one_office_covers_listed_together_are_that_office() -> None:
    text = (
        "Kantor Cabang Ternate mencatat 42.180 tenaga kerja pada proyek di Kota Ternate, Kota "
        "Tidore Kepulauan dan Kabupaten Halmahera Barat, dengan penerimaan iuran sepanjang 2018 "
        "sebesar Rp61,2 miliar atau 88,4 persen dari target."
    )
    assert {(f["office"], f["value"]) for f in facts(text)} == {
        ("Ternate", 42_180),
        ("Ternate", 61_200_000_000),
        ("Ternate", 88.4),
    }


def test_a_regency_after_wilayah_is_a_place_of_the_office_covering_it() -> None:
    text = (
        "Kantor Cabang Sidoarjo menyampaikan jumlah peserta aktif di wilayah Kabupaten Sidoarjo "
        "tercatat sebanyak 389.420 tenaga kerja."
    )
    assert [(f["office"], f["review"]) for f in facts(text)] == [("Sidoarjo", False)]


def test_what_is_in_a_sentence_that_also_names_a_target_is_no_target() -> None:
    text = (
        "Pada akhir 2018 jumlah peserta aktif Kantor Cabang Manokwari sebanyak 41.600 pekerja, "
        "sedangkan target 2019 ditetapkan 45.000 peserta aktif."
    )
    assert brief(text) == {
        ("realization", "ALL", "participants", 2018, 41_600),
        ("target", "ALL", "participants", 2019, 45_000),
    }


def test_a_local_government_office_is_another_body() -> None:
    text = "Dinas mencatat 2.340 perusahaan wajib lapor di wilayah Kantor Cabang Banyuwangi."
    assert [f["review"] for f in facts(text)] == [True]


def test_the_places_an_offices_area_is_made_of_describe_it() -> None:
    text = (
        "Kepala Kantor Cabang Sampit menyebut peserta aktif di wilayah kerja cabang, yang "
        "meliputi Kotim dan Seruyan, mencapai 94.300 pekerja pada 2018."
    )
    assert [(f["office"], f["value"]) for f in facts(text)] == [("Sampit", 94_300)]


def test_employers_contributions_come_from_are_no_base() -> None:
    text = "Iuran Kantor Cabang Morowali pada 2018 tercatat Rp186,3 miliar dari 342 perusahaan."
    assert brief(text) == {
        ("realization", "ALL", "contributions", 2018, 186_300_000_000),
        ("realization", "ALL", "employers", 2018, 342),
    }


def test_benefits_the_office_pays_out_are_not_contributions() -> None:
    text = "Kantor Cabang Batam Nagoya membayarkan JHT senilai Rp612 miliar kepada 38.900 peserta."
    assert facts(text) == []
    # Contributions employers pay in are.
    text = "Perusahaan membayarkan iuran Kantor Cabang Batam Nagoya sebesar Rp612 miliar pada 2018."
    assert brief(text) == {("realization", "ALL", "contributions", 2018, 612_000_000_000)}


def test_a_target_verb_governs_the_verb_of_achieving_after_it() -> None:
    text = "Tahun ini Kantor Cabang Kudus menargetkan jumlah peserta aktif menembus 58 ribu."
    assert brief(text) == {("target", "ALL", "participants", 2019, 58_000)}
    # Not across a comma: "6.470 perusahaan yang ditargetkan, terealisasi 7.489".
    text = (
        "Kantor Cabang Kudus: dari 6.470 perusahaan yang ditargetkan, terealisasi 7.489 perusahaan."
    )
    assert ("realization", "ALL", "employers", 2019, 7_489) in brief(text)


def test_workers_who_became_inactive_are_no_result() -> None:
    text = "Kepala Kantor Cabang Banyuwangi mengatakan 7.669 pekerja menjadi nonaktif karena PHK."
    assert facts(text) == []
