"""The report's charts as inline SVG, written by hand.

Inline SVG needs no script and no network, and stays sharp when printed. The charts are
simple (bars, lines, a dashed 100 % or pro-rata line), so they are written as SVG text here
rather than drawn by matplotlib: at the scale benchmark's 1,440 offices, three matplotlib
charts per office (30-60 ms each) alone took minutes; these take well under a millisecond
(docs/design.md, "The attainment report").

Safety: every piece of text (office names, labels) goes through ``_text`` (XML-escaped) and
every number is formatted here, so nothing from the data becomes markup. Ids are
``<chart_id>-...``: unique on the page as long as chart ids are. Each bar is
``<chart_id>-bar-<n>`` (grouped: ``<chart_id>-bar-<series>-<n>``), each progress point
``<chart_id>-point-<series>-<n>``; the browser test counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

TARGET_LINE_PCT = 100
# Colour-blind-safe (Okabe-Ito), one per metric, in a fixed order so a metric keeps its colour.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
BEHIND_TARGET = "#D55E00"
ON_TARGET = "#009E73"
INK = "#333333"
GRID = "#DDDDDD"
FONT = 'font-family="system-ui, DejaVu Sans, sans-serif"'
WIDTH = 720


@dataclass(frozen=True)
class Bar:
    label: str
    pct: float


@dataclass(frozen=True)
class Series:
    """One coloured set of values, e.g. one metric across several years."""

    name: str
    values: Sequence[float | None]


@dataclass(frozen=True)
class Point:
    """Where an office stood at one as-of date: the share of the year gone (0-1), the
    realization as a percentage of the year's target, and whether it was behind pro rata."""

    year_share: float
    pct: float
    behind: bool
    label: str  # the hover text, e.g. "Jun 2025: 45,0 % (pro-rata 49,6 %)"


@dataclass(frozen=True)
class Line:
    name: str
    points: Sequence[Point]


