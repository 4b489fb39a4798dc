"""Every DAG file imports cleanly, without touching a database, and says what it promises.

The DAG files are parsed in a separate process whose warehouse and Airflow metadata URLs point
at a port where nothing listens: any database access at parse time becomes an import error.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DAGS = REPO_ROOT / "dags"
NOWHERE = "postgresql://nobody@127.0.0.1:1/nothing"
# The warehouse connection as the DAGs see it; its password must reach no Asset.
PARSE_SECRET = "ParseSecret7"
WAREHOUSE = f"postgresql://nobody:{PARSE_SECRET}@127.0.0.1:1/nothing"

PARSE = """
import copy, json, sys
from airflow.dag_processing.dagbag import DagBag


def asset_names(condition):
    if condition is None:
        return []
    if hasattr(condition, "objects"):
        return sorted(n for o in condition.objects for n in asset_names(o))
    return [condition.name]


bag = DagBag(dag_folder=sys.argv[1])
out = {"errors": {k: str(v)[-2000:] for k, v in bag.import_errors.items()}, "dags": {}}
for dag_id, dag in bag.dags.items():
    time_part = getattr(dag.timetable, "timetable", dag.timetable)
    out["dags"][dag_id] = {
        "tasks": sorted(t.task_id for t in dag.tasks),
        "timetable": type(dag.timetable).__name__,
        "time_part": type(time_part).__name__,
        "cron": getattr(time_part, "_expression", None),
        "timezone": str(getattr(time_part, "_timezone", "")),
        "assets": asset_names(getattr(dag.timetable, "asset_condition", None)),
        "outlets": sorted(o.name for t in dag.tasks for o in t.outlets),
        "task_outlets": {t.task_id: [[o.name, o.uri] for o in t.outlets] for t in dag.tasks},
        "task_inlets": {t.task_id: [[i.name, i.uri] for i in t.inlets] for t in dag.tasks},
        "catchup": dag.catchup,
        "paused_upon_creation": dag.is_paused_upon_creation,
        "doc_md": bool(dag.doc_md),
        "retries": [t.retries for t in dag.tasks],
        "rejected_confs": [],
    }
    # Which manual-run confs the DAG's Params refuse (Airflow validates them at trigger time).
    for conf in json.loads(sys.argv[2]):
        try:
            params = copy.deepcopy(dag.params)
            params.update(conf)
            params.validate()
        except Exception:
            out["dags"][dag_id]["rejected_confs"].append(conf)
print("RESULT" + json.dumps(out))
"""


# Manual-run confs to try on the nightly's Params: the good ones first, then the bad ones.
GOOD_CONFS = [
    {},
    {"rebuild_year": 2024},
    {"rebuild_year": None, "full_refresh": True},
    {"reprocess_file": "kc_medan_2025.csv"},
]
BAD_CONFS = [
    {"rebuild_year": 1999},
    {"rebuild_year": "last year"},
    {"full_refresh": "yes please"},
    {"reprocess_file": "../../etc/passwd"},
]
CONFS = GOOD_CONFS + BAD_CONFS


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    home = tmp_path_factory.mktemp("airflow_home")
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": NOWHERE.replace("postgresql", "postgresql+psycopg2"),
        "AIRFLOW_CONN_CAPAIAN_WAREHOUSE": WAREHOUSE,
        "CAPAIAN_WAREHOUSE_URL": WAREHOUSE,
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
        "DO_NOT_TRACK": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", PARSE, str(DAGS), json.dumps(CONFS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT")]
    assert lines, f"DAG parsing crashed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return json.loads(lines[-1][len("RESULT") :])


def test_every_dag_file_imports_without_errors(parsed):
    assert parsed["errors"] == {}
    files = sorted(p.stem for p in DAGS.glob("*.py") if not p.name.startswith("_"))
    assert files, "no DAG files found"
    assert set(files) <= set(parsed["dags"]), "each DAG file defines the DAG of its name"


def test_nightly_runs_at_two_in_jakarta_without_catchup(parsed):
    nightly = parsed["dags"]["capaian_nightly"]
    assert nightly["time_part"] == "CronTriggerTimetable"
    assert nightly["cron"] == "0 2 * * *"
    assert nightly["timezone"] == "Asia/Jakarta"
    assert nightly["catchup"] is False
    assert nightly["doc_md"]


def test_nightly_params_accept_good_confs_and_refuse_bad_ones(parsed):
    assert parsed["dags"]["capaian_nightly"]["rejected_confs"] == BAD_CONFS


def test_nightly_goes_through_every_stage(parsed):
    tasks = parsed["dags"]["capaian_nightly"]["tasks"]
    for stage in (
        "load_branch_reports_from_inbox",
        "load_news_from_inbox",
        "check_staging_with_gx",
        "check_built_marts_with_gx",
        "publish_marts_to_bi",
        "log_run_summary",
    ):
        assert stage in tasks
    # dbt runs through Cosmos as one `dbt build` (docs/performance.md).
    dbt_tasks = [t for t in tasks if t.startswith("build_marts_with_dbt.")]
    assert dbt_tasks == ["build_marts_with_dbt.dbt_build"]


def test_every_dag_is_switched_on_when_airflow_first_sees_it(parsed):
    # Airflow pauses new DAGs by default: a fresh deployment would never run the nightly.
    assert {d: v["paused_upon_creation"] for d, v in parsed["dags"].items()} == {
        d: False for d in parsed["dags"]
    }


def test_every_dag_has_docs(parsed):
    assert all(d["doc_md"] for d in parsed["dags"].values())


def test_nightly_also_runs_when_the_ingest_dags_announce_new_rows(parsed):
    dags = parsed["dags"]
    assert dags["capaian_nightly"]["timetable"] == "AssetOrTimeSchedule"
    announced = set(dags["capaian_ingest_branch_reports"]["outlets"])
    announced |= set(dags["capaian_ingest_news"]["outlets"])
    assert set(dags["capaian_nightly"]["assets"]) == announced
    assert announced == {"staging.branch_report_rows", "staging.news_facts"}
    assert not set(dags["capaian_nightly"]["outlets"]) & announced, (
        "the nightly must not retrigger itself"
    )


def dbt_marts() -> list[str]:
    """The models dbt builds in marts_build, straight from the parsed project."""
    manifest = json.loads((REPO_ROOT / "dbt_project" / "target" / "manifest.json").read_text())
    return sorted(
        n["name"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["schema"] == "marts_build"
    )


def test_the_publish_task_updates_every_mart_as_a_postgres_asset(parsed):
    nightly = parsed["dags"]["capaian_nightly"]
    marts = dbt_marts()
    assert "fct_attainment" in marts
    # The Postgres provider's form, from the connection's host, port and database.
    assert sorted(map(tuple, nightly["task_outlets"]["publish_marts_to_bi"])) == [
        (f"marts.{m}", f"postgres://127.0.0.1:1/nothing/marts/{m}") for m in marts
    ]
    assert sorted(map(tuple, nightly["task_inlets"]["publish_marts_to_bi"])) == [
        (f"marts_build.{m}", f"postgres://127.0.0.1:1/nothing/marts_build/{m}") for m in marts
    ]
    others = {t: o for t, o in nightly["task_outlets"].items() if t != "publish_marts_to_bi"}
    assert not any(others.values()), "only the publish updates the marts"
    assert PARSE_SECRET not in json.dumps(parsed)
