"""How sure the extractor is of a fact, office included, and whether it must wait for review.

A fact's confidence starts high and each risk the reading ran takes some away: the kinds of
error that real articles nobody had tuned on showed (a figure filed under an office the
sentence does not name, in an article about several offices; a sub-group or a programme paid
by a local government read as the office's result; a national figure in a local story; a
role or a year read by default rather than from a word next to the figure; a hedged figure).
The weights are log-odds, set by hand from that list of errors, not fitted to the articles:
a logistic model learned from the gold facts was tried and could not tell right from wrong
(the articles the rules were built on hold too few wrong facts), see docs/extraction.md.

A fact waits for review (``review: true``) when its confidence is below the publish threshold
(``CAPAIAN_NEWS_PUBLISH_CONFIDENCE``, default the dbt var ``news_publish_confidence``) or its
office is not a gazetteer entry: a wrong figure in the marts costs more than a right one that
waits for a person.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from capaian import definitions
from capaian.news.extract import lexicon
from capaian.news.extract.office_names import look_up

DEFAULT_PUBLISH_CONFIDENCE = definitions.default_news_publish_confidence()

# log-odds: 3.0 alone is a confidence of 0.95; the threshold 0.8 is 1.39, so risks worth more than
# 1.61 together send a fact to review.
_CERTAIN = 3.0
RISKS: dict[str, float] = {
    # Whose figure: the office was not named next to it.
    "office_found=previous": -0.2,  # the sentence's previous figure's office
    "office_found=scope": -0.5,  # a place named later in the clause
    "office_found=carried": -0.3,  # the office the article was talking about ...
    "carried_among_several": -1.2,  # ... in an article about several offices
    "office_found=none": -3.0,
    "office_found=agency": -0.5,  # only the agency named, and more than any one office holds
    "national_words_local_office": -2.0,  # "secara nasional" in a sentence filed locally
    # What the figure counts.
    "subgroup_words": -1.7,  # ojol, petani, pekerja rentan ...
    "local_budget_words": -1.7,  # APBD, dibiayai pemkot, kontribusi provinsi ...
    "another_body_reports_it": -1.7,  # "Disnaker mencatat 2.450 perusahaan", "data BP2MI"
    "one_employers_workers": -1.7,  # "sebuah perusahaan smelter mendaftarkan 2.500 karyawan"
    "no_unit_noun": -0.2,
    "workers_not_said_to_take_part": -0.8,  # "60.000 pekerja" in a sentence without peserta
    "there_are": -0.8,  # "ada sekitar 60.000 pekerja": people who exist, maybe not participants
    "too_big_for_one_office": -2.5,  # more than any one office holds: a national figure?
    "approximate": -0.1,  # hedged as written ("sekitar"): the figure is still the one stated
    # How its role was read.
    "role_cue=word_in_clause": -0.3,
    "role_cue=listed": -0.2,
    "role_cue=apposition": -0.4,
    "role_cue=sentence": -0.6,
    "role_cue=parallel": -0.4,  # the role of the sentence before ("Sementara untuk PU ...")
    # What a percentage is a share of.
    "metric_found=topic": -0.3,  # the metric of the article's last figure
    "metric_found=default": -1.0,  # nothing said: "capaian 112 persen" of what?
    # Which year.
    "year_found=context": -0.1,
    "year_found=article": -0.2,
    "undated": -0.2,  # the article's date came from its text, not its metadata
}

# One employer named before the figure: its workers are not the office's count.
_ONE_EMPLOYER = re.compile(r"\b(?:sebuah|satu)\s+perusahaan\b|\bPT\.?\s+(?-i:[A-Z])", re.IGNORECASE)
# Any word of the nation ("target nasional") besides the phrases that make a figure national.
_NATIONAL_WORD = re.compile(r"\bnasional\b", re.IGNORECASE)
_LOCAL_BUDGET = re.compile(
    r"\b(?:APBD|APBN|DBHCHT|pemkot|pemkab|pemprov|pemda|pemerintah\s+(?:daerah|kota|"
    r"kabupaten|provinsi)|dibiayai|ditanggung|dibayarkan|anggaran|kontribusi\s+(?:provinsi|"
    r"kabupaten|kota))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ArticleContext:
    """What the article as a whole says about how hard its facts are to place."""

    offices: int  # distinct offices its facts are filed under
    dated: bool  # the article's date came from its metadata


def features(reading, text: str, context: ArticleContext) -> frozenset[str]:
    """The named indicators of one reading (``pipeline.Reading``) of ``text``: the risks it
    ran (the keys of ``RISKS``) and a few more that describe it, for review and tests."""
    office = reading.office
    names = {
        f"office_found={reading.office_found or 'none'}",
        f"role_cue={reading.role_cue or 'none'}",
        f"year_found={reading.year_found or 'none'}",
    }
    if reading.metric_found:
        names.add(f"metric_found={reading.metric_found}")
    if reading.figure.approximate:
        names.add("approximate")
    if reading.figure.unit is None and not reading.figure.is_percent:
        names.add("no_unit_noun")
    if lexicon.THERE_ARE.search(text, max(0, reading.figure.start - 40), reading.figure.start):
        names.add("there_are")
    most = lexicon.MOST_ONE_OFFICE_HOLDS.get(reading.metric)
    local = office is not None and office.level != "national"
    if local and reading.role != "attainment_pct" and most and reading.figure.value > most:
        names.add("too_big_for_one_office")
    sentence = reading.sentence.text_of(text)
    at = reading.figure.start - reading.sentence.start
    bodies, ours, employers = _sources_named(sentence)
    if max((p for p in bodies if p < at), default=-1) > max(
        (p for p in ours if p < at), default=-1
    ):
        names.add("another_body_reports_it")  # the body named last before it is another one
    if any(p < at for p in employers):
        names.add("one_employers_workers")
    said = _sentence_says(sentence)
    names |= said - {"national_words", "taking_part"}
    if reading.figure.unit == "person" and "taking_part" not in said:
        names.add("workers_not_said_to_take_part")
    if "national_words" in said and office is not None and office.level != "national":
        names.add("national_words_local_office")
    if context.offices >= 2 and reading.office_found == "carried":
        names.add("carried_among_several")
    if not context.dated:
        names.add("undated")
    return frozenset(names)


@lru_cache(maxsize=256)  # the facts of one sentence share these
def _sources_named(sentence: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Where the sentence names other bodies (a labour office, the statistics bureau), this
    agency, and one employer: a figure whose last named body before it is another one, or that
    follows one employer, may not be the office's."""
    bodies = tuple(m.start() for m in lexicon.OTHER_BODY.finditer(sentence))
    ours = tuple(m.start() for m in lexicon.THIS_AGENCY.finditer(sentence)) if bodies else ()
    employers = tuple(m.start() for m in _ONE_EMPLOYER.finditer(sentence))
    return bodies, ours, employers


