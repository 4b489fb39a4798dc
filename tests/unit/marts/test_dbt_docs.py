"""Every dbt model is described, and every column of the staging and mart models (what BI
and the next engineer read) too. Reads the manifest `capaian setup` parsed."""

import json
from pathlib import Path

import pytest

MANIFEST = Path(__file__).resolve().parents[3] / "dbt_project" / "target" / "manifest.json"


@pytest.fixture(scope="module")
def models():
    if not MANIFEST.exists():
        pytest.fail(f"{MANIFEST} is missing: run `make setup` first")
    nodes = json.loads(MANIFEST.read_text())["nodes"].values()
    return [n for n in nodes if n["resource_type"] == "model"]


def test_every_model_is_described(models):
    assert models
    assert [m["name"] for m in models if not m["description"].strip()] == []


def test_every_staging_and_mart_column_is_described(models):
    undocumented = []
    for model in models:
        if model["fqn"][1] not in ("staging", "marts"):
            continue
        columns = model["columns"]
        assert columns, f"{model['name']} lists no columns"
        undocumented += [
            f"{model['name']}.{c}" for c, v in columns.items() if not v["description"].strip()
        ]
    assert undocumented == []
