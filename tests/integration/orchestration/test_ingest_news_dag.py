"""capaian_ingest_news end to end, through Airflow itself, on a fresh throwaway database.

Prepares the project the way a user does (`capaian setup`), then runs the DAG with
`airflow dags test` (through ``capaian.orchestration.dag_runs.run_dag_test``, which reads the
run's outcome from Airflow's metadata database), with CAPAIAN_WAREHOUSE_URL pointing at a
database made for this test and CAPAIAN_INBOX at a copy of the sample inbox. Then the warehouse
must hold the sample's articles and exactly the facts the extractor reads from them, and the
lineage events (file transport) must name the files read and the staging table written.
"""

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from capaian.news.loading import facts_as_jsonl, inbox_files

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE_NEWS = REPO_ROOT / "inbox" / "news"

pytestmark = pytest.mark.e2e

RUN_DAG = """
import sys
from capaian.orchestration.dag_runs import run_dag_test
from capaian.warehouse.connection import warehouse_url
outcome = run_dag_test("capaian_ingest_news", warehouse_url())
print("OUTCOME", outcome.state, outcome.success)
if not outcome.success:
    print(outcome.failure_message(), file=sys.stderr)
    sys.exit(1)
"""


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=900
    )


def test_the_dag_loads_the_sample_inbox(throwaway_db, tmp_path):
    inbox = tmp_path / "inbox"
    shutil.copytree(SAMPLE_NEWS, inbox / "news")
    events_file = tmp_path / "lineage.jsonl"
    transport = {"type": "file", "log_file_path": str(events_file), "append": True}
    env = {
        **os.environ,
        "CAPAIAN_WAREHOUSE_URL": throwaway_db,
        "CAPAIAN_INBOX": str(inbox),
        "CAPAIAN_LINEAGE_TRANSPORT": json.dumps(transport),
    }

    setup = run(["-m", "capaian.cli", "setup"], env)
    assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
    dag_run = run(["-c", RUN_DAG], env)
    assert dag_run.returncode == 0, dag_run.stdout[-3000:] + dag_run.stderr[-3000:]
    assert "OUTCOME success True" in dag_run.stdout

    expected = [json.loads(line) for line in facts_as_jsonl(inbox_files(inbox / "news"))]
    assert len(expected) >= 10, "the sample inbox is meant to yield facts"
    with psycopg.connect(throwaway_db) as conn:
        articles = conn.execute(
            "select doc_id, status from raw.news_articles order by doc_id"
        ).fetchall()
        facts = conn.execute(
            "select doc_id, office, segment, metric, measure, value, year, start_offset,"
            " end_offset from staging.news_facts"
        ).fetchall()
        rejections = conn.execute("select count(*) from audit.news_rejections").fetchone()[0]

    # Two articles as .txt with sidecars, two as lines of a feed: all have facts.
    assert articles == [
        ("synthetic-feed-batam-2025", "facts"),
        ("synthetic-feed-palembang-2025", "facts"),
        ("synthetic_medan_kota_2025", "facts"),
        ("synthetic_padang_2025", "facts"),
    ]
    assert rejections == 0
    assert sorted(facts, key=repr) == sorted(
        (
            f["doc_id"],
            f["office"],
            f["segment"],
            f["metric"],
            f["measure"],
            Decimal(str(f["value"])),
            f["year"],
            f["start"],
            f["end"],
        )
        for f in expected
    )
    assert (
        "synthetic_padang_2025",
        "Padang",
        "BPU",
        "participants",
        "target",
        Decimal(21500),
        2025,
    ) in {row[:7] for row in facts}

    (load,) = [
        e
        for e in map(json.loads, events_file.read_text(encoding="utf-8").splitlines())
        if e["eventType"] == "COMPLETE"
        and e["job"]["name"] == "capaian_ingest_news.load_news_from_inbox"
    ]
    database = conninfo_to_dict(throwaway_db)["dbname"]
    assert {(d["namespace"], d["name"]) for d in load["inputs"]} >= {
        ("file", str(p.resolve())) for p in inbox_files(inbox / "news")
    }
    assert [d["name"] for d in load["outputs"]] == [f"{database}.staging.news_facts"]
