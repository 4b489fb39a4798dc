"""The shared vocabulary and bounds have one home (the dbt project): the quality suites refer
to them as suite parameters and never hold a copy that could drift."""

import json

from capaian import definitions, settings
from capaian.quality.gx_runner import suite_parameters


def _parameter_refs(value) -> set[str]:
    if isinstance(value, dict):
        if set(value) == {"$PARAMETER"}:
            return {value["$PARAMETER"]}
        return set().union(*(_parameter_refs(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_parameter_refs(v) for v in value)) if value else set()
    return set()


def test_suites_name_the_vocabulary_and_year_bounds_by_parameter_only():
    parameters = suite_parameters()
    for path in sorted(settings.expectations_dir().glob("*.json")):
        suite = json.loads(path.read_text(encoding="utf-8"))
        assert _parameter_refs(suite) <= set(parameters), path.name
        for expectation in suite["expectations"]:
            kwargs = expectation.get("kwargs", {})
            if kwargs.get("column") in ("segment", "metric") and "value_set" in kwargs:
                assert kwargs["value_set"] == {"$PARAMETER": kwargs["column"] + "s"}, path.name
            if kwargs.get("column") == "year":
                assert kwargs.get("min_value") == {"$PARAMETER": "first_year"}, path.name


def test_the_parameters_are_the_dbt_project_s():
    parameters = suite_parameters()
    assert parameters["segments"] == list(definitions.segments())
    assert parameters["segments"][0] == definitions.ALL_SEGMENTS  # shown first
    assert set(parameters["metrics"]) == {"participants", "contributions", "employers"}
    assert parameters["first_year"] == definitions.first_year() == 2014
