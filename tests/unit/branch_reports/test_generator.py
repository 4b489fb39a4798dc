"""The synthetic branch-report generator: deterministic, canonical and unique on its key."""

import csv
import subprocess
import sys
from pathlib import Path

from capaian import gazetteer
from capaian.branch_reports.generator import CANONICAL_COLUMNS, generate_rows, write_canonical_csv

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE = REPO_ROOT / "inbox" / "branch_reports" / "synthetic_branch_report_2025.csv"


def test_same_seed_same_rows_other_seed_other_rows():
    assert list(generate_rows(500, seed=7)) == list(generate_rows(500, seed=7))
    assert list(generate_rows(500, seed=7)) != list(generate_rows(500, seed=8))


def test_rows_are_unique_on_the_canonical_key_and_exactly_as_many_as_asked():
    rows = list(generate_rows(5_000))
    assert len(rows) == 5_000
    keys = {(r[0], r[1], r[3], r[4]) for r in rows}
    assert len(keys) == len(rows)


def test_office_totals_are_the_sum_of_their_segments():
    rows = list(generate_rows(11 * 3, first_year=2025, last_year=2025, as_of_per_year=1))
    by_key = {(r[1], r[3], r[4]): r for r in rows}
    for office in {r[1] for r in rows}:
        for metric in ("participants", "contributions"):
            parts = [int(by_key[(office, s, metric)][6]) for s in ("PU", "BPU", "JAKON", "PMI")]
            assert int(by_key[(office, "ALL", metric)][6]) == sum(parts)


def test_large_requests_use_synthetic_offices_beyond_the_gazetteer():
    wanted = len(gazetteer.branch_offices()) + 10  # more offices than the gazetteer has
    rows = generate_rows(120 * 11 * wanted)  # each over ten years of month-ends
    offices = {r[1] for r in rows}
    assert len(offices) == wanted
    assert sum(code.startswith("SYN-") for code in offices) == 10


def test_the_sample_inbox_file_is_what_the_generator_makes(tmp_path):
    """The committed sample is reproducible from the command its README gives."""
    out = tmp_path / "sample.csv"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "capaian.cli",
            "generate",
            "reports",
            "--rows",
            "132",
            "--first-year",
            "2025",
            "--last-year",
            "2025",
            "--as-of-per-year",
            "2",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_written_file_has_the_canonical_header(tmp_path):
    out = tmp_path / "x.csv"
    assert write_canonical_csv(out, 10) == 10
    with out.open(newline="") as handle:
        reader = csv.reader(handle)
        assert tuple(next(reader)) == CANONICAL_COLUMNS
        assert len(list(reader)) == 10
