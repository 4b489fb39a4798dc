"""The extractor against the real articles and their gold facts (outside the repository).

The articles, their gold and the scorer live in ``shared/`` beside the checkout (or wherever
``CAPAIAN_SHARED_DIR`` points): ``news/seeds``, ``news/dev`` and ``news/dev2``. Scoring is the
scorer's own (``shared/tools/score_extraction.py``, loaded from there), so the figures here are
the figures it prints.

Ten articles of ``dev2`` are held out: the rules and the confidence weights are never tuned on
them, and the score on them is the honest figure of how the extractor does on text it was not
built against. They were chosen by a hash of their file names before anything was tuned on
``dev2`` (see docs/extraction.md).
"""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType

from capaian import settings
from capaian.news.articles import Article, read_news_items

HELD_OUT = frozenset({"033", "042", "043", "046", "053", "056", "057", "058", "061", "062"})


def shared_dir() -> Path:
    env = os.environ.get("CAPAIAN_SHARED_DIR")
    return Path(env) if env else settings.project_root().parent / "shared"


@dataclass(frozen=True)
class GoldSet:
    name: str
    articles: Path
    gold: Path
    held_out: bool | None = None  # True: only the held-out articles; False: all but them

    def keeps(self, doc_id: str) -> bool:
        return self.held_out is None or (doc_id in HELD_OUT) == self.held_out


def gold_sets() -> dict[str, GoldSet]:
    news = shared_dir() / "news"
    dev2 = (news / "dev2" / "articles", news / "dev2" / "gold.jsonl")
    return {
        "seeds": GoldSet("seeds", news / "seeds", news / "gold" / "seed_facts.jsonl"),
        "dev": GoldSet("dev", news / "dev" / "articles", news / "dev" / "gold.jsonl"),
        "dev2": GoldSet("dev2", *dev2),
        "dev2-tuned": GoldSet("dev2-tuned", *dev2, held_out=False),
        "dev2-held-out": GoldSet("dev2-held-out", *dev2, held_out=True),
    }


def available() -> bool:
    return scorer_path().is_file()


def scorer_path() -> Path:
    return shared_dir() / "tools" / "score_extraction.py"


@cache
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extraction", scorer_path())
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def articles(gold_set: GoldSet) -> list[Article]:
    found = []
    for path in sorted(gold_set.articles.glob("*.txt")):
        for item in read_news_items(path):
            if isinstance(item, Article) and gold_set.keeps(item.doc_id):
                found.append(item)
    return found


def gold_facts(gold_set: GoldSet) -> list[dict]:
    lines = gold_set.gold.read_text(encoding="utf-8").splitlines()
    return [f for f in map(json.loads, filter(None, lines)) if gold_set.keeps(str(f["doc_id"]))]


@dataclass(frozen=True)
class Score:
    gold: int
    predicted: int
    right: int  # matched with the office right too

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def strict_score(gold: list[dict], predicted: list[dict]) -> Score:
    """The scorer's strict figures: a fact counts only with its office right."""
    module = scorer()
    matched, misses, extras = module.score(gold, predicted)
    right = sum(module.office_ok(g, p) for g, p in matched)
    return Score(len(matched) + len(misses), len(matched) + len(extras), right)
