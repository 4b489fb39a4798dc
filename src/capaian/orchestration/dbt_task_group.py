"""The dbt project as an Airflow task group, through astronomer-cosmos.

Rendering reads the manifest that ``capaian setup`` (``dbt parse``) writes, so loading a DAG
file neither runs dbt nor touches a database. Models run in-process (dbt's runner), with
their tests in the same task (build mode).
"""

from __future__ import annotations

from cosmos import (
    DbtTaskGroup,
    ExecutionConfig,
    ProjectConfig,
    RenderConfig,
)
from cosmos.constants import (
    ExecutionMode,
    InvocationMode,
    LoadMode,
    TestBehavior,
    TestIndirectSelection,
)

from capaian import settings
from capaian.orchestration.dbt_profile import profile_config


class ManifestMissing(RuntimeError):
    pass


def manifest_path():
    path = settings.dbt_project_dir() / "target" / "manifest.json"
    if not path.exists():
        raise ManifestMissing(
            f"{path} is missing: run `make setup` (or `capaian setup`) to parse the dbt project"
        )
    return path


def marts_task_group(group_id: str) -> DbtTaskGroup:
    return DbtTaskGroup(
        group_id=group_id,
        project_config=ProjectConfig(
            dbt_project_path=settings.dbt_project_dir(),
            manifest_path=manifest_path(),
            project_name="capaian",
        ),
        profile_config=profile_config(),
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.LOCAL,
            invocation_mode=InvocationMode.DBT_RUNNER,
            # A test that spans two models (a relationship) must not run with the first of
            # them, before the other exists: it gets a task of its own after both.
            test_indirect_selection=TestIndirectSelection.CAUTIOUS,
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST,
            test_behavior=TestBehavior.BUILD,
            should_detach_multiple_parents_tests=True,
        ),
        operator_args={
            "install_deps": False,
            # The nightly's `full_refresh` parameter (Cosmos renders the template per task).
            "full_refresh": "{{ params.get('full_refresh', False) }}",
            # The nightly's `rebuild_year` parameter, read by the incremental models' macro
            # at run time (an environment variable, unlike a dbt var, does not make dbt parse
            # the project again).
            "env": {"CAPAIAN_REBUILD_YEAR": "{{ params.get('rebuild_year') or '' }}"},
        },
    )
