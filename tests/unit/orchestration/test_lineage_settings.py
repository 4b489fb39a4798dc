"""CAPAIAN_LINEAGE_TRANSPORT becomes the OpenLineage provider's settings (or switches it off),
its value is never quoted back, and datasets are named as the Postgres provider names them,
from the warehouse's location without its user or password."""

import json

import pytest

from capaian import settings
from capaian.orchestration import lineage
from capaian.orchestration.airflow_env import airflow_environment
from capaian.orchestration.lineage import LINEAGE_TRANSPORT_VAR, WarehouseLocation

SECRET = "TransportSecret6"


def test_unset_or_empty_switches_openlineage_off():
    for environ in ({}, {LINEAGE_TRANSPORT_VAR: ""}, {LINEAGE_TRANSPORT_VAR: "  "}):
        assert lineage.openlineage_environment(environ) == {
            "AIRFLOW__OPENLINEAGE__DISABLED": "True"
        }


def test_a_transport_is_handed_to_the_provider_as_is():
    transport = {"type": "file", "log_file_path": "/tmp/ol.jsonl", "append": True}
    env = lineage.openlineage_environment({LINEAGE_TRANSPORT_VAR: json.dumps(transport)})
    assert env["AIRFLOW__OPENLINEAGE__DISABLED"] == "False"
    assert json.loads(env["AIRFLOW__OPENLINEAGE__TRANSPORT"]) == transport
    assert env["AIRFLOW__OPENLINEAGE__NAMESPACE"] == "capaian"


@pytest.mark.parametrize(
    "value",
    [
        f"https://user:{SECRET}@lineage.example/api",
        f'{{"type": "http", "url": "https://user:{SECRET}@lineage.example"',
        f'["http", "https://user:{SECRET}@lineage.example"]',
        f'{{"url": "https://user:{SECRET}@lineage.example"}}',
    ],
)
def test_a_malformed_transport_is_refused_without_quoting_it(value):
    with pytest.raises(settings.SettingError) as refused:
        lineage.openlineage_environment({LINEAGE_TRANSPORT_VAR: value})
    assert LINEAGE_TRANSPORT_VAR in str(refused.value)
    assert SECRET not in str(refused.value)


def test_every_airflow_process_gets_the_transport_and_the_plugin(monkeypatch, tmp_path):
    monkeypatch.setenv("CAPAIAN_HOME", str(tmp_path))
    monkeypatch.setenv(LINEAGE_TRANSPORT_VAR, '{"type": "console"}')
    env = airflow_environment("postgresql://postgres@127.0.0.1:5432/capaian")
    assert json.loads(env["AIRFLOW__OPENLINEAGE__TRANSPORT"]) == {"type": "console"}
    plugins = env["AIRFLOW__CORE__PLUGINS_FOLDER"]
    assert (lineage.plugins_folder() / "capaian_lineage.py").is_file()
    assert plugins == str(lineage.plugins_folder())
    monkeypatch.delenv(LINEAGE_TRANSPORT_VAR)
    env = airflow_environment("postgresql://postgres@127.0.0.1:5432/capaian")
    assert env["AIRFLOW__OPENLINEAGE__DISABLED"] == "True"
    assert "AIRFLOW__OPENLINEAGE__TRANSPORT" not in env


def test_a_table_asset_is_in_the_postgres_providers_form_and_dataset():
    from airflow.providers.postgres.assets.postgres import convert_asset_to_openlineage

    location = WarehouseLocation(host="db.example", port=5433, database="capaian")
    asset = location.table_asset("marts", "fct_attainment")
    assert asset.uri == "postgres://db.example:5433/capaian/marts/fct_attainment"
    assert asset.name == "marts.fct_attainment"
    dataset = convert_asset_to_openlineage(asset, None)
    assert (dataset.namespace, dataset.name) == (
        location.namespace,
        location.table_dataset_name("marts", "fct_attainment"),
    )
    assert (dataset.namespace, dataset.name) == (
        "postgres://db.example:5433",
        "capaian.marts.fct_attainment",
    )


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://owner:{SECRET}@db.example:5433/capaian",
        f"postgresql://owner@db.example:5433/capaian?password={SECRET}",
    ],
)
def test_the_location_comes_from_the_connection_without_its_password(monkeypatch, url):
    monkeypatch.setenv("AIRFLOW_CONN_CAPAIAN_WAREHOUSE", url)
    location = lineage.warehouse_location()
    assert location == WarehouseLocation(host="db.example", port=5433, database="capaian")
    asset = location.table_asset("staging", "news_facts")
    assert SECRET not in asset.uri and "owner" not in asset.uri


def test_the_port_defaults_to_postgres_own(monkeypatch):
    monkeypatch.setenv("AIRFLOW_CONN_CAPAIAN_WAREHOUSE", "postgresql://owner@db.example/capaian")
    assert lineage.warehouse_location().port == 5432


def test_nothing_is_collected_while_lineage_is_off(monkeypatch, tmp_path):
    monkeypatch.setattr(lineage, "lineage_enabled", lambda: False)

    def collector_used():
        raise AssertionError("the hook lineage collector was used with lineage off")

    import airflow.sdk.lineage

    monkeypatch.setattr(airflow.sdk.lineage, "get_hook_lineage_collector", collector_used)
    lineage.report_files_loaded([tmp_path / "report.csv"], "staging", "branch_report_rows")