@lru_cache(maxsize=256)  # the facts of one sentence share these
def _sentence_says(sentence: str) -> frozenset[str]:
    """What the figure's sentence says around it, as indicators."""
    patterns = (
        ("national_words", _NATIONAL_WORD),
        ("national_words", lexicon.NATIONAL_SCOPE),
        ("subgroup_words", lexicon.SUBGROUP),
        ("local_budget_words", _LOCAL_BUDGET),
        ("taking_part", lexicon.TAKING_PART),
    )
    if "nasional" in sentence.lower() or "indonesia" in sentence.lower():  # a cheap test first
        sentence = lexicon.RANKED_NATIONALLY.sub(" ", sentence)
    return frozenset(name for name, pattern in patterns if pattern.search(sentence))


def confidence(names: frozenset[str]) -> float:
    """How likely the fact, office included, is right (0-1), rounded to 0.001."""
    score = _CERTAIN + sum(RISKS.get(name, 0.0) for name in names)
    return round(1.0 / (1.0 + math.exp(-score)), 3)


def needs_review(reading, score: float, threshold: float) -> bool:
    """Below the publish threshold, or filed under an office the gazetteer does not know."""
    office = reading.office
    if score < threshold or office is None:
        return True
    # The gazetteer's own entry, not another one that goes by the same word ("Bali" the
    # branch's alias, read as a region).
    known = look_up(office.name)
    return known is None or known.name != office.name
