"""Every office the extractor names on the real articles resolves against the gazetteer.

The marts resolve a news fact's office by the gazetteer seed's office_name or one of its
aliases, ignoring case (dbt_project/models/intermediate/int_office_lookup.sql); an office that
does not resolve waits in int_unresolved_offices. This test reads the seed itself (not through
the extractor) and runs the extractor on the seed and dev articles in ../shared.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from capaian.news.articles import Article, read_news_items
from capaian.news.extract import extract_facts

from shared_articles import SHARED

REPO_ROOT = Path(__file__).resolve().parents[4]
SEED = REPO_ROOT / "dbt_project" / "seeds" / "office_gazetteer.csv"
NEWS = SHARED / "news"
FOLDERS = [NEWS / "seeds", NEWS / "dev" / "articles"]


def gazetteer_names() -> set[str]:
    with SEED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = {row["office_name"].lower() for row in rows}
    names |= {a.strip().lower() for row in rows for a in row["aliases"].split("|") if a.strip()}
    return names


def extracted_offices() -> dict[str, str]:
    offices: dict[str, str] = {}
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.txt")):
            for item in read_news_items(path):
                assert isinstance(item, Article), item
                for fact in extract_facts(item.text, item.doc_id, item.published_at):
                    offices.setdefault(fact["office"], f"{folder.name}/{item.doc_id}")
    return offices


@pytest.fixture(scope="module")
def offices() -> dict[str, str]:
    if not all(folder.is_dir() for folder in FOLDERS):
        pytest.skip(f"{NEWS} is absent: the articles live there")
    return extracted_offices()


def test_every_fact_names_an_office(offices):
    assert None not in offices and "" not in offices


def test_every_office_resolves_against_the_gazetteer(offices):
    """Every office the extractor names on seeds and dev is a gazetteer name or alias."""
    names = gazetteer_names()
    unresolved = {office: where for office, where in offices.items() if office.lower() not in names}
    assert unresolved == {}
