"""How right the news extractor is, on the articles it was tuned on and on those it was not.

    .venv/bin/python benchmarks/bench_extraction_quality.py

Scores every gold set in ``shared/news`` with the scorer's strict figures (the office must agree
too), twice: every fact the extractor considered (published or waiting for review), and the
published ones only (what BI would see). ``dev2-held-out`` is the honest figure: ten real
articles that neither the rules nor the confidence model were tuned on.
"""

from __future__ import annotations

import sys

from capaian.news.extract import evaluation, extract_facts

ORDER = ("seeds", "dev", "dev2", "dev2-tuned", "dev2-held-out")


def main() -> int:
    if not evaluation.available():
        print(f"error: the gold articles are not at {evaluation.shared_dir()}", file=sys.stderr)
        return 1
    print(f"{'set':<14} {'facts':>5}  {'every fact P / R / F1':<24} {'published P / R / F1':<24}")
    for name in ORDER:
        gold_set = evaluation.gold_sets()[name]
        gold = evaluation.gold_facts(gold_set)
        facts = [
            fact
            for article in evaluation.articles(gold_set)
            for fact in extract_facts(article.text, article.doc_id, article.published_at)
        ]
        every = evaluation.strict_score(gold, facts)
        published = evaluation.strict_score(gold, [f for f in facts if not f["review"]])
        print(
            f"{name:<14} {every.gold:>5}  "
            f"{every.precision:.3f} / {every.recall:.3f} / {every.f1:.3f}      "
            f"{published.precision:.3f} / {published.recall:.3f} / {published.f1:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
