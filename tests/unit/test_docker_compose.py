"""docker-compose.yml cannot run here (no Docker engine), so it is checked against the code:
the services a team needs, the same DAG folder and settings, and the same lock, laid out as
Airflow's official docker-compose.yaml (an init service, health checks, fixed versions)."""

import importlib.util
import re
import tomllib
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
    assert {"postgres", "redis", "airflow-init", *AIRFLOW_SERVICES} <= set(SERVICES)
    commands = {name: SERVICES[name]["command"] for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"][:3] == ["capaian", "airflow", "api-server"]
    assert commands["airflow-scheduler"] == ["capaian", "airflow", "scheduler"]
    assert commands["airflow-dag-processor"] == ["capaian", "airflow", "dag-processor"]
    assert commands["airflow-triggerer"] == ["capaian", "airflow", "triggerer"]
    assert commands["airflow-worker"] == ["capaian", "airflow", "celery", "worker"]


def test_airflow_services_share_the_project_folders_and_celery_settings():
    for name in ["airflow-init", *AIRFLOW_SERVICES]:
        service = SERVICES[name]
        mounts = dict(v.split(":", 1) for v in service["volumes"] if v.startswith("./"))
        assert mounts["./dags"] == "/opt/capaian/dags"  # project root + "dags", as in airflow_env
        assert mounts["./dbt_project"] == "/opt/capaian/dbt_project"
        assert mounts["./expectations"] == "/opt/capaian/expectations"
        assert mounts["./gx"] == "/opt/capaian/gx"
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


LONG_RUNNING = [name for name, service in SERVICES.items() if service.get("restart") != "no"]


def test_every_image_has_a_fixed_version():
    project_version = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"][
        "version"
    ]
    for name, service in SERVICES.items():
        # ${VAR:-default}: the default is what runs unless someone chooses otherwise.
        image = re.sub(r"^\$\{[A-Z_]+:-(.*)\}$", r"\1", service["image"])
        repository, _, tag = image.rpartition(":")
        assert repository and re.fullmatch(r"v?\d+(\.\d+)+(-[a-z0-9.]+)?", tag), (name, image)
        if repository == "capaian":
            assert tag == project_version, "the image is tagged with the project's version"


def test_an_init_service_prepares_everything_before_airflow_starts():
    init = SERVICES["airflow-init"]
    assert init["command"] == ["capaian", "setup"]
    assert init["restart"] == "no"
    for name in [*AIRFLOW_SERVICES, "metabase-setup"]:
        waits_for = SERVICES[name]["depends_on"]
        assert waits_for["airflow-init"] == {"condition": "service_completed_successfully"}
        assert waits_for["postgres"] == {"condition": "service_healthy"}


def test_every_long_running_service_has_a_health_check_and_restarts():
    assert set(AIRFLOW_SERVICES) <= set(LONG_RUNNING)
    for name in LONG_RUNNING:
        check = SERVICES[name].get("healthcheck")
        assert check and check["test"][0] in ("CMD", "CMD-SHELL"), name
        assert {"interval", "timeout", "retries", "start_period"} <= set(check), name
        assert SERVICES[name]["restart"] == "always", name


def test_the_airflow_health_checks_ask_each_component_itself():
    def check(name):
        return " ".join(SERVICES[name]["healthcheck"]["test"][1:])

    assert check("airflow-apiserver") == "curl --fail http://localhost:8080/api/v2/version"
    assert check("airflow-scheduler") == "curl --fail http://localhost:8974/health"
    env = SERVICES["airflow-scheduler"]["environment"]
    assert env["AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"] == "true"

    from airflow.cli.cli_config import ARG_JOB_TYPE_FILTER

    for name, job_type in (
        ("airflow-dag-processor", "DagProcessorJob"),
        ("airflow-triggerer", "TriggererJob"),
    ):
        # Through `capaian airflow`: the job table is in the metadata database it points at.
        assert check(name) == (
            f'capaian airflow jobs check --job-type {job_type} --hostname "$${{HOSTNAME}}"'
        )
        assert job_type in ARG_JOB_TYPE_FILTER.kwargs["choices"]

    worker = check("airflow-worker")
    app = re.search(r"--app (\S+)", worker).group(1)
    module, _, attribute = app.rpartition(".")
    assert attribute == "app"
    assert importlib.util.find_spec(module) is not None, app
    assert 'inspect ping -d "celery@$${HOSTNAME}"' in worker
    # Health checks run curl inside the image.
    assert (
        "install -y --no-install-recommends curl"
        in (REPO_ROOT / "docker" / "Dockerfile").read_text()
    )


def test_services_wait_for_what_they_need_to_be_healthy_not_merely_started():
    for name, service in SERVICES.items():
        for needed, how in service.get("depends_on", {}).items():
            assert how["condition"] in (
                "service_healthy",
                "service_completed_successfully",
            ), (name, needed)
    assert SERVICES["airflow-worker"]["depends_on"]["airflow-apiserver"] == {
        "condition": "service_healthy"
    }
    assert SERVICES["metabase-setup"]["depends_on"]["metabase"] == {"condition": "service_healthy"}
