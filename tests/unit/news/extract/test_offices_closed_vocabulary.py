"""A fact's office is a gazetteer entry: people, titles and places around it never join its name.

Short synthetic sentences (the way Indonesian news copy names offices and speakers), and
generated ones: any person's name after any office of the gazetteer.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from capaian import gazetteer
from capaian.news.extract import extract_facts
from capaian.news.extract.office_names import look_up


def owners(text: str, published_at: str = "2024-05-01") -> list[tuple]:
    return [
        (f["value"], f["office"], f["office_level"], f["review"])
        for f in extract_facts(text, "doc", published_at)
    ]


def test_the_agency_s_directors_speak_for_the_nation() -> None:
    text = (
        "Direktur Utama BPJS Ketenagakerjaan Solo, Budi Santoso menargetkan pada 2025 dapat "
        "menjaring 30 juta peserta baru."
    )
    assert owners(text) == [(30_000_000, "Nasional", "national", False)]


def test_a_department_of_the_head_office_is_national() -> None:
    text = (
        "Ani Lestari, Asisten Deputi Bidang Kepesertaan Badan Penyelenggara Jaminan Sosial "
        "Ketenagakerjaan mengungkapkan target peserta BPU tahun ini sebanyak 2,5 juta."
    )
    assert [(v, o) for v, o, *_ in owners(text)] == [(2_500_000, "Nasional")]


def test_figures_of_the_whole_country_are_national() -> None:
    text = "Secara nasional, peserta aktif BPJS Ketenagakerjaan mencapai 40 juta orang."
    assert [(v, o) for v, o, *_ in owners(text)] == [(40_000_000, "Nasional")]


def test_a_regional_head_is_not_a_director_of_the_agency() -> None:
    text = (
        "Deputi Direktur Wilayah Jawa Timur BPJS Ketenagakerjaan mengatakan realisasi "
        "kepesertaan mencapai 120.000 peserta."
    )
    assert [(v, o) for v, o, *_ in owners(text)] == [(120_000, "Jawa Timur")]


def test_a_name_after_the_agency_that_is_no_office_is_no_office() -> None:
    text = "Kepala BPJS Ketenagakerjaan Rina Wati mengatakan realisasi peserta 12.000 orang."
    ((value, office, _, review),) = owners(text)
    assert value == 12_000 and office is None and review


def test_a_province_by_its_abbreviation() -> None:
    text = "Peserta aktif di Provinsi NTB mencapai 545.546 orang."
    assert owners(text) == [(545_546, "Nusa Tenggara Barat", "province", False)]


def test_a_city_is_read_as_the_branch_that_covers_it() -> None:
    # Kota Batang is covered by the Pekalongan branch (the gazetteer's coverage seed).
    covering = {
        office
        for place in gazetteer.places()
        if place.short_name == "Batang"
        for office in place.covered_by
    }
    assert covering == {"KC-PEKALONGAN"}
    text = "Realisasi kepesertaan di Kabupaten Batang mencapai 5.000 pekerja."
    assert owners(text) == [(5_000, "Pekalongan", "branch", False)]


def test_a_regency_no_office_is_known_to_cover_waits_for_review() -> None:
    uncovered = next(p for p in gazetteer.places() if p.kind == "regency" and not p.covered_by)
    text = f"Realisasi kepesertaan di {uncovered.name} mencapai 5.000 pekerja."
    ((value, office, _, review),) = owners(text)
    assert (value, office, review) == (5_000, uncovered.name, True)


_BRANCHES = sorted(o.name for o in gazetteer.branch_offices() if " " not in o.name)
_PERSON = st.from_regex(r"[A-Z][a-z]{3,8}( [A-Z][a-z]{3,8}){0,2}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_BRANCHES), _PERSON)
def test_a_speaker_s_name_never_joins_the_office_name(branch: str, person: str) -> None:
    text = (
        f"Kepala Kantor Cabang BPJS Ketenagakerjaan {branch} {person} mengatakan realisasi "
        "kepesertaan tahun ini mencapai 12.500 peserta."
    )
    offices = {office for _, office, *_ in owners(text)}
    assert offices == {branch}, text


def test_a_misspelt_agency_name_is_the_agency() -> None:
    for agency in ("BPJS Ketenagakarjaan", "BPJS Ketanagakerjaan", "BPJS Ketenagakerjan"):
        text = f"{agency} Kudus mencatat realisasi 12.500 peserta baru tahun ini."
        assert [(v, o) for v, o, *_ in owners(text)] == [(12_500, "Kudus")], text


_JOINED = [
    (name, entry.name)
    for entry in gazetteer.offices()
    for name in (entry.name, *entry.aliases)
    if " dan " in name
]


@given(st.sampled_from(_JOINED), st.sampled_from(["-", " - ", "&", " & ", "/", " dan ", " serta "]))
def test_a_joined_name_is_one_office_however_it_is_joined(joined, joint) -> None:
    name, canonical = joined
    written = name.replace(" dan ", joint)
    assert look_up(written) is not None and look_up(written).name == canonical, written
