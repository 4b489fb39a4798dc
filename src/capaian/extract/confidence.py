"""How sure the extractor is of a fact, office included, and whether it must wait for review.

A fact's confidence is a logistic model over what the extractor knew when it read the figure:
how its office was found (named right before it, or only carried over from earlier in the
article), whether the gazetteer knows that office, which cue gave its role, where its year came
from, whether the sentence speaks of the nation as a whole, how many offices the article
names. The weights are learned from the gold facts of the real articles, cross-validated by
article (``scripts/train_extraction_confidence.py`` writes ``confidence_model.json`` beside
this file); nothing here is keyed to a particular article, office or number.

A fact waits for review (``review: true``) when its confidence is below the publish threshold
(``CAPAIAN_NEWS_PUBLISH_CONFIDENCE``) or its office is not a gazetteer entry: a wrong figure in
the marts costs more than a right one that waits for a person.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from capaian.extract.office_names import look_up

MODEL_PATH = Path(__file__).with_name("confidence_model.json")

# The agency as a whole: "secara nasional", "di seluruh Indonesia", "se-Indonesia".
_NATIONAL_WORDS = re.compile(
    r"\bnasional\b|\bseluruh\s+indonesia\b|\bse-?indonesia\b|\bseluruh\s+tanah\s+air\b",
    re.IGNORECASE,
)
# A count of people is a count of participants only where the sentence says they take part:
# "ada 667.892 tenaga kerja" is the workforce, "667.892 tenaga kerja terdaftar" participants.
_TAKING_PART = re.compile(
    r"peserta|terdaftar|mendaftar|didaftarkan|terlindungi|dilindungi|bergabung|tercover|"
    r"menjaring|merekrut|akuisisi|real[ia]\w*sasi|target|jaminan sosial|iuran|aktif",
    re.IGNORECASE,
)
# Groups inside an office's participants: a programme for one trade or one group of workers,
# often paid by a local government, is not the office's realization.
_SUBGROUP = re.compile(
    r"\b(?:ojol|ojek|pengemudi|driver|petani|nelayan|kelompok|rentan|guru|perangkat\s+desa|"
    r"RT|RW|marbot|pedagang|buruh\s+tani|honorer|relawan|kader)\b",
    re.IGNORECASE,
)
_LOCAL_BUDGET = re.compile(
    r"\b(?:APBD|APBN|DBHCHT|pemkot|pemkab|pemprov|pemda|pemerintah\s+(?:daerah|kota|"
    r"kabupaten|provinsi)|dibiayai|ditanggung|dibayarkan|anggaran|kontribusi\s+(?:provinsi|"
    r"kabupaten|kota))\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”]|\b(?:kata|ujar|ungkap|jelas|tutur|terang)(?:nya)?\b", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleContext:
    """What the article as a whole says about how hard its facts are to place."""

    offices: int  # distinct offices its facts are filed under
    dated: bool  # the article's date came from its metadata


def features(reading, text: str, context: ArticleContext) -> frozenset[str]:
    """The named indicators the model weighs, for one reading (``pipeline.Reading``) of
    ``text``."""
    office = reading.office
    sentence = reading.sentence.text_of(text)
    names = {
        f"office_found={reading.office_found or 'none'}",
        f"level={office.level if office else 'none'}",
        f"measure={reading.role}",
        f"metric={reading.metric}",
        f"role_cue={reading.role_cue or 'none'}",
        f"year_found={reading.year_found or 'none'}",
    }
    if office is None or look_up(office.name) is None:
        names.add("office_unknown")
    if reading.segment == "ALL":
        names.add("segment_all")
    if reading.kind:
        names.add("kind_known")
    if reading.figure.approximate:
        names.add("approximate")
    if reading.figure.unit is None and not reading.figure.is_percent:
        names.add("no_unit_noun")
    said = _sentence_says(sentence)
    names |= said - {"taking_part"}
    if reading.metric == "participants" and "taking_part" not in said:
        names.add("no_participation_word")
    if context.offices >= 2:
        names.add("offices>=2")
    if context.offices >= 4:
        names.add("offices>=4")
    if not context.dated:
        names.add("undated")
    return frozenset(names)


@lru_cache(maxsize=256)  # the facts of one sentence share these
def _sentence_says(sentence: str) -> frozenset[str]:
    """What the figure's sentence says around it, as indicators."""
    patterns = (
        ("national_words", _NATIONAL_WORDS),
        ("quoted", _QUOTED),
        ("taking_part", _TAKING_PART),
        ("subgroup_words", _SUBGROUP),
        ("local_budget_words", _LOCAL_BUDGET),
    )
    return frozenset(name for name, pattern in patterns if pattern.search(sentence))


@dataclass(frozen=True)
class Model:
    bias: float
    weights: dict[str, float]


@cache
def model() -> Model:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return Model(float(data["bias"]), {k: float(v) for k, v in data["weights"].items()})


def confidence(names: frozenset[str]) -> float:
    """The model's probability that the fact, office included, is right; rounded to 0.001."""
    fitted = model()
    score = fitted.bias + sum(fitted.weights.get(name, 0.0) for name in names)
    return round(1.0 / (1.0 + math.exp(-score)), 3)


def needs_review(reading, score: float, threshold: float) -> bool:
    """Below the publish threshold, or filed under an office the gazetteer does not know."""
    office = reading.office
    return score < threshold or office is None or look_up(office.name) is None
