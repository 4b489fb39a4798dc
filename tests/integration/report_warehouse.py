"""A small warehouse for the attainment report's tests, filled the way a night fills it: a
branch report (one with a hostile file name) and two articles (one hostile) through the real
loaders, then dbt builds the marts and they are published. The report reads only those.

SYNTHETIC figures, made up for the tests; the offices are real gazetteer entries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from capaian.branch_reports import loading as branch_reports
from capaian.marts.dbt_runner import run_dbt
from capaian.marts.publish import publish_marts
from capaian.news import loading as news
from capaian.warehouse.migrations import migrate
from capaian.warehouse.scratch import scratch_database

PWN = "document.documentElement.setAttribute('data-pwned','{}')"
HOSTILE_DOC_ID = "palembang-<script>alert('doc')</script>"
# No "/" (a file name cannot hold one), yet markup if it were not escaped.
HOSTILE_FILE = '"><img src=x onerror="' + PWN.format("file") + '">.csv'

# Text a spreadsheet would run as a formula: the exports must neutralise it (a quote in front).
FORMULA_FILE = '=HYPERLINK("#x","klik") palembang_2025.csv'
FORMULA_EVIDENCE = "@SUM(1)"

HOSTILE_ARTICLE = {
    "id": HOSTILE_DOC_ID,
    "url": "javascript:" + PWN.format("url"),
    "title": "Palembang <script>" + PWN.format("title") + "</script>",
    "published_at": "2025-06-30",
    "text": (
        "PALEMBANG - BPJS Ketenagakerjaan Kantor Cabang Palembang membidik 70.000 peserta "
        "penerima upah pada 2025 <script>" + PWN.format("evidence") + "</script>"
        '<img src=x onerror="' + PWN.format("onerror") + '">. Sampai Juni 2025 yang sudah '
        'terdaftar 39.815 peserta <b onmouseover="' + PWN.format("hover") + '">terdaftar</b>, '
        "atau sekitar 56,9 persen dari target."
    ),
}
# Later than the branch report and disagreeing with it: the branch report's figure is the one
# every reader (the printed table, the report, BI) must see.
LATER_ARTICLE = {
    "id": "batam-iuran-2025",
    "url": "https://example.invalid/batam-2025?a=1&b=2",
    "title": "Iuran Batam Nagoya",
    "published_at": "2025-07-08",
    "text": (
        FORMULA_EVIDENCE + " BATAM - BPJS Ketenagakerjaan Kantor Cabang Batam Nagoya menghimpun "
        "iuran Rp 101,2 "
        "miliar hingga semester pertama 2025 dari target Rp 210 miliar tahun ini."
    ),
}

HEADER = "report_date,office_code,office_name,segment,metric,target,realization,reported_pct\n"
PALEMBANG_ROWS = (
    "2024-12-31,KC-PALEMBANG,Palembang,PU,participants,50000,52000,\n"
    "2025-06-30,KC-PALEMBANG,Palembang,PU,participants,60000,45000,\n"
    "2025-06-30,KC-PALEMBANG,Palembang,BPU,participants,20000,15000,\n"
    "2025-06-30,KW-SUMBAGSEL,Sumatera Bagian Selatan,ALL,participants,400000,410000,\n"
)
# Batam published 55 % while 98.7 / 210 is 47 %: a discrepancy. Month by month: ahead of
# the pro-rata line in March (55 of 51.8 billion), behind it in May and June.
BATAM_ROWS = (
    "2025-03-31,KC-BATAM-NAGOYA,Batam Nagoya,ALL,contributions,210000000000,55000000000,\n"
    "2025-05-31,KC-BATAM-NAGOYA,Batam Nagoya,ALL,contributions,210000000000,85000000000,\n"
    "2025-06-30,KC-BATAM-NAGOYA,Batam Nagoya,ALL,contributions,210000000000,98700000000,55\n"
    "2025-06-30,KC-BATAM-NAGOYA,Batam Nagoya,PU,contributions,150000000000,70000000000,\n"
)


def fill(url: str, inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    palembang = inbox / FORMULA_FILE
    palembang.write_text(HEADER + PALEMBANG_ROWS, encoding="utf-8")
    batam = inbox / HOSTILE_FILE
    batam.write_text(HEADER + BATAM_ROWS, encoding="utf-8")
    for result in branch_reports.load_files([palembang, batam], run_id="test", url=url):
        assert result.rows_loaded and not result.rows_rejected, result
    feed = inbox / "feed.jsonl"
    feed.write_text(
        "\n".join(json.dumps(a, ensure_ascii=False) for a in (HOSTILE_ARTICLE, LATER_ARTICLE)),
        encoding="utf-8",
    )
    (result,) = news.load_files([feed], run_id="test", url=url)
    assert result.articles_new == 2 and result.facts >= 5, result.describe()
    built = run_dbt(["build"], url=url, capture=True)
    assert built.returncode == 0, built.stdout[-4000:]
    publish_marts(url)


def filled_warehouse(server_url: str, inbox: Path) -> Iterator[str]:
    """A scratch database filled as above, dropped afterwards."""
    with scratch_database(server_url, prefix="capaian_report") as url:
        migrate(url)
        fill(url, inbox)
        yield url
