"""The office gazetteer: real BPJS Ketenagakerjaan offices, kept as a dbt seed.

The seed (``dbt_project/seeds/office_gazetteer.csv``) is the one list of offices; dbt builds
``dim_office`` from it and Python code (the synthetic generator, the news extractor's office
resolution) reads the same file.
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


@cache
def offices() -> tuple[Office, ...]:
    with gazetteer_path().open(encoding="utf-8", newline="") as handle:
        return tuple(
            Office(
                code=row["office_code"],
                name=row["office_name"],
                level=row["office_level"],
                region_name=row["region_name"],
                province=row["province"],
                aliases=tuple(a for a in row["aliases"].split("|") if a),
            )
            for row in csv.DictReader(handle)
        )


def branch_offices() -> tuple[Office, ...]:
    return tuple(o for o in offices() if o.level in ("branch", "pioneer_branch"))
