"""Nothing fails quietly: `capaian run nightly` through Airflow, with alerts going to a real HTTP
endpoint on loopback (CAPAIAN_ALERT_URL, an Apprise json:// URL).

A branch report of random bytes cannot be read at all: the run still publishes the good files,
then ends failed, `capaian run nightly` exits non-zero naming the file, and an alert naming it
arrives. A run whose files only have rejected rows succeeds and sends one summary."""

import random
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest

from capaian.orchestration import alerts

from alert_endpoint import Endpoint
from nightly_cli import run_nightly

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE_INBOX = REPO_ROOT / "inbox"

pytestmark = pytest.mark.e2e


@pytest.fixture
def endpoint():
    server = Endpoint()
    yield server
    server.close()


def inbox_with(tmp_path: Path, name: str, content: bytes) -> Path:
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLE_INBOX, inbox)
    (inbox / "branch_reports" / name).write_bytes(content)
    return inbox


def nightly(url: str, inbox: Path, alert_url: str) -> subprocess.CompletedProcess:
    """The nightly with alerts going to ``alert_url`` only (not to an older webhook setting)."""
    env = {alerts.ALERT_URL_VAR: alert_url, alerts.LEGACY_WEBHOOK_VAR: ""}
    return run_nightly(url, inbox=inbox, env=env)


def test_an_unreadable_file_fails_the_run_after_the_rest_is_published(
    throwaway_db, tmp_path, endpoint
):
    noise = random.Random(7).randbytes(4096)
    inbox = inbox_with(tmp_path, "laporan_rusak.csv", noise)

    result = nightly(throwaway_db, inbox, endpoint.url())

    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    message = result.stderr.strip()
    assert "1 branch report could not be read at all" in message
    assert "laporan_rusak.csv: " in message
    # The good files are published all the same.
    with psycopg.connect(throwaway_db) as conn:
        (published,) = conn.execute("select count(*) from marts.fct_attainment").fetchone()
    assert published > 0
    assert "Attainment (latest figure" in result.stdout
    # And someone is told, by name.
    failures = [a for a in endpoint.received if a["type"] == "failure"]
    assert failures, endpoint.received
    assert any("laporan_rusak.csv" in a["message"] for a in failures)
    assert all("log_run_summary" in a["title"] for a in failures)


def test_rejected_rows_send_one_summary_and_the_run_succeeds(throwaway_db, tmp_path, endpoint):
    rows = (
        "report_date,office_code,office_name,segment,metric,target,realization\n"
        "2025-06-30,KC-PADANG,Padang,BPU,participants,20000,9000\n"
        "2025-06-30,KC-PADANG,Padang,PU,participants,-3,1\n"
    )
    inbox = inbox_with(tmp_path, "padang_juni.csv", rows.encode())

    result = nightly(throwaway_db, inbox, endpoint.url())

    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (summary,) = endpoint.received
    assert summary["type"] == "warning"
    assert "1 branch-report row rejected" in summary["message"]
    assert "capaian_nightly" in summary["title"]
