"""The hand-written SVG charts: every text escaped, well-formed, ids as the browser test
counts them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from capaian.attainment_report import charts

HOSTILE = "<script>alert(\"x\")</script> & 'quote'"
SVG = "{http://www.w3.org/2000/svg}"


def _ids(svg: str) -> list[str]:
    return [e.get("id") for e in ET.fromstring(svg).iter() if e.get("id")]


def test_bars_escape_their_labels_and_number_their_bars():
    svg = charts.attainment_bars("k-bars", [charts.Bar(HOSTILE, 80.0), charts.Bar("b", 120.0)])
    root = ET.fromstring(svg)  # well-formed: the label did not break out
    assert "<script>" not in svg
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert any(t and t.startswith("<script>") for t in texts)  # ... shown as text
    assert _ids(svg) == ["k-bars-figure", "k-bars-bar-0", "k-bars-bar-1", "k-bars-target-line"]
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert fills == [charts.BEHIND_TARGET, charts.ON_TARGET]


def test_grouped_bars_leave_a_gap_for_a_missing_value():
    svg = charts.grouped_bars(
        "o", ["A", HOSTILE], [charts.Series("p", [50.0, None]), charts.Series(HOSTILE, [1, 2])]
    )
    ET.fromstring(svg)
    assert [i for i in _ids(svg) if "-bar-" in i] == ["o-bar-0-0", "o-bar-1-0", "o-bar-1-1"]


def test_progress_points_are_red_behind_the_pro_rata_line_and_green_on_it():
    line = charts.Line(
        HOSTILE,
        [charts.Point(0.25, 30.0, False, "Mar"), charts.Point(0.5, 40.0, True, HOSTILE)],
    )
    svg = charts.progress_lines("k-progress", 2025, [line])
    root = ET.fromstring(svg)
    assert "<script>" not in svg
    points = [(c.get("id"), c.get("fill")) for c in root.iter(f"{SVG}circle")]
    assert points == [
        ("k-progress-point-0-0", charts.ON_TARGET),
        ("k-progress-point-0-1", charts.BEHIND_TARGET),
    ]
    assert "k-progress-pro-rata-line" in _ids(svg) and "k-progress-line-0" in _ids(svg)
