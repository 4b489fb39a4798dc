"""Running dbt on the project's dbt project, pointed at the warehouse in use.

``dbt_project/profiles.yml`` reads the connection from ``CAPAIAN_DBT_*`` variables; this
module sets them from the one warehouse setting, so dbt never needs its own configuration.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from capaian import settings
from capaian.warehouse.connection import url_parameters, warehouse_url


def dbt_environment(url: str) -> dict[str, str]:
    # libpq's reading of the URL: a password given as ?password= counts too. An absent one
    # stays empty, and libpq then finds it in PGPASSWORD or .pgpass as for every other tool.
    params = url_parameters(url)
    return {
        "CAPAIAN_DBT_HOST": params.get("host") or "127.0.0.1",
        "CAPAIAN_DBT_PORT": params.get("port") or "5432",
        "CAPAIAN_DBT_USER": params.get("user") or "postgres",
        "CAPAIAN_DBT_PASSWORD": params.get("password", ""),
        "CAPAIAN_DBT_DBNAME": params.get("dbname", ""),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
    }


def dbt_command(args: list[str]) -> list[str]:
    project = settings.dbt_project_dir()
    dbt = Path(sys.executable).with_name("dbt")
    return [str(dbt), *args, "--project-dir", str(project), "--profiles-dir", str(project)]


def run_dbt(args: list[str], url: str | None = None, capture: bool = False):
    """Run dbt with ``args``; returns the exit status (or the CompletedProcess if capturing)."""
    env = {**os.environ, **dbt_environment(url or warehouse_url())}
    result = subprocess.run(
        dbt_command(args), env=env, capture_output=capture, text=True, check=False
    )
    return result if capture else result.returncode


def manifest_is_current() -> bool:
    """True when target/manifest.json is newer than every file of the dbt project."""
    project = settings.dbt_project_dir()
    manifest = project / "target" / "manifest.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    sources = [
        p
        for folder in ("models", "seeds", "macros", "snapshots", "tests")
        for p in (project / folder).rglob("*")
        if p.is_file()
    ]
    sources += [project / "dbt_project.yml"]
    return all(p.stat().st_mtime <= built for p in sources)
