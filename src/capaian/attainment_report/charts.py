"""Bar charts of attainment drawn by matplotlib as SVG, to be placed inline in the report.

Inline SVG needs no script and no network, and stays sharp when printed. Three settings make
several charts safe to share one HTML page:

- ``svg.fonttype = none``: labels are SVG ``<text>`` (escaped by matplotlib's XML writer)
  rather than glyph outlines with ``id``s that would collide between charts;
- ``svg.hashsalt``: a salt per chart, so the clip-path and marker ``id``s of one chart never
  match another's, and the same data draws the same bytes every night;
- ``text.parse_math = False``: an office name with ``$`` in it is text, not mathtext.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("svg")  # no display, no GUI toolkit: the nightly run has neither

from matplotlib.figure import Figure  # noqa: E402 - the backend is chosen first

TARGET_LINE_PCT = 100
BAR_HEIGHT_INCHES = 0.28
# Colour-blind-safe (Okabe-Ito), one per metric, in a fixed order so a metric keeps its colour.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
BEHIND_TARGET = "#D55E00"
ON_TARGET = "#009E73"

_PLAIN_ID = re.compile(r'\bid="(?![mp][0-9a-f]{10}")([^"]*)"')
_XML_PROLOGUE = re.compile(r"\A(?:\s*<\?xml[^>]*\?>)?\s*(?:<!DOCTYPE[^>]*>)?\s*", re.DOTALL)


@dataclass(frozen=True)
class Bar:
    label: str
    pct: float


@dataclass(frozen=True)
class Series:
    """One coloured set of bars, e.g. one metric across several years."""

    name: str
    values: Sequence[float | None]


def attainment_bars(chart_id: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars, one per label, with the 100 % line; red behind target, green on it.
    Each bar's SVG element has the id ``<chart_id>-bar-<n>``."""
    figure = Figure(figsize=(7.5, 0.9 + BAR_HEIGHT_INCHES * max(len(bars), 1)))
    axes = figure.add_subplot()
    positions = list(range(len(bars)))
    values = [bar.pct for bar in bars]
    colours = [ON_TARGET if pct >= TARGET_LINE_PCT else BEHIND_TARGET for pct in values]
    drawn = axes.barh(positions, values, color=colours, height=0.7)
    for number, rectangle in enumerate(drawn):
        rectangle.set_gid(f"bar-{number}")
    axes.set_yticks(positions, [bar.label for bar in bars])
    axes.invert_yaxis()  # first label on top, as in the table beside it
    axes.bar_label(drawn, labels=[_pct(v) for v in values], padding=3, fontsize=8)
    _finish(axes, values, horizontal=True)
    return to_svg(figure, chart_id)


def grouped_bars(chart_id: str, groups: Sequence[str], series: Sequence[Series]) -> str:
    """Vertical bars: one group per label (e.g. a year or a region), one colour per series
    (e.g. a metric), with the 100 % line. A missing value leaves a gap, not a zero bar."""
    figure = Figure(figsize=(7.5, 3.4))
    axes = figure.add_subplot()
    width = 0.8 / max(len(series), 1)
    every_value: list[float] = []
    for index, one in enumerate(series):
        offset = (index - (len(series) - 1) / 2) * width
        pairs = [(g, v) for g, v in enumerate(one.values) if v is not None]
        if not pairs:
            continue
        drawn = axes.bar(
            [g + offset for g, _ in pairs],
            [v for _, v in pairs],
            width=width * 0.95,
            color=PALETTE[index % len(PALETTE)],
            label=one.name,
        )
        for number, rectangle in enumerate(drawn):
            rectangle.set_gid(f"bar-{index}-{number}")
        axes.bar_label(drawn, labels=[_pct(v) for _, v in pairs], padding=2, fontsize=7)
        every_value += [v for _, v in pairs]
    axes.set_xticks(range(len(groups)), list(groups))
    if len(groups) > 4:
        for label in axes.get_xticklabels():
            label.set_rotation(30)
            label.set_horizontalalignment("right")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8)
    _finish(axes, every_value, horizontal=False)
    return to_svg(figure, chart_id)


def to_svg(figure: Figure, chart_id: str) -> str:
    """The figure as an ``<svg>`` element ready to sit inside HTML (no XML prologue)."""
    buffer = io.StringIO()
    with matplotlib.rc_context(
        {"svg.fonttype": "none", "svg.hashsalt": chart_id, "text.parse_math": False}
    ):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = _XML_PROLOGUE.sub("", buffer.getvalue(), count=1)
    # matplotlib numbers its elements per figure (axes_1, patch_1, ...): prefix them so that
    # ids stay unique across the page. Its salted hash ids (references) are unique already.
    return _PLAIN_ID.sub(lambda m: f'id="{chart_id}-{m.group(1)}"', svg)


def _finish(axes, values: Sequence[float], horizontal: bool) -> None:
    line = axes.axvline if horizontal else axes.axhline
    line(TARGET_LINE_PCT, color="#333333", linestyle="--", linewidth=1, gid="target-line")
    # Room for the 100 % line and the value labels whatever the data; never negative.
    limit = max([TARGET_LINE_PCT, *values]) * 1.15
    (axes.set_xlim if horizontal else axes.set_ylim)(0, limit)
    (axes.set_xlabel if horizontal else axes.set_ylabel)("attainment (%)")
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(labelsize=8)


def _pct(value: float) -> str:
    return f"{value:.1f} %".replace(".", ",")