def attainment_bars(chart_id: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars, one per label, with the 100 % line; red behind target, green on it."""
    label_width, right, top, row, bottom = 190, 70, 8, 24, 34
    height = top + row * max(len(bars), 1) + bottom
    limit = _limit([bar.pct for bar in bars])
    plot = WIDTH - label_width - right

    def x(pct: float) -> float:
        return label_width + plot * max(pct, 0) / limit

    parts = [_grid_x(x, limit, top, top + row * len(bars))]
    for number, bar in enumerate(bars):
        y = top + row * number
        colour = ON_TARGET if bar.pct >= TARGET_LINE_PCT else BEHIND_TARGET
        parts.append(
            f'<rect id="{chart_id}-bar-{number}" x="{label_width}" y="{y + 4}" '
            f'width="{x(bar.pct) - label_width:.1f}" height="{row - 8}" fill="{colour}" '
            f'shape-rendering="crispEdges"><title>{_text(bar.label)}: {_pct(bar.pct)}</title>'
            "</rect>"
            f'<text x="{label_width - 6}" y="{y + row / 2 + 4}" text-anchor="end" '
            f'font-size="11">{_text(_short(bar.label, 30))}</text>'
            f'<text x="{x(bar.pct) + 4:.1f}" y="{y + row / 2 + 4}" font-size="10">'
            f"{_pct(bar.pct)}</text>"
        )
    parts.append(_target_x(chart_id, x(TARGET_LINE_PCT), top, top + row * len(bars)))
    parts.append(
        f'<text x="{label_width + plot / 2}" y="{height - 4}" text-anchor="middle" '
        'font-size="11">Capaian (attainment) %</text>'
    )
    return _svg(chart_id, height, parts)


def grouped_bars(chart_id: str, groups: Sequence[str], series: Sequence[Series]) -> str:
    """Vertical bars: one group per label (e.g. a year or a region), one colour per series
    (e.g. a metric), with the 100 % line. A missing value leaves a gap, not a zero bar."""
    left, right, top, plot_height = 48, 190, 12, 200
    rotate = len(groups) > 4
    bottom = 70 if rotate else 30
    height = top + plot_height + bottom
    limit = _limit([v for s in series for v in s.values if v is not None])
    plot_width = WIDTH - left - right
    slot = plot_width / max(len(groups), 1)
    width = slot * 0.8 / max(len(series), 1)

    def y(pct: float) -> float:
        return top + plot_height - plot_height * max(pct, 0) / limit

    parts = [_grid_y(y, limit, left, left + plot_width)]
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        number = 0
        for group, value in enumerate(one.values):
            if value is None:
                continue
            x = left + slot * group + slot * 0.1 + width * index
            parts.append(
                f'<rect id="{chart_id}-bar-{index}-{number}" x="{x:.1f}" y="{y(value):.1f}" '
                f'width="{width * 0.92:.1f}" height="{y(0) - y(value):.1f}" fill="{colour}" '
                f'shape-rendering="crispEdges"><title>{_text(one.name)}, '
                f"{_text(groups[group])}: {_pct(value)}</title></rect>"
                f'<text x="{x + width * 0.46:.1f}" y="{y(value) - 3:.1f}" text-anchor="middle" '
                f'font-size="9">{_pct(value, short=True)}</text>'
            )
            number += 1
        parts.append(_legend(left + plot_width + 16, top + 8 + 18 * index, colour, one.name))
    for group, name in enumerate(groups):
        x = left + slot * (group + 0.5)
        base = top + plot_height + 14
        transform = f' transform="rotate(-30 {x:.1f} {base})" text-anchor="end"' if rotate else ""
        anchor = "" if rotate else ' text-anchor="middle"'
        parts.append(
            f'<text x="{x:.1f}" y="{base}" font-size="11"{anchor}{transform}>'
            f"{_text(_short(name, 28))}</text>"
        )
    parts.append(_target_y(chart_id, y(TARGET_LINE_PCT), left, left + plot_width))
    parts.append(_axis_title_y(top + plot_height / 2, "Capaian (attainment) %"))
    return _svg(chart_id, height, parts)


def progress_lines(chart_id: str, year: int, lines: Sequence[Line]) -> str:
    """Month by month through ``year``: each metric's realization as a percentage of the
    year's target (a line per metric), against the dashed pro-rata line from 0 % on
    1 January to 100 % on 31 December. A point below it is behind where the office should be
    by then (red), on or above it is not (green)."""
    left, right, top, plot_height, bottom = 48, 190, 12, 200, 34
    height = top + plot_height + bottom
    limit = _limit([p.pct for line in lines for p in line.points])
    plot_width = WIDTH - left - right

    def x(share: float) -> float:
        return left + plot_width * min(max(share, 0), 1)

    def y(pct: float) -> float:
        return top + plot_height - plot_height * max(pct, 0) / limit

    parts = [_grid_y(y, limit, left, left + plot_width)]
    for month in range(12):
        parts.append(
            f'<text x="{x((month + 0.5) / 12):.1f}" y="{top + plot_height + 14}" '
            f'text-anchor="middle" font-size="10">{MONTHS[month]}</text>'
        )
    parts.append(
        f'<line id="{chart_id}-pro-rata-line" x1="{x(0)}" y1="{y(0):.1f}" x2="{x(1):.1f}" '
        f'y2="{y(TARGET_LINE_PCT):.1f}" stroke="{INK}" stroke-width="1.5" '
        'stroke-dasharray="6 4"><title>Pro-rata: target tahun x bagian tahun berjalan</title>'
        "</line>"
    )
    for index, line in enumerate(lines):
        colour = PALETTE[index % len(PALETTE)]
        coordinates = " ".join(f"{x(p.year_share):.1f},{y(p.pct):.1f}" for p in line.points)
        parts.append(
            f'<polyline id="{chart_id}-line-{index}" points="{coordinates}" fill="none" '
            f'stroke="{colour}" stroke-width="3" stroke-linejoin="round"/>'
        )
        for number, p in enumerate(line.points):
            fill = BEHIND_TARGET if p.behind else ON_TARGET
            parts.append(
                f'<circle id="{chart_id}-point-{index}-{number}" cx="{x(p.year_share):.1f}" '
                f'cy="{y(p.pct):.1f}" r="5" fill="{fill}" stroke="#ffffff" stroke-width="1">'
                f"<title>{_text(line.name)}, {_text(p.label)}</title></circle>"
            )
        parts.append(_legend(left + plot_width + 16, top + 8 + 18 * index, colour, line.name))
    parts.append(
        _legend(left + plot_width + 16, top + 8 + 18 * len(lines), INK, f"pro-rata {year}", True)
    )
    parts.append(_axis_title_y(top + plot_height / 2, "% dari target tahun"))
    return _svg(chart_id, height, parts)


MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


# ------------------------------------------------------------------------------ pieces
def _svg(chart_id: str, height: float, parts: list[str]) -> str:
    return (
        f'<svg id="{chart_id}-figure" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" {FONT} '
        f'fill="{INK}">' + "".join(parts) + "</svg>"
    )


def _limit(values: Sequence[float]) -> float:
    """Room for the 100 % line and the value labels whatever the data; never zero."""
    return max([TARGET_LINE_PCT, *values]) * 1.15


def _ticks(limit: float) -> list[int]:
    step = next(s for s in (25, 50, 100, 250, 500, 1000, 10**9) if limit / s <= 6)
    return list(range(0, int(limit) + 1, step))


def _grid_x(x, limit: float, y1: float, y2: float) -> str:
    return "".join(
        f'<line x1="{x(t):.1f}" y1="{y1}" x2="{x(t):.1f}" y2="{y2}" stroke="{GRID}"/>'
        f'<text x="{x(t):.1f}" y="{y2 + 12}" text-anchor="middle" font-size="9">{t}</text>'
        for t in _ticks(limit)
    )


def _grid_y(y, limit: float, x1: float, x2: float) -> str:
    return "".join(
        f'<line x1="{x1}" y1="{y(t):.1f}" x2="{x2}" y2="{y(t):.1f}" stroke="{GRID}"/>'
        f'<text x="{x1 - 4}" y="{y(t) + 3:.1f}" text-anchor="end" font-size="9">{t}</text>'
        for t in _ticks(limit)
    )


def _target_x(chart_id: str, x: float, y1: float, y2: float) -> str:
    return (
        f'<line id="{chart_id}-target-line" x1="{x:.1f}" y1="{y1}" x2="{x:.1f}" y2="{y2}" '
        f'stroke="{INK}" stroke-width="1" stroke-dasharray="5 3"/>'
    )


def _target_y(chart_id: str, y: float, x1: float, x2: float) -> str:
    return (
        f'<line id="{chart_id}-target-line" x1="{x1}" y1="{y:.1f}" x2="{x2}" y2="{y:.1f}" '
        f'stroke="{INK}" stroke-width="1" stroke-dasharray="5 3"/>'
    )


def _legend(x: float, y: float, colour: str, name: str, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    return (
        f'<line x1="{x}" y1="{y}" x2="{x + 18}" y2="{y}" stroke="{colour}" stroke-width="4"'
        f"{dash}/>"
        f'<text x="{x + 24}" y="{y + 4}" font-size="11">{_text(_short(name, 26))}</text>'
    )


def _axis_title_y(middle: float, title: str) -> str:
    return (
        f'<text x="12" y="{middle:.1f}" transform="rotate(-90 12 {middle:.1f})" '
        f'text-anchor="middle" font-size="10">{_text(title)}</text>'
    )


def _text(value: str) -> str:
    return escape(str(value), {'"': "&quot;", "'": "&#x27;"})


def _short(value: str, length: int) -> str:
    return value if len(value) <= length else value[: length - 1] + "…"


def _pct(value: float, short: bool = False) -> str:
    text = f"{value:.0f}" if short else f"{value:.1f}"
    return text.replace(".", ",") + ("" if short else " %")
