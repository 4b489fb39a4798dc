"""The dbt project as an Airflow task group, through astronomer-cosmos.

The group runs ``dbt build`` with Cosmos' local operator (dbt in-process, its runner), as
few times as possible: every dbt invocation pays dbt's start-up (about 1.1-1.5 s here, and
the Python import of dbt on the first), which with one Cosmos task per dbt node made the dbt
part of a night about 4x a bare ``dbt build`` of the same project. A build task builds its
layer's nodes in dependency order, each model with its tests (dbt's own build order and
threads), and fails naming every failed model, test or snapshot and dbt's message for it
(Cosmos raises "dbt invocation completed with errors: <node>: <message>"); that message is
the task's error, in its log and in the failure alert. See docs/performance.md for the
measurements behind this choice (per-node tasks, Cosmos' watcher mode, one build task).

Loading a DAG file neither runs dbt nor touches a database: the tasks only name what to
build, and ``capaian setup`` parses the project (manifest and partial-parse state) once.
"""

from __future__ import annotations

import json

from airflow.sdk import TaskGroup
from cosmos import settings as cosmos_settings
from cosmos.constants import InvocationMode
from cosmos.operators.local import DbtBuildLocalOperator

from capaian import settings
from capaian.orchestration.dbt_profile import profile_config

# Each entry is one Cosmos task: (task id, dbt selection, or None for the whole project).
# One task for the whole project is the fastest (one dbt start-up); the order of the
# entries is their order in the DAG.
BUILD_STEPS: list[tuple[str, str | None]] = [("dbt_build", None)]


class ManifestMissing(RuntimeError):
    pass


def manifest_path():
    path = settings.dbt_project_dir() / "target" / "manifest.json"
    if not path.exists():
        raise ManifestMissing(
            f"{path} is missing: run `make setup` (or `capaian setup`) to parse the dbt project"
        )
    return path


def models_built_in(schema: str) -> list[str]:
    """The names of the dbt models built into ``schema``, from the parsed project: the one
    list of them, so a new mart needs no other edit to be announced."""
    manifest = json.loads(manifest_path().read_text(encoding="utf-8"))
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["schema"] == schema
    )


def partial_parse_cache_dir(group_id: str):
    """Where Cosmos keeps dbt's partial-parse state between runs (as a DbtTaskGroup does):
    without it every build would parse the whole project again (about 2 s). Under
    CAPAIAN_HOME, so that two checkouts on one machine do not share it."""
    if not cosmos_settings.enable_cache:
        return None
    return settings.capaian_home() / "cosmos_cache" / group_id


def operator_args(group_id: str) -> dict:
    return {
        "project_dir": str(settings.dbt_project_dir()),
        "profile_config": profile_config(),
        "invocation_mode": InvocationMode.DBT_RUNNER,
        "install_deps": False,
        # dbt's unit tests check the models' SQL against fixed inputs: the same result every
        # night, so they run where the SQL changes (`make test`, CI, `capaian dbt build`),
        # not in the nightly, as dbt advises for production (about 1.5 s a night).
        "exclude": "resource_type:unit_test",
        "cache_dir": partial_parse_cache_dir(group_id),
        # Nothing in Airflow is scheduled on the tables dbt writes; computing their lineage
        # for every node only slowed each build down.
        "emit_datasets": False,
        # The compiled SQL of a whole project is no use as one task's rendered field.
        "should_store_compiled_sql": False,
        # The nightly's `full_refresh` parameter (rendered by Airflow at run time).
        "full_refresh": "{{ params.get('full_refresh', False) }}",
        # The nightly's `rebuild_year` parameter, read by int_build_bounds at
        # run time (an environment variable, unlike a dbt var, does not make dbt parse the
        # project again).
        "env": {"CAPAIAN_REBUILD_YEAR": "{{ params.get('rebuild_year') or '' }}"},
    }


def marts_task_group(group_id: str) -> TaskGroup:
    manifest_path()  # fail early, at DAG parse time, when the project was never parsed
    with TaskGroup(group_id=group_id, tooltip="dbt build through Cosmos") as group:
        previous = None
        for task_id, select in BUILD_STEPS:
            task = DbtBuildLocalOperator(task_id=task_id, select=select, **operator_args(group_id))
            if previous is not None:
                previous >> task
            previous = task
    return group
