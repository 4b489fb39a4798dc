"""The gazetteer and coverage seeds agree with each other and with the places seed."""

from __future__ import annotations

import csv
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"


def _rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_coverage_names_known_offices_and_places():
    offices = {row["office_code"] for row in _rows("office_gazetteer.csv")}
    places = {row["place_code"] for row in _rows("indonesia_places.csv")}
    coverage = _rows("office_coverage.csv")
    assert coverage
    assert {row["office_code"] for row in coverage} - offices == set()
    assert {row["place_code"] for row in coverage} - places == set()
    pairs = [(row["office_code"], row["place_code"]) for row in coverage]
    assert len(pairs) == len(set(pairs))


def test_coverage_sources_are_listed():
    listed = (SEEDS / "office_gazetteer_sources.md").read_text(encoding="utf-8")
    for row in _rows("office_coverage.csv"):
        assert row["source"] == "name" or row["source"] in listed, row


def test_each_province_row_covers_its_province():
    places = {row["place_name"]: row["place_code"] for row in _rows("indonesia_places.csv")}
    covered = {(row["office_code"], row["place_code"]) for row in _rows("office_coverage.csv")}
    for office in _rows("office_gazetteer.csv"):
        if office["office_level"] == "province":
            assert (office["office_code"], places[office["province"]]) in covered, office


def test_gazetteer_rows_are_well_formed():
    rows = _rows("office_gazetteer.csv")
    provinces = {
        r["place_name"] for r in _rows("indonesia_places.csv") if r["place_kind"] == "province"
    }
    regions = {r["office_name"] for r in rows if r["office_level"] == "region"}
    assert len(regions) == 11
    names: dict[str, str] = {}
    for row in rows:
        assert re.fullmatch(r"(NAS|KW|PR|KC|KCP)(-[A-Z0-9]+)*", row["office_code"]), row
        if row["office_level"] in ("branch", "pioneer_branch", "province"):
            assert row["province"] in provinces, row
            assert row["region_name"] in regions, row
        prefix = {"branch": "KC-", "pioneer_branch": "KCP-"}.get(row["office_level"])
        if prefix:
            assert row["office_code"].startswith(prefix), row
        for name in (row["office_name"], *filter(None, row["aliases"].split("|"))):
            assert names.setdefault(name.lower(), row["office_code"]) == row["office_code"], name
