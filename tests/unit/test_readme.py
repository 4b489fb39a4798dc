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
