"""What the extractor made of one figure: its role, metric, segment, kind, year and office,
each with where it was read from, or why the figure is not a fact."""

from __future__ import annotations

from dataclasses import dataclass

from capaian.news.extract.figures import Figure
from capaian.news.extract.office_names import Office
from capaian.news.extract.sentences import Sentence


@dataclass
class Reading:
    """What the extractor made of one figure."""

    figure: Figure
    sentence: Sentence
    role: str | None = None  # target, realization, attainment_pct; None: not a fact
    role_cue: str | None = None  # what the role was read from
    metric: str | None = None
    # For a percentage: "stated" in its sentence, the article's "topic", or the "default".
    metric_found: str | None = None
    segment: str | None = None  # None while undecided; ALL when no single segment
    kind: str | None = None
    year: int | None = None
    year_found: str | None = None  # "stated" near the figure, "anaphoric", "context", "article"
    office: Office | None = None
    office_found: str | None = None  # how: owners.NAMED, PREVIOUS, SCOPE or CARRIED
    excluded: str | None = None  # why the figure is not a fact
