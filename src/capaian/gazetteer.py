"""The office gazetteer: real BPJS Ketenagakerjaan offices, kept as dbt seeds.

The seed ``dbt_project/seeds/office_gazetteer.csv`` is the one list of offices; dbt builds
``dim_office`` from it and Python code (the synthetic generator, the news extractor's office
resolution) reads the same file. ``indonesia_places.csv`` (Kemendagri's provinces, regencies
and cities) and ``office_coverage.csv`` (which office covers which place) sit beside it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from capaian import settings


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    level: str
    region_name: str
    province: str
    aliases: tuple[str, ...]


def gazetteer_path() -> Path:
    return settings.dbt_project_dir() / "seeds" / "office_gazetteer.csv"


def _seed_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def offices() -> tuple[Office, ...]:
    return tuple(
        Office(
            code=row["office_code"],
            name=row["office_name"],
            level=row["office_level"],
            region_name=row["region_name"],
            province=row["province"],
            aliases=tuple(a for a in row["aliases"].split("|") if a),
        )
        for row in _seed_rows(gazetteer_path())
    )


def branch_offices() -> tuple[Office, ...]:
    return tuple(o for o in offices() if o.level in ("branch", "pioneer_branch"))


@cache
def reporting_branches() -> tuple[Office, ...]:
    """The branches that send branch reports (a ``report_cadence`` in the gazetteer), in the
    gazetteer's order: offices added to the gazetteer later do not change which these are."""
    reporting = {
        row["office_code"] for row in _seed_rows(gazetteer_path()) if row["report_cadence"]
    }
    return tuple(o for o in branch_offices() if o.code in reporting)


@dataclass(frozen=True)
class Place:
    """A province, regency or city of Indonesia (Kemendagri's list), and the offices that
    cover it where a source says so."""

    code: str
    name: str  # "Kota Malang", "Kabupaten Malang", "Jawa Timur"
    short_name: str  # "Malang"
    kind: str  # province, regency or city
    province: str
    covered_by: tuple[str, ...]  # office codes


def places_path() -> Path:
    return settings.dbt_project_dir() / "seeds" / "indonesia_places.csv"


def coverage_path() -> Path:
    return settings.dbt_project_dir() / "seeds" / "office_coverage.csv"


@cache
def places() -> tuple[Place, ...]:
    covered: dict[str, list[str]] = {}
    for row in _seed_rows(coverage_path()):
        covered.setdefault(row["place_code"], []).append(row["office_code"])
    return tuple(
        Place(
            code=row["place_code"],
            name=row["place_name"],
            short_name=row["short_name"],
            kind=row["place_kind"],
            province=row["province_name"],
            covered_by=tuple(covered.get(row["place_code"], ())),
        )
        for row in _seed_rows(places_path())
    )
