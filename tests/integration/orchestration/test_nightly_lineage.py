"""The nightly's lineage, as OpenLineage events written by the file transport: the events of
one real run (Airflow, dbt through Cosmos, PostgreSQL) lead from the inbox's files to the
marts BI reads, and never name the warehouse's password.

The path is followed only through the datasets the events name: a load task read a file and
wrote a staging table, dbt read that table (through its sources) and built a mart in
``marts_build``, and the publish read that mart and wrote the one in ``marts``.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from psycopg.conninfo import conninfo_to_dict

from capaian.orchestration.lineage import LINEAGE_TRANSPORT_VAR

from nightly_cli import run_nightly

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLE_INBOX = REPO_ROOT / "inbox"
SAMPLE_REPORT = SAMPLE_INBOX / "branch_reports" / "synthetic_branch_report_2025.csv"
# A trusting server ignores a password; one in the URL must still appear in no event.
FAKE_PASSWORD = "LineageSecret5"
# A transport may carry a credential: the run must not print or log it. The file transport
# ignores a key it does not know, which lets one ride along here.
TRANSPORT_SECRET = "TransportSecret8"


def url_with_password(url: str) -> tuple[str, str]:
    params = conninfo_to_dict(url)
    if params.get("password"):
        return url, params["password"]
    return (
        f"postgresql://{params['user']}:{FAKE_PASSWORD}@{params['host']}:{params['port']}"
        f"/{params['dbname']}",
        FAKE_PASSWORD,
    )


def completed_task_events(events: list[dict]) -> dict[str, dict]:
    """Each task's COMPLETE event, by the job's name (``dag.task``)."""
    return {
        e["job"]["name"]: e
        for e in events
        if e.get("eventType") == "COMPLETE" and "." in e["job"]["name"]
    }


def dataset_key(dataset: dict) -> tuple[str, str]:
    return dataset["namespace"], dataset["name"]


@pytest.fixture(scope="module")
def nightly_events(server_url, tmp_path_factory) -> tuple[list[dict], str, str]:
    from capaian.warehouse.scratch import scratch_database

    events_file = tmp_path_factory.mktemp("lineage") / "events.jsonl"
    transport = {
        "type": "file",
        "log_file_path": str(events_file),
        "append": True,
        "api_key": TRANSPORT_SECRET,
    }
    with scratch_database(server_url, prefix="capaian_test") as db:
        url, password = url_with_password(db)
        result = run_nightly(url, env={LINEAGE_TRANSPORT_VAR: json.dumps(transport)})
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        run_log = Path(re.search(r"full output: (\S+)", result.stdout).group(1))
        for printed in (result.stdout, result.stderr, run_log.read_text(encoding="utf-8")):
            assert TRANSPORT_SECRET not in printed
        params = conninfo_to_dict(db)
        namespace = f"postgres://{params['host']}:{params.get('port') or 5432}"
        text = events_file.read_text(encoding="utf-8")
        assert password not in text and TRANSPORT_SECRET not in text
        events = [json.loads(line) for line in text.splitlines() if line.strip()]
        yield events, namespace, params["dbname"]


def test_the_load_tasks_name_the_files_they_read_and_the_staging_table(nightly_events):
    events, namespace, database = nightly_events
    tasks = completed_task_events(events)
    branch = tasks["capaian_nightly.load_branch_reports_from_inbox"]
    assert ("file", str(SAMPLE_REPORT.resolve())) in {dataset_key(d) for d in branch["inputs"]}
    assert [dataset_key(d) for d in branch["outputs"]] == [
        (namespace, f"{database}.staging.branch_report_rows")
    ]
    news = tasks["capaian_nightly.load_news_from_inbox"]
    assert news["inputs"], "the news task names the articles it read"
    assert all(d["namespace"] == "file" for d in news["inputs"])
    sidecar = SAMPLE_INBOX / "news" / "synthetic_medan_kota_2025.meta.json"
    assert ("file", str(sidecar.resolve())) in {dataset_key(d) for d in news["inputs"]}
    assert all(
        Path(d["name"]).is_relative_to((SAMPLE_INBOX / "news").resolve()) for d in news["inputs"]
    )
    assert [dataset_key(d) for d in news["outputs"]] == [
        (namespace, f"{database}.staging.news_facts")
    ]


def test_dbt_names_the_staging_tables_it_read_and_the_marts_it_built(nightly_events):
    events, namespace, database = nightly_events
    dbt = completed_task_events(events)["capaian_nightly.build_marts_with_dbt.dbt_build"]
    inputs = {dataset_key(d) for d in dbt["inputs"]}
    outputs = {dataset_key(d) for d in dbt["outputs"]}
    assert (namespace, f"{database}.staging.branch_report_rows") in inputs
    assert (namespace, f"{database}.staging.news_facts") in inputs
    assert (namespace, f"{database}.marts_build.fct_attainment") in outputs


def test_the_publish_task_reads_the_built_marts_and_writes_the_published_ones(nightly_events):
    events, namespace, database = nightly_events
    publish = completed_task_events(events)["capaian_nightly.publish_marts_to_bi"]
    assert (namespace, f"{database}.marts_build.fct_attainment") in {
        dataset_key(d) for d in publish["inputs"]
    }
    assert (namespace, f"{database}.marts.fct_attainment") in {
        dataset_key(d) for d in publish["outputs"]
    }


def test_the_events_lead_from_an_inbox_file_to_a_published_mart(nightly_events):
    events, namespace, database = nightly_events
    # Every task's inputs -> outputs, as one graph of datasets.
    leads_to: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for event in completed_task_events(events).values():
        for source in event.get("inputs", []):
            for target in event.get("outputs", []):
                leads_to[dataset_key(source)].add(dataset_key(target))
    reached, frontier = set(), [("file", str(SAMPLE_REPORT.resolve()))]
    while frontier:
        dataset = frontier.pop()
        if dataset not in reached:
            reached.add(dataset)
            frontier.extend(leads_to[dataset])
    assert (namespace, f"{database}.marts.fct_attainment") in reached
