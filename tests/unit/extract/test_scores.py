"""The extractor against the gold files in ../shared: the project's acceptance bar."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from shared_articles import SHARED

SCORER = SHARED / "tools" / "score_extraction.py"
SETS = {
    "seeds": (SHARED / "news" / "seeds", SHARED / "news" / "gold" / "seed_facts.jsonl"),
    "dev": (SHARED / "news" / "dev" / "articles", SHARED / "news" / "dev" / "gold.jsonl"),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_extraction_meets_the_bar(name: str, tmp_path: Path) -> None:
    if not SCORER.is_file():
        pytest.skip(f"{SHARED} is absent: the articles and the scorer live there")
    articles, gold = SETS[name]
    # Exactly what a user runs: `capaian extract --jsonl ARTICLES... > predictions`.
    extracted = subprocess.run(
        [
            sys.executable,
            "-m",
            "capaian.cli",
            "extract",
            "--jsonl",
            *map(str, sorted(articles.glob("*.txt"))),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    predictions = tmp_path / f"{name}.jsonl"
    predictions.write_text(extracted.stdout, encoding="utf-8")
    for line in extracted.stdout.splitlines():
        fact = json.loads(line)
        text = (articles / f"{fact['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[fact["start"] : fact["end"]].strip(), fact
    result = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(predictions)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = result.stdout
    precision = float(re.search(r"precision=([\d.]+)", report).group(1))
    f1 = float(re.search(r"^f1=([\d.]+)", report, re.MULTILINE).group(1))
    assert f1 >= 0.95 and precision >= 0.97, report
