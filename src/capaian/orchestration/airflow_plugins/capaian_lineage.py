"""Capaian's Airflow plugin: a listener that keeps each task's hook lineage its own.

Airflow loads this folder as its plugins folder (``[core] plugins_folder``, set by
capaian.orchestration.airflow_env).
"""

from __future__ import annotations

from airflow.providers.common.compat.sdk import AirflowPlugin, hookimpl


class HookLineageReset:
    """Empties the hook lineage collector when a task ends.

    The collector is one per process, and a task's lineage is whatever it holds when the task
    ends. A task process runs one task, except under ``airflow dags test`` (how ``capaian run
    nightly`` runs the nightly), which runs every task of the run in one process: without
    this, each task would also claim the files and tables of the tasks before it.
    ``before_stopping`` runs after the OpenLineage listener sent the task's last event.
    """

    @hookimpl
    def before_stopping(self, component) -> None:
        from airflow.sdk.lineage import get_hook_lineage_collector

        get_hook_lineage_collector.cache_clear()


class CapaianLineagePlugin(AirflowPlugin):
    name = "capaian_lineage"
    listeners = [HookLineageReset()]
