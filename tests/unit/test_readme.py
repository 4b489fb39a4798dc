"""The README stays a page a user reads day to day, and no environment variable the code reads
goes undocumented: design and figures belong in docs/, and every CAPAIAN_* name is in the
README or docs/."""

import re
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
README = REPO_ROOT / "README.md"
SOURCE = REPO_ROOT / "src" / "capaian"
MAX_README_LINES = 300

# A whole name: not the tail of another (AIRFLOW_CONN_CAPAIAN_WAREHOUSE is Airflow's) and not a
# prefix written as a pattern (CAPAIAN_DBT_* names a family whose members are listed apart).
ENV_VAR = re.compile(r"(?<![A-Z0-9_])CAPAIAN_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_*])")


def _env_vars_in_source() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for name in set(ENV_VAR.findall(path.read_text(encoding="utf-8"))):
            found.setdefault(name, []).append(str(path.relative_to(REPO_ROOT)))
    return found


def _documented_names() -> set[str]:
    pages = [README, *sorted((REPO_ROOT / "docs").glob("*.md"))]
    return {name for page in pages for name in ENV_VAR.findall(page.read_text(encoding="utf-8"))}


def test_readme_is_under_300_lines():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < MAX_README_LINES, (
        f"README.md has {len(lines)} lines; keep it to what a user needs day to day and move "
        "design and figures to docs/"
    )


def test_the_source_names_environment_variables_the_check_can_see():
    # settings.py holds the user's settings; an empty find would make the next test vacuous.
    found = _env_vars_in_source()
    assert "CAPAIAN_WAREHOUSE_URL" in found
    assert any(path.endswith("settings.py") for path in found["CAPAIAN_WAREHOUSE_URL"])


def test_every_environment_variable_in_the_source_is_documented():
    documented = _documented_names()
    missing = {
        name: paths for name, paths in _env_vars_in_source().items() if name not in documented
    }
    assert not missing, f"not in README.md nor docs/*.md: {missing}"


def test_the_logs_and_pages_the_readme_lists_are_where_the_code_puts_them(monkeypatch):
    from capaian import settings
    from capaian.attainment_report import report_path
    from capaian.quality.gx_runner import data_docs_dir
    from capaian.warehouse.embedded import EmbeddedServer

    monkeypatch.delenv("CAPAIAN_HOME", raising=False)
    monkeypatch.setenv("CAPAIAN_PROJECT_ROOT", str(REPO_ROOT))
    root = settings.project_root()
    places = {
        "run output": settings.capaian_home() / "logs",
        "task logs": settings.airflow_home() / "logs",
        "attainment report": report_path(),
        "Data Docs": data_docs_dir() / "index.html",
        "embedded PostgreSQL log": EmbeddedServer().log_file,
        "dbt docs": settings.dbt_project_dir() / "target" / "index.html",
    }
    readme = README.read_text(encoding="utf-8")
    missing = {
        what: str(path.relative_to(root))
        for what, path in places.items()
        if f"`{path.relative_to(root)}" not in readme
    }
    assert not missing, f"README.md's 'Logs and generated pages' is out of date: {missing}"
