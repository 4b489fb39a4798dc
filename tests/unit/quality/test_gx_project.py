"""The GX project in gx/ and the suites in expectations/ agree: every suite has a checkpoint
named after it that validates it, and the project holds no connection details."""

import json

import yaml

from capaian import settings
from capaian.quality.gx_runner import load_suite_file

PROJECT = settings.gx_project_dir()


def suites():
    return {p.stem: load_suite_file(p) for p in settings.expectations_dir().glob("*.json")}


def checkpoints():
    return {p.stem: json.loads(p.read_text()) for p in (PROJECT / "checkpoints").glob("*.json")}


def validation_definitions():
    return {
        p.stem: json.loads(p.read_text())
        for p in (PROJECT / "validation_definitions").glob("*.json")
    }


def test_every_suite_has_one_checkpoint_named_after_it_that_validates_it():
    definitions = validation_definitions()
    assert set(checkpoints()) == set(suites())
    for name, checkpoint in checkpoints().items():
        (ref,) = checkpoint["validation_definitions"]
        definition = definitions[ref["name"]]
        assert definition["id"] == ref["id"]
        assert definition["suite"] == {"name": name, "id": suites()[name]["id"]}


def test_every_checkpoint_updates_the_data_docs():
    for checkpoint in checkpoints().values():
        assert {
            "type": "update_data_docs",
            "name": "update_data_docs",
            "site_names": ["capaian"],
        } in checkpoint["actions"]


def test_validation_definitions_name_tables_the_datasource_declares():
    config = yaml.safe_load((PROJECT / "great_expectations.yml").read_text())
    (datasource,) = config["fluent_datasources"].values()
    assets = {asset["id"]: name for name, asset in datasource["assets"].items()}
    for definition in validation_definitions().values():
        assert assets[definition["data"]["asset"]["id"]] == definition["data"]["asset"]["name"]


def test_the_project_holds_no_connection_details():
    config = yaml.safe_load((PROJECT / "great_expectations.yml").read_text())
    (datasource,) = config["fluent_datasources"].values()
    # Given at run time (capaian.quality.gx_runner.open_context), never written here.
    assert datasource["connection_string"] == "${capaian_gx_warehouse_url}"
    assert "postgresql" not in (PROJECT / "great_expectations.yml").read_text()


def test_the_data_docs_pages_are_rendered_by_the_offline_views():
    site = yaml.safe_load((PROJECT / "great_expectations.yml").read_text())["data_docs_sites"]
    views = [site["capaian"]["site_index_builder"]["view"]] + [
        section["view"]
        for section in site["capaian"]["site_section_builders"].values()
        if isinstance(section, dict)
    ]
    assert {view["module_name"] for view in views} == {"capaian.quality.data_docs"}
