"""``capaian ingest reports PATH...``: what it prints and the exit status it ends with.

Runs the real command in a subprocess against a fresh, migrated database
(``CAPAIAN_WAREHOUSE_URL``); the files are synthetic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "branch_reports"
HEADER = "report_date,office_code,office_name,segment,metric,target,realization,reported_pct\n"
GOOD = "2024-06-30,1101,KC Jakarta Salemba,PU,participants,152000,106368,69.98\n"


def capaian(url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "capaian.cli", *args],
        env={**os.environ, "CAPAIAN_WAREHOUSE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_prints_counts_and_the_first_rejected_rows_with_reasons(migrated_db, tmp_path):
    bad = GOOD.replace("1101", "1102").replace("106368", "dua ribu")
    worse = GOOD.replace("1101", "1103").replace("2024-06-30", "2019-02-30")
    path = write(tmp_path, "cabang.csv", HEADER + GOOD + bad + worse)

    run = capaian(migrated_db, "ingest", "reports", str(path))

    assert run.returncode == 0, run.stderr
    assert "cabang.csv: 3 rows read, 1 loaded, 2 rejected (layout canonical)" in run.stdout
    assert "rejected line 3: realization: 'dua ribu' is not a number" in run.stdout
    assert "rejected line 4: report_date: '2019-02-30' is not a real date" in run.stdout


def test_only_the_first_rejections_are_printed_the_rest_are_counted(migrated_db, tmp_path):
    bad = [
        GOOD.replace("1101", str(code)).replace("106368", "banyak") for code in range(1101, 1121)
    ]
    path = write(tmp_path, "banyak.csv", HEADER + "".join(bad))

    run = capaian(migrated_db, "ingest", "reports", str(path))

    assert run.returncode == 0, run.stderr
    assert run.stdout.count("rejected line") == 5
    assert "... and 15 more in audit.rejected_rows" in run.stdout


def test_a_file_loaded_before_is_reported_and_still_exits_0(migrated_db, tmp_path):
    copy = shutil.copy(FIXTURES / "canonical.csv", tmp_path / "salinan.csv")

    run = capaian(migrated_db, "ingest", "reports", str(FIXTURES / "canonical.csv"), str(copy))

    assert run.returncode == 0, run.stderr
    assert "canonical.csv: 8 rows read, 8 loaded, 0 rejected" in run.stdout
    assert "salinan.csv: already loaded (same content as canonical.csv)" in run.stdout


def test_an_unreadable_file_exits_1_and_the_others_still_load(migrated_db, tmp_path):
    garbage = tmp_path / "sampah.csv"
    garbage.write_bytes(bytes(range(256)) * 40)

    run = capaian(migrated_db, "ingest", "reports", str(garbage), str(FIXTURES / "canonical.csv"))

    assert run.returncode == 1
    assert "sampah.csv: NOT LOADED: sampah.csv: this does not look like a text" in run.stdout
    assert "canonical.csv: 8 rows read, 8 loaded, 0 rejected" in run.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "reports"],  # no PATH
        ["ingest", "reports", "/nonexistent/laporan.csv"],
        ["ingest", "reports", "--no-such-option", "x.csv"],
    ],
)
def test_usage_errors_exit_2(migrated_db, args):
    run = capaian(migrated_db, *args)

    assert run.returncode == 2
    assert "Usage:" in run.stderr


def test_big_files_show_progress_on_stderr_small_ones_do_not(migrated_db, tmp_path):
    big = tmp_path / "besar.csv"
    made = capaian(migrated_db, "generate", "reports", "--rows", "100000", "--out", str(big))
    assert made.returncode == 0, made.stderr
    assert big.stat().st_size > 5_000_000

    run = capaian(migrated_db, "ingest", "reports", str(big), str(FIXTURES / "canonical.csv"))

    assert run.returncode == 0, run.stderr
    progress = [line for line in run.stderr.splitlines() if line.startswith("loading ")]
    assert progress[0] == "loading besar.csv: 0%" and progress[-1] == "loading besar.csv: 100%"
    assert not any("canonical.csv" in line for line in progress)
    assert "loading" not in run.stdout  # stdout keeps only the results
    assert "besar.csv: 100000 rows read, 100000 loaded, 0 rejected" in run.stdout


def test_a_file_name_with_control_characters_prints_on_one_line(migrated_db, tmp_path):
    odd = write(tmp_path, "kc\npadang\x1b[2J.csv", HEADER + GOOD)
    broken = tmp_path / "sampah\r\nkc_forged.csv: 99 rows read, 99 loaded, 0 rejected.csv"
    broken.write_bytes(bytes(range(256)) * 40)

    run = capaian(migrated_db, "ingest", "reports", str(odd), str(broken))

    lines = run.stdout.splitlines()
    assert "kc\\npadang\\x1b[2J.csv: 1 rows read, 1 loaded, 0 rejected (layout canonical)" in lines
    (failed,) = [line for line in lines if "NOT LOADED" in line]
    assert failed.startswith("sampah\\r\\nkc_forged.csv: 99 rows read, 99 loaded, 0 rejected.csv")
    # Every line is a file's result or an indented detail of one: none forged by a name.
    assert all(line.startswith(("kc\\n", "sampah\\r", "  ")) for line in lines), lines
    assert "\x1b" not in run.stdout


def test_a_news_file_name_with_a_newline_prints_on_one_line(migrated_db, tmp_path):
    article = tmp_path / "berita\npalsu.txt"
    article.write_text(
        "Jakarta, 3 Maret 2025 - BPJS Ketenagakerjaan Kantor Cabang Jakarta Salemba mencatat "
        "106.368 peserta aktif dari target 152.000 peserta pada 2024.\n",
        encoding="utf-8",
    )

    run = capaian(migrated_db, "ingest", "news", str(article))

    assert run.returncode == 0, run.stderr
    first, *details = run.stdout.splitlines()
    assert first.startswith("berita\\npalsu.txt: 1 new articles")
    assert all(line.startswith("  ") for line in details), run.stdout
