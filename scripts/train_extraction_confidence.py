"""Learn the news extractor's confidence model from the gold facts of the real articles.

    .venv/bin/python scripts/train_extraction_confidence.py [--write]

Every fact the extractor reads from the seed, ``dev`` and ``dev2`` articles (not the ten
held-out ones of ``dev2``, see ``capaian.extract.evaluation``) is labelled right or wrong by the
scorer's strict match (the office must agree too); a logistic regression over the fact's
features (``capaian.extract.confidence.features``) learns how likely a fact is to be right.
Its quality is measured by article: five folds, each scored by a model that never saw its
articles, so the precision printed for each threshold is what unseen articles of the same
kind would get. ``--write`` stores the model fitted on all of them in
``src/capaian/extract/confidence_model.json``. Needs scikit-learn (a development dependency).
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from capaian.extract import evaluation
from capaian.extract.confidence import MODEL_PATH
from capaian.extract.facts import EXTRACTOR_VERSION, fact_readings
from capaian.extract.pipeline import to_fact

TRAINING_SETS = ("seeds", "dev", "dev2-tuned")
THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
REGULARISATION = 1.0  # sklearn's C: the weights stay small, the features are few and coarse


def examples() -> tuple[list[dict], list[bool], list[str], int]:
    """Features, labels and article of every fact read from the training sets; and how many
    gold facts they hold (for recall)."""
    rows, labels, groups, gold_count = [], [], [], 0
    for name in TRAINING_SETS:
        gold_set = evaluation.gold_sets()[name]
        gold = evaluation.gold_facts(gold_set)
        gold_count += sum(1 for g in gold if not g.get("no_facts") and not g.get("optional"))
        for article in evaluation.articles(gold_set):
            read = fact_readings(article.text, article.published_at)
            facts = [to_fact(r, article.text, article.doc_id) for r, _ in read]
            labels.extend(evaluation.strictly_right(gold, facts))
            rows.extend({feature: 1.0 for feature in names} for _, names in read)
            groups.extend(f"{name}/{article.doc_id}" for _ in read)
    return rows, labels, groups, gold_count


def fit(rows: list[dict], labels: list[bool]) -> tuple[DictVectorizer, LogisticRegression]:
    vectorizer = DictVectorizer(sparse=False)
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=REGULARISATION, max_iter=1000)
    model.fit(matrix, np.array(labels))
    return vectorizer, model


def cross_validated(rows, labels, groups) -> np.ndarray:
    """Each fact's confidence from a model trained without its article."""
    predicted = np.zeros(len(rows))
    folds = GroupKFold(n_splits=5)
    for train, test in folds.split(rows, labels, groups):
        vectorizer, model = fit([rows[i] for i in train], [labels[i] for i in train])
        predicted[test] = model.predict_proba(vectorizer.transform([rows[i] for i in test]))[:, 1]
    return predicted


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the fitted model")
    args = parser.parse_args(argv)
    if not evaluation.available():
        sys.exit(f"error: the gold articles are not at {evaluation.shared_dir()}")
    rows, labels, groups, gold_count = examples()
    right = np.array(labels)
    print(f"{len(rows)} facts read, {int(right.sum())} right, {gold_count} gold facts")
    scores = cross_validated(rows, labels, groups)
    table = []
    for threshold in THRESHOLDS:
        published = scores >= threshold
        precision = right[published].mean() if published.any() else 0.0
        recall = right[published].sum() / gold_count
        table.append({"threshold": threshold, "precision": precision, "recall": recall})
        print(
            f"threshold {threshold:.2f}: published precision {precision:.3f}, recall {recall:.3f}"
        )
    vectorizer, model = fit(rows, labels)
    weights = dict(zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True))
    if args.write:
        stored = {
            "extractor_version": EXTRACTOR_VERSION,
            "trained_on": list(TRAINING_SETS),
            "facts": len(rows),
            "cross_validated_by_article": [
                {k: round(float(v), 3) for k, v in row.items()} for row in table
            ],
            "bias": round(float(model.intercept_[0]), 4),
            "weights": {k: round(float(v), 4) for k, v in sorted(weights.items())},
        }
        MODEL_PATH.write_text(json.dumps(stored, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
