"""The attainment report as a reader sees it: opened from disk in headless Chromium (Debian's
``chromium`` package, installed here when missing), with the hostile article of
report_warehouse.py in it. The first screen shows the summary and the export links, an
office's page its monthly progress chart; the charts draw, each page's own script runs to its
end, no script error or blocked script is reported, and nothing the article carried
executes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from capaian.attainment_report import build_attainment_report
from capaian.attainment_report.charts import BEHIND_TARGET, ON_TARGET, PALETTE

from browser import chromium_binary, run_chromium
from report_warehouse import filled_warehouse

pytestmark = pytest.mark.integration

WINDOW = (1280, 2000)


@pytest.fixture(scope="session")
def chromium() -> Path:
    return chromium_binary()


def console_messages(stderr: str) -> list[str]:
    """What the page logged: script errors ("Uncaught ...") and Content-Security-Policy
    refusals both arrive as CONSOLE lines; the report itself logs nothing."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.fixture(scope="module")
def report(server_url, tmp_path_factory) -> Iterator[Path]:
    for url in filled_warehouse(server_url, tmp_path_factory.mktemp("inbox")):
        yield build_attainment_report(url, tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def office_page(report) -> Path:
    return report.parent / "kantor-kc-batam-nagoya.html"


def test_report_needs_nothing_from_the_network(report):
    for page in report.parent.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<link" not in html
        head = html.split("</head>")[0]
        assert not re.search(r"""\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", head)
        assert not re.search(r"""\bsrc\s*=\s*["']?(?:https?:)?//""", html)


@pytest.mark.parametrize("page", ["index.html", "kantor-kc-batam-nagoya.html", "berita.html"])
def test_the_page_runs_to_its_end_and_nothing_injected_executes(chromium, report, tmp_path, page):
    path = report.parent / page
    result = run_chromium(chromium, tmp_path, path, "--dump-dom")
    assert console_messages(result.stderr) == []
    html_tag = re.search(r"<html[^>]*>", result.stdout).group(0)
    # The page's own script, the last thing on it, ran and counted the bars.
    ready = re.search(r'data-report-ready="(\d+)"', html_tag)
    assert ready, f"the page's script did not run: {html_tag}"
    bars_in_file = len(re.findall(r'id="[^"]*-bar-\d+(?:-\d+)?"', path.read_text()))
    assert int(ready.group(1)) == bars_in_file
    # Every payload in the article would set data-pwned on <html> had it run.
    assert "data-pwned" not in html_tag
    assert "<img" not in result.stdout


def test_the_first_screen_shows_the_summary_and_the_export_links(chromium, report, tmp_path):
    dom = run_chromium(chromium, tmp_path, report, "--dump-dom").stdout
    assert 'lang="id"' in re.search(r"<html[^>]*>", dom).group(0)
    summary = dom.split('id="summary"', 1)[1].split("</section>", 1)[0]
    # One card per metric with its national attainment, and the national table.
    assert len(re.findall(r'<li class="card"', summary)) == 2
    assert "47,0 %" in summary and "Rp&nbsp;98,7&nbsp;M" in summary
    assert 'id="table-nasional"' in summary
    assert 'id="table-terjauh-di-bawah-pro-rata"' in dom
    assert 'id="review-count"' in dom and 'id="reporting-count"' in dom
    # Every table has its CSV and XLSX beside the page.
    links = re.findall(r'<a class="export" href="([^"]+)"', dom)
    assert len(links) == 2 * dom.count("<table ") >= 6
    for link in links:
        assert (report.parent / link).is_file(), link


def test_an_office_page_shows_its_monthly_progress(chromium, office_page, tmp_path):
    dom = run_chromium(chromium, tmp_path, office_page, "--dump-dom").stdout
    chart = re.search(
        r'<svg id="kantor-kc-batam-nagoya-progress-figure".*?</svg>', dom, re.DOTALL
    ).group(0)
    assert 'id="kantor-kc-batam-nagoya-progress-pro-rata-line"' in chart
    assert len(re.findall(r"<circle ", chart)) == 3  # March, May and June
    assert 'id="kantor-kc-batam-nagoya-progress-line-0"' in chart
    assert len(re.findall(r'<a class="export" href="([^"]+)"', dom)) == 4


@pytest.mark.parametrize(
    ("page", "least"),
    # The overview's bars on the first screen; the progress line, its points and the bars of
    # the office's latest figures on its page.
    [("index.html", 5_000), ("kantor-kc-batam-nagoya.html", 1_500)],
)
def test_the_charts_draw(chromium, report, tmp_path, page, least):
    shot = tmp_path / "report.png"
    result = run_chromium(
        chromium,
        tmp_path,
        report.parent / page,
        f"--screenshot={shot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--hide-scrollbars",
    )
    assert console_messages(result.stderr) == []
    image = Image.open(shot).convert("RGB")
    assert image.size == WINDOW
    counts = {colour: count for count, colour in image.getcolors(WINDOW[0] * WINDOW[1])}
    not_white = WINDOW[0] * WINDOW[1] - counts.get((255, 255, 255), 0)
    assert not_white > WINDOW[0] * WINDOW[1] * 0.02, "the page is (nearly) blank"
    bar_colours = {_rgb(c) for c in (ON_TARGET, BEHIND_TARGET, *PALETTE)}
    bar_pixels = sum(counts.get(colour, 0) for colour in bar_colours)
    assert bar_pixels > least, f"only {bar_pixels} pixels in chart colours: no chart drew"


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
