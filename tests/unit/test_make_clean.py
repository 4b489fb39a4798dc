"""`make clean` removes what is generated and keeps the embedded warehouse's data; deleting that
takes `make clean-warehouse` and a confirmation. Run for real on a copy of the Makefile in a
scratch folder laid out like a checkout (no .venv there, so no server is stopped)."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    shutil.copy(REPO_ROOT / "Makefile", tmp_path / "Makefile")
    for folder in (".capaian/pgdata/base", ".capaian/airflow/logs", ".capaian/logs",
                   "dbt_project/target", ".pytest_cache"):  # fmt: skip
        (tmp_path / folder).mkdir(parents=True)
    for name in (".capaian/pgdata/PG_VERSION", ".capaian/pgdata.password", ".capaian/bi.password",
                 ".capaian/logs/run.log", "dbt_project/target/manifest.json"):  # fmt: skip
        (tmp_path / name).write_text("x")
    return tmp_path


def make(folder: Path, *args: str, answer: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=folder, input=answer, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def test_clean_keeps_the_warehouse_and_says_so(checkout):
    result = make(checkout, "clean")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (checkout / ".capaian").iterdir()) == [
        "bi.password", "pgdata", "pgdata.password",
    ]  # fmt: skip
    assert (checkout / ".capaian/pgdata/PG_VERSION").exists()
    assert not (checkout / "dbt_project/target").exists()
    assert "kept the warehouse's data in .capaian/pgdata" in result.stdout


def test_clean_warehouse_deletes_only_after_a_yes(checkout):
    refused = make(checkout, "clean-warehouse", answer="no\n")
    assert refused.returncode != 0
    assert "kept .capaian/pgdata" in refused.stdout
    assert (checkout / ".capaian/pgdata/PG_VERSION").exists()

    confirmed = make(checkout, "clean-warehouse", answer="yes\n")
    assert confirmed.returncode == 0, confirmed.stderr
    assert not (checkout / ".capaian/pgdata").exists()
    assert not (checkout / ".capaian/pgdata.password").exists()
    assert "deleted the embedded warehouse" in confirmed.stdout


def test_clean_warehouse_takes_confirm_yes_for_scripts(checkout):
    result = make(checkout, "clean-warehouse", "CONFIRM=yes")
    assert result.returncode == 0, result.stderr
    assert not (checkout / ".capaian/pgdata").exists()
