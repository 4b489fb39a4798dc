"""docker-compose.yml cannot run here (no Docker engine), so it is checked against the code:
the services a team needs, the same DAG folder and settings, and the same lock."""

import re
from pathlib import Path

import yaml

from capaian import settings
from capaian.orchestration import alerts
from capaian.orchestration.airflow_env import AIRFLOW_DB_URL_VAR
from capaian.orchestration.lineage import LINEAGE_TRANSPORT_VAR
from capaian.warehouse.bi_role import BI_PASSWORD_VAR

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
AIRFLOW_SERVICES = [
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
]


def test_the_team_services_are_all_there():
    assert {"postgres", "redis", "capaian-setup", *AIRFLOW_SERVICES} <= set(SERVICES)
    commands = {name: SERVICES[name]["command"] for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"][:3] == ["capaian", "airflow", "api-server"]
    assert commands["airflow-scheduler"] == ["capaian", "airflow", "scheduler"]
    assert commands["airflow-dag-processor"] == ["capaian", "airflow", "dag-processor"]
    assert commands["airflow-triggerer"] == ["capaian", "airflow", "triggerer"]
    assert commands["airflow-worker"] == ["capaian", "airflow", "celery", "worker"]


def test_airflow_services_share_the_project_folders_and_celery_settings():
    for name in ["capaian-setup", *AIRFLOW_SERVICES]:
        service = SERVICES[name]
        mounts = dict(v.split(":", 1) for v in service["volumes"] if v.startswith("./"))
        assert mounts["./dags"] == "/opt/capaian/dags"  # project root + "dags", as in airflow_env
        assert mounts["./dbt_project"] == "/opt/capaian/dbt_project"
        assert mounts["./expectations"] == "/opt/capaian/expectations"
        env = service["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:6379")
        assert env[settings.WAREHOUSE_URL_VAR].startswith("postgresql://")
        assert "@postgres:5432/capaian" in env[settings.WAREHOUSE_URL_VAR]


def test_setting_names_in_compose_are_settings_the_code_reads():
    text = (REPO_ROOT / "docker-compose.yml").read_text()
    known = {
        settings.WAREHOUSE_URL_VAR,
        settings.INBOX_VAR,
        settings.HOME_VAR,
        settings.EMBEDDED_PORT_VAR,
        AIRFLOW_DB_URL_VAR,
        "CAPAIAN_PROJECT_ROOT",
        BI_PASSWORD_VAR,
        alerts.ALERT_URL_VAR,
        LINEAGE_TRANSPORT_VAR,
    }
    used = set(re.findall(r"\bCAPAIAN_[A-Z_]+", text))
    dockerfile = (REPO_ROOT / "docker" / "Dockerfile").read_text()
    used |= set(re.findall(r"\bCAPAIAN_[A-Z_]+", dockerfile))
    assert used <= known, used - known


def test_airflow_metadata_database_follows_capaian_naming():
    init_sql = (REPO_ROOT / "docker" / "postgres-init.sql").read_text()
    assert "create database capaian_airflow" in init_sql  # <warehouse db>_airflow
    assert SERVICES["postgres"]["environment"]["POSTGRES_DB"] == "capaian"


def test_the_image_installs_from_the_same_lock():
    dockerfile = (REPO_ROOT / "docker" / "Dockerfile").read_text()
    assert "FROM python:3.11" in dockerfile
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    assert "POSTGRES_PASSWORD=" not in (REPO_ROOT / "docker-compose.yml").read_text()


def test_the_bi_tool_is_optional_and_reads_as_the_bi_role():
    for name in ("metabase", "metabase-setup"):
        assert SERVICES[name]["profiles"] == ["bi"]
    assert "profiles" not in SERVICES["postgres"]
    setup_script = (REPO_ROOT / "docker" / "bi" / "metabase_setup.py").read_text()
    assert "capaian_bi" in setup_script
