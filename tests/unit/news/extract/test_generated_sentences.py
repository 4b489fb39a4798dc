"""Generated sentences: any office of the gazetteer, any of the usual ways news copy words a
target or a result and writes its figure, any year. Each must give exactly the fact it states,
under the office's canonical name: the rules may not depend on which office an article is
about, nor on how its figure happens to be written."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from capaian import gazetteer
from capaian.news.extract import extract_facts

_OFFICES = sorted(
    (o.name, o.level)
    for o in gazetteer.offices()
    if o.level in ("branch", "pioneer_branch", "region")
)
_OFFICE_WORDS = {
    "branch": ["Kantor Cabang", "BPJS Ketenagakerjaan Cabang", "BPJamsostek Cabang"],
    "pioneer_branch": ["KCP", "Kantor Cabang Perintis"],
    "region": ["Kanwil", "BPJS Ketenagakerjaan Kantor Wilayah"],
}
# (sentence with {office}, {figure}, {year}; the measure it states)
_SENTENCES = [
    ("{office} menargetkan {figure} peserta baru pada {year}.", "target"),
    ("Pada {year}, {office} ditargetkan menjaring {figure} peserta.", "target"),
    ("Target kepesertaan {office} tahun {year} sebanyak {figure} tenaga kerja.", "target"),
    ("{office} mencatat realisasi {figure} peserta sepanjang {year}.", "realization"),
    (
        "Hingga akhir {year}, jumlah peserta aktif {office} mencapai {figure} pekerja.",
        "realization",
    ),
    ("Realisasi kepesertaan {office} pada {year} sebanyak {figure} orang.", "realization"),
]


def _written(value: int, style: int) -> str:
    if style == 0:
        return f"{value:,}".replace(",", ".")
    if style == 1 and value % 1000 == 0:
        return f"{value // 1000} ribu"
    if style == 2 and value % 100_000 == 0 and value >= 1_000_000:
        return f"{value / 1_000_000:.1f}".replace(".", ",").replace(",0", "") + " juta"
    return f"{value:,}".replace(",", ".")


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_OFFICES),
    st.data(),
    st.sampled_from(_SENTENCES),
    st.integers(min_value=1_000, max_value=3_000_000).map(lambda v: v - v % 100),
    st.integers(min_value=0, max_value=2),
    st.integers(min_value=2015, max_value=2025),
)
def test_a_stated_fact_is_read_whatever_the_office(office, data, sentence, value, style, year):
    name, level = office
    words = data.draw(st.sampled_from(_OFFICE_WORDS[level]))
    template, measure = sentence
    text = template.format(office=f"{words} {name}", figure=_written(value, style), year=year)
    text = text[0].upper() + text[1:]
    facts = extract_facts(text, "doc", f"{year + 1}-02-01")
    assert [(f["office"], f["measure"], f["value"], f["year"]) for f in facts] == [
        (name, measure, value, year)
    ], text


_SEGMENT_WORDS = [
    ("penerima upah", "PU"),
    ("bukan penerima upah", "BPU"),
    ("pekerja informal", "BPU"),
    ("jasa konstruksi", "JAKON"),
    ("pekerja migran Indonesia", "PMI"),
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_OFFICES),
    st.data(),
    st.sampled_from(_SEGMENT_WORDS),
    st.integers(min_value=1_000, max_value=900_000),
    st.integers(min_value=2015, max_value=2025),
)
def test_a_segment_named_with_its_figure_is_read(office, data, segment, value, year):
    name, level = office
    words = data.draw(st.sampled_from(_OFFICE_WORDS[level]))
    written, code = segment
    figure = f"{value:,}".replace(",", ".")
    text = f"{words} {name} mencatat {figure} peserta {written} sepanjang {year}."
    facts = extract_facts(text, "doc", f"{year + 1}-02-01")
    assert [(f["office"], f["segment"], f["value"], f["year"]) for f in facts] == [
        (name, code, value, year)
    ], text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_OFFICES),
    st.data(),
    st.integers(min_value=1, max_value=9_999),  # tenths of a billion rupiah
    st.integers(min_value=100, max_value=1_400),  # tenths of a percent
    st.integers(min_value=2015, max_value=2025),
)
def test_contributions_and_attainment_are_read(office, data, tenths, pct_tenths, year):
    name, level = office
    words = data.draw(st.sampled_from(_OFFICE_WORDS[level]))
    money = f"{tenths // 10},{tenths % 10}" if tenths % 10 else f"{tenths // 10}"
    if tenths < 10:
        money = f"0,{tenths}"
    pct = f"{pct_tenths // 10},{pct_tenths % 10}"
    text = (
        f"{words} {name} mencatat penerimaan iuran Rp {money} miliar sepanjang {year} atau "
        f"{pct} persen dari target."
    )
    facts = extract_facts(text, "doc", f"{year + 1}-02-01")
    got = [(f["office"], f["measure"], f["metric"], f["value"], f["year"]) for f in facts]
    assert got == [
        (name, "realization", "contributions", tenths * 100_000_000, year),
        (name, "attainment_pct", "contributions", pct_tenths / 10, year),
    ], text


_PERSON = st.from_regex(r"[A-Z][a-z]{3,8}( [A-Z][a-z]{3,8}){0,2}", fullmatch=True)
_QUOTED = [
    '"Realisasi kepesertaan tahun {year} sudah {figure} peserta," kata Kepala {office}, {person}.',
    "Target kami tahun {year} sebanyak {figure} peserta, ujar Kepala {office} {person}.",
    "Menurut {person}, Kepala {office}, realisasi peserta pada {year} mencapai {figure} orang.",
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_OFFICES),
    st.data(),
    st.sampled_from(_QUOTED),
    _PERSON,
    st.integers(min_value=1_000, max_value=900_000),
    st.integers(min_value=2015, max_value=2025),
)
def test_a_speaker_named_after_the_figure_gives_its_office(
    office, data, template, person, value, year
):
    name, level = office
    words = data.draw(st.sampled_from(_OFFICE_WORDS[level]))
    figure = f"{value:,}".replace(",", ".")
    text = template.format(office=f"{words} {name}", person=person, figure=figure, year=year)
    facts = extract_facts(text, "doc", f"{year + 1}-02-01")
    assert [(f["office"], f["value"], f["year"]) for f in facts] == [(name, value, year)], text


_BY_CODE = {o.code: o.name for o in gazetteer.offices()}
# Regencies and cities one office covers, by their full name ("Kabupaten Batang").
_COVERED = sorted(
    (p.name, _BY_CODE[p.covered_by[0]])
    for p in gazetteer.places()
    if p.kind in ("regency", "city") and len(p.covered_by) == 1
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(_COVERED),
    st.integers(min_value=1_000, max_value=900_000),
    st.integers(min_value=2015, max_value=2025),
)
def test_a_covered_regency_or_city_is_its_covering_office(place, value, year):
    written, office = place
    figure = f"{value:,}".replace(",", ".")
    text = f"Realisasi kepesertaan di {written} pada {year} mencapai {figure} pekerja."
    facts = extract_facts(text, "doc", f"{year + 1}-02-01")
    assert [(f["office"], f["value"], f["year"]) for f in facts] == [(office, value, year)], text


_BRANCH_OFFICES = [o for o in _OFFICES if o[1] in ("branch", "pioneer_branch")]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(_BRANCH_OFFICES), min_size=2, max_size=2, unique=True),
    st.data(),
    st.lists(st.integers(min_value=1_000, max_value=900_000), min_size=3, max_size=3),
    st.integers(min_value=2015, max_value=2024),
)
def test_an_article_about_two_offices_files_each_figure_under_its_own(offices, data, values, year):
    (a, a_level), (b, b_level) = offices
    a_words = data.draw(st.sampled_from(_OFFICE_WORDS[a_level]))
    b_words = data.draw(st.sampled_from(_OFFICE_WORDS[b_level]))
    n1, n2, n3 = (f"{v:,}".replace(",", ".") for v in values)
    text = (
        f"{a_words} {a} mencatat {n1} peserta aktif hingga akhir {year}. "
        f"Target tahun {year + 1} sebanyak {n2} peserta.\n\n"
        f"Sementara itu {b_words} {b} mencatat {n3} peserta aktif pada {year}."
    )
    facts = extract_facts(text, "doc", f"{year + 1}-01-20")
    assert [(f["office"], f["measure"], f["value"], f["year"]) for f in facts] == [
        (a, "realization", values[0], year),
        (a, "target", values[1], year + 1),
        (b, "realization", values[2], year),
    ], text
