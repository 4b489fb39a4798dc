"""The public entry point: an article's facts, filtered and deduplicated."""

from __future__ import annotations

from capaian import settings
from capaian.news.extract.confidence import (
    DEFAULT_PUBLISH_CONFIDENCE,
    ArticleContext,
    confidence,
    features,
    needs_review,
)
from capaian.news.extract.office_names import Office, contains
from capaian.news.extract.pipeline import read_article, to_fact
from capaian.news.extract.reading import Reading

EXTRACTOR_VERSION = "1.4.0"


def extract_facts(
    text: str,
    doc_id: str,
    published_at: str | None = None,
    publish_confidence: float | None = None,
) -> list[dict]:
    """The facts of one article, as contract dicts, in the order the article states them.

    Each carries its ``confidence``; ``review`` is true for a fact below ``publish_confidence``
    (default: the ``CAPAIAN_NEWS_PUBLISH_CONFIDENCE`` setting, else 0.8)
    or under an office the gazetteer does not know.
    """
    threshold = publish_confidence
    if threshold is None:
        threshold = settings.news_publish_confidence()
    if threshold is None:
        threshold = DEFAULT_PUBLISH_CONFIDENCE
    facts = []
    for reading, names in fact_readings(text, published_at):
        fact = to_fact(reading, text, doc_id)
        fact["confidence"] = confidence(names)
        fact["review"] = needs_review(reading, fact["confidence"], threshold)
        facts.append(fact)
    return facts


def fact_readings(text: str, published_at: str | None) -> list[tuple[Reading, frozenset[str]]]:
    """The readings that are facts, each with the features its confidence is computed from."""
    kept = _dedupe([r for r in read_article(text, published_at) if _is_fact(r)])
    context = ArticleContext(
        # The nation, always named outright, leaves no doubt about which local office is meant.
        offices=len(
            {r.office for r in kept if r.office is not None and r.office.level != "national"}
        ),
        dated=bool(published_at),
    )
    return [(reading, features(reading, text, context)) for reading in kept]


def _is_fact(reading: Reading) -> bool:
    return (
        reading.excluded is None
        and reading.role is not None
        and reading.metric is not None
        and reading.year is not None
        and reading.figure.value is not None
    )


def _key(reading: Reading) -> tuple:
    return (reading.role, reading.segment, reading.metric, reading.year)


def _same_fact(a: Reading, b: Reading) -> bool:
    if _key(a) != _key(b) or not _same_place(a.office, b.office):
        return False
    x, y = float(a.figure.value), float(b.figure.value)
    if a.role == "attainment_pct":
        return abs(x - y) <= 0.05
    return abs(x - y) <= 0.01 * max(abs(x), abs(y), 1.0)


def _same_place(a: Office | None, b: Office | None) -> bool:
    """Whether two statements of a figure may be about one office: the same office, or one
    inside the other (a lead about the Kanwil, a quote about its province). Two offices side
    by side ("Pontianak 10 ribu, Balikpapan 10 ribu") are two facts."""
    return a is None or b is None or a == b or contains(a, b) or contains(b, a)


def _precision(reading: Reading) -> tuple[bool, int]:
    """Prefer an exact figure to a hedged one, and more significant digits to fewer."""
    digits = str(int(reading.figure.value)).rstrip("0")
    return (not reading.figure.approximate, len(digits))


def _dedupe(readings: list[Reading]) -> list[Reading]:
    """A figure stated twice (headline and body, a repeated lead, '53 ribu' and '53.390') is one."""
    kept: list[Reading] = []
    # Only readings of the same measure, segment, metric and year can be the same fact: looking
    # them up by that key keeps a very long article linear.
    by_key: dict[tuple, list[int]] = {}
    for reading in readings:
        same_kind = by_key.setdefault(_key(reading), [])
        for index in same_kind:
            if _same_fact(reading, kept[index]):
                if _precision(reading) > _precision(kept[index]):
                    kept[index] = reading
                break
        else:
            same_kind.append(len(kept))
            kept.append(reading)
    return kept
