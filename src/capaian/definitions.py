"""The vocabulary and bounds every part of Capaian shares, read from their one home: the dbt
project.

* segments and metrics: the seeds ``segments.csv`` and ``metrics.csv`` (dbt builds
  ``dim_segment`` and ``dim_metric`` from them);
* the first year and the news publish confidence: the ``vars`` of ``dbt_project.yml`` (the
  discrepancy tolerances live there too, used by dbt alone).

The loaders, the extractor, the DAG parameters, the report and the quality suites (as suite
parameters) read them here, so that changing one of them is a change to one file.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from capaian import settings

ALL_SEGMENTS = "ALL"  # the segment code of an office total, not split by segment


def _seeds_dir() -> Path:
    return settings.dbt_project_dir() / "seeds"


def _ordered_codes(seed: str, column: str) -> tuple[str, ...]:
    with (_seeds_dir() / f"{seed}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(row[column] for row in sorted(rows, key=lambda row: int(row["display_order"])))


@cache
def segments() -> tuple[str, ...]:
    """Every segment code, in display order (``ALL`` first)."""
    return _ordered_codes("segments", "segment")


@cache
def metrics() -> tuple[str, ...]:
    """Every metric code, in display order."""
    return _ordered_codes("metrics", "metric")


@cache
def metric_units() -> dict[str, str]:
    """Each metric's unit (``IDR`` for rupiah, ``persons``, ``employers``)."""
    return _seed_column("metrics", "metric", "unit")


@cache
def metric_names() -> dict[str, str]:
    """Each metric's Indonesian name (``Iuran`` for contributions)."""
    return _seed_column("metrics", "metric", "metric_name")


@cache
def segment_names() -> dict[str, str]:
    """Each segment's Indonesian name (``Penerima Upah`` for PU)."""
    return _seed_column("segments", "segment", "segment_name")


def _seed_column(seed: str, key: str, column: str) -> dict[str, str]:
    with (_seeds_dir() / f"{seed}.csv").open(encoding="utf-8", newline="") as handle:
        return {row[key]: row[column] for row in csv.DictReader(handle)}


@cache
def _project_vars() -> dict:
    project = yaml.safe_load((settings.dbt_project_dir() / "dbt_project.yml").read_text())
    return project.get("vars") or {}


def _var(name: str):
    variables = _project_vars()
    if name not in variables:
        raise KeyError(f"dbt_project.yml has no var {name!r}")
    return variables[name]


def first_year() -> int:
    """No figure, branch report or article about the agency is older than this year."""
    return int(_var("first_year"))


def first_day() -> date:
    return date(first_year(), 1, 1)


def default_news_publish_confidence() -> float:
    """The confidence a news fact needs to be published without review, unless
    CAPAIAN_NEWS_PUBLISH_CONFIDENCE says otherwise."""
    return float(_var("news_publish_confidence"))


def display_rank(code: str, ordered: tuple[str, ...]) -> tuple[int, str]:
    """Sort key: the code's place in ``ordered``, unknown codes after, by name."""
    return (ordered.index(code) if code in ordered else len(ordered), code)
