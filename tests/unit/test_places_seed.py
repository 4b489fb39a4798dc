"""The committed places seed holds Kemendagri's provinces, regencies and cities, checked the
same way the generator (scripts/generate_places_seed.py) checks the package before writing."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "generate_places_seed.py"


def _load_generator():
    spec = importlib.util.spec_from_file_location("generate_places_seed", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _load_generator()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return generator.read_seed()


def test_seed_passes_the_generators_checks(rows):
    generator.check_rows(rows)


def test_columns_are_the_documented_ones():
    header = generator.SEED.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == generator.COLUMNS


def test_counts_and_codes(rows):
    kinds = Counter(row["place_kind"] for row in rows)
    assert kinds == {"province": 38, "regency": 416, "city": 98}
    assert len({row["place_code"] for row in rows}) == len(rows)
    provinces = {row["place_code"] for row in rows if row["place_kind"] == "province"}
    for row in rows:
        if row["place_kind"] != "province":
            assert row["province_code"] in provinces
            assert row["place_code"].startswith(row["province_code"] + ".")


def test_names_in_the_usual_form(rows):
    by_code = {row["place_code"]: row for row in rows}
    assert by_code["35.73"]["place_name"] == "Kota Malang"
    assert by_code["35.73"]["short_name"] == "Malang"
    assert by_code["35.07"]["place_name"] == "Kabupaten Malang"
    assert by_code["35"]["place_name"] == "Jawa Timur"
    assert by_code["31"]["place_name"] == "DKI Jakarta"
    assert by_code["34"]["place_name"] == "DI Yogyakarta"
    assert by_code["31.71"]["short_name"] == "Jakarta Pusat"
    assert by_code["31.71"]["place_kind"] == "city"


def test_checks_refuse_broken_data(rows):
    broken = [dict(row) for row in rows]
    broken[1]["place_code"] = "99.01"
    with pytest.raises(generator.PlacesError, match="does not begin with|no province"):
        generator.check_rows(broken)
    with pytest.raises(generator.PlacesError, match="37 provinces"):
        generator.check_rows([row for row in rows if row["place_code"] != "96"])
    duplicated = rows + [rows[5]]
    with pytest.raises(generator.PlacesError, match="duplicate codes"):
        generator.check_rows(duplicated)
    empty = [dict(row) for row in rows]
    empty[3]["place_name"] = " "
    with pytest.raises(generator.PlacesError, match="empty place_name"):
        generator.check_rows(empty)
