"""Where things are: the project's folders and the few settings a user may change.

Every setting is an environment variable, read when asked for (never cached at import), so a
test or a DAG task can point Capaian elsewhere by setting a variable.

- ``CAPAIAN_WAREHOUSE_URL``: a ``postgresql://`` URL of the warehouse. Unset, Capaian runs its
  embedded PostgreSQL with its data under ``.capaian/`` in the project.
- ``CAPAIAN_INBOX``: the folder new branch reports and news articles arrive in (``inbox/``).
- ``CAPAIAN_HOME``: where generated state lives (``.capaian/``).
- ``CAPAIAN_EMBEDDED_PORT``: the TCP port of the embedded PostgreSQL on 127.0.0.1 (54329).
- ``CAPAIAN_NEWS_PUBLISH_CONFIDENCE``: news facts less sure than this wait for review (0.8).
"""

from __future__ import annotations

import os
from pathlib import Path

WAREHOUSE_URL_VAR = "CAPAIAN_WAREHOUSE_URL"
INBOX_VAR = "CAPAIAN_INBOX"
HOME_VAR = "CAPAIAN_HOME"
EMBEDDED_PORT_VAR = "CAPAIAN_EMBEDDED_PORT"
DEFAULT_EMBEDDED_PORT = 54329
NEWS_PUBLISH_CONFIDENCE_VAR = "CAPAIAN_NEWS_PUBLISH_CONFIDENCE"

#: The Airflow connection id through which tasks reach the warehouse.
WAREHOUSE_CONN_ID = "capaian_warehouse"


def project_root() -> Path:
    """The repository root: the folder with ``pyproject.toml``, ``dags/`` and ``dbt_project/``."""
    env = os.environ.get("CAPAIAN_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    # src/capaian/settings.py -> the root is three levels up (editable install from the repo).
    return Path(__file__).resolve().parents[2]


def capaian_home() -> Path:
    env = os.environ.get(HOME_VAR)
    return Path(env).resolve() if env else project_root() / ".capaian"


def inbox_dir() -> Path:
    env = os.environ.get(INBOX_VAR)
    return Path(env).resolve() if env else project_root() / "inbox"


def dags_dir() -> Path:
    return project_root() / "dags"


def dbt_project_dir() -> Path:
    return project_root() / "dbt_project"


def expectations_dir() -> Path:
    return project_root() / "expectations"


def gx_project_dir() -> Path:
    """The Great Expectations project: checkpoints and what they validate (reviewed like code)."""
    return project_root() / "gx"


def gx_runtime_dir() -> Path:
    """What validations leave behind: every result, and the Data Docs built from them."""
    return capaian_home() / "gx"


def airflow_home() -> Path:
    return capaian_home() / "airflow"


def embedded_data_dir() -> Path:
    return capaian_home() / "pgdata"


def embedded_port() -> int:
    raw = os.environ.get(EMBEDDED_PORT_VAR, str(DEFAULT_EMBEDDED_PORT))
    try:
        port = int(raw)
    except ValueError:
        raise SettingError(f"{EMBEDDED_PORT_VAR}={raw!r} is not a port number") from None
    if not 1024 <= port <= 65535:
        raise SettingError(f"{EMBEDDED_PORT_VAR}={port} is outside 1024-65535")
    return port


def news_publish_confidence() -> float | None:
    """The confidence (0-1) a news fact needs to reach the marts without a person's review;
    None: the default, dbt's var ``news_publish_confidence`` (``capaian.definitions``)."""
    raw = os.environ.get(NEWS_PUBLISH_CONFIDENCE_VAR, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise SettingError(f"{NEWS_PUBLISH_CONFIDENCE_VAR}={raw!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise SettingError(f"{NEWS_PUBLISH_CONFIDENCE_VAR}={value} is outside 0-1")
    return value


def configured_warehouse_url() -> str | None:
    """The user's ``CAPAIAN_WAREHOUSE_URL``, or None when the embedded warehouse is meant."""
    url = os.environ.get(WAREHOUSE_URL_VAR, "").strip()
    return url or None


class SettingError(RuntimeError):
    """A setting has a value Capaian cannot use; the message says which and what to do."""
