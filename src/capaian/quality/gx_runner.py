"""Run a Great Expectations suite (a JSON file in ``expectations/``) against one table.

The suites are reviewed like code, so they live as files; this module loads one into an
ephemeral GX 1.x context, validates a warehouse table with it, writes one row per expectation
to ``audit.validation_runs`` and says whether anything blocking failed.

Severity is declared per expectation in the suite file: ``critical`` blocks the run,
``warning`` and ``info`` are recorded and reported but let it go on.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from capaian import definitions, settings
from capaian.warehouse.connection import connect

log = logging.getLogger(__name__)
SAMPLE_ROWS = 5


class SuiteFileError(ValueError):
    """A suite file cannot be used as it is; the message names the file and the problem."""


@dataclass
class ExpectationOutcome:
    expectation: str
    severity: str
    success: bool
    column: str | None
    unexpected_count: int | None
    sample: list = field(default_factory=list)
    # Every failing row's id columns, for suites that name them (row_id_columns).
    unexpected_ids: list[dict] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return not self.success and self.severity == "critical"


@dataclass
class SuiteOutcome:
    suite: str
    table: str
    outcomes: list[ExpectationOutcome]
    # True for suites whose failing rows are held back instead of failing the run.
    holds_back_rows: bool = False

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if o.blocking]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success and not o.blocking]

    @property
    def success(self) -> bool:
        """Nothing blocks the run: no failure, or only rows that are held back."""
        return self.holds_back_rows or not self.failures

    def summary(self) -> str:
        lines = [
            f"suite {self.suite} on {self.table}: {len(self.outcomes)} expectations, "
            f"{len(self.failures)} failed, {len(self.warnings)} warnings"
        ]
        for o in self.failures + self.warnings:
            label = "FAILED" if o.blocking else "warning"
            lines.append(
                f"  {label}: {o.expectation} ({o.unexpected_count} rows); sample: "
                f"{json.dumps(o.sample[:SAMPLE_ROWS], default=str)}"
            )
        return "\n".join(lines)


def suite_path(name: str) -> Path:
    return settings.expectations_dir() / f"{name}.json"


def load_suite_file(path: Path) -> dict:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SuiteFileError(f"{path}: no such suite file") from None
    except json.JSONDecodeError as exc:
        raise SuiteFileError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(spec.get("expectations"), list) or not spec.get("name"):
        raise SuiteFileError(f"{path}: a suite needs a 'name' and a list of 'expectations'")
    for index, expectation in enumerate(spec["expectations"]):
        severity = expectation.get("severity", "critical")
        if severity not in ("critical", "warning", "info"):
            raise SuiteFileError(
                f"{path}: expectation {index} ({expectation.get('type')}): severity "
                f"{severity!r} is not critical, warning or info"
            )
    return spec


def suite_parameters() -> dict:
    """Values a suite may refer to as {"$PARAMETER": name}: the shared vocabulary and bounds
    (capaian.definitions), never a copy of them in the suite files."""
    return {
        "first_year": definitions.first_year(),
        "max_year": date.today().year + 1,
        "segments": list(definitions.segments()),
        "metrics": list(definitions.metrics()),
    }


def data_docs_dir() -> Path:
    """Where the Data Docs HTML of the latest validations is written (outside git)."""
    return settings.capaian_home() / "gx_data_docs"


def validate_table(url: str, schema: str, table: str, suite_name: str, run_id: str) -> SuiteOutcome:
    """Validate ``schema.table`` with the suite file ``expectations/<suite_name>.json``."""
    (report,) = validate_tables(url, [(schema, table, suite_name)], run_id)
    return report


def validate_tables(
    url: str, checks: list[tuple[str, str, str]], run_id: str, docs_dir: Path | None = None
) -> list[SuiteOutcome]:
    """Validate each (schema, table, suite) in one GX context, record every outcome in
    ``audit.validation_runs`` and rebuild the Data Docs site in ``docs_dir``."""
    import great_expectations as gx

    context = gx.get_context(mode="ephemeral")
    docs_dir = docs_dir or data_docs_dir()
    docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        site_name="capaian",
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    datasource = context.data_sources.add_postgres(
        name="capaian_warehouse", connection_string=_sqlalchemy_url(url)
    )
    reports = []
    for schema, table, suite_name in checks:
        spec = load_suite_file(suite_path(suite_name))
        asset = datasource.add_table_asset(
            name=f"{schema}.{table}", table_name=table, schema_name=schema
        )
        batch_definition = asset.add_batch_definition_whole_table("whole_table")
        suite = gx.ExpectationSuite(
            name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta")
        )
        if len(suite.expectations) != len(spec["expectations"]):
            # GX logs and skips an expectation it cannot read; a skipped check must not pass.
            raise SuiteFileError(
                f"{suite_path(suite_name)}: some expectations are not valid "
                "GX expectations (see the log above)"
            )
        suite = context.suites.add(suite)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(
                name=f"{suite_name}_on_{schema}_{table}", data=batch_definition, suite=suite
            )
        )
        result = definition.run(
            expectation_parameters=suite_parameters(),
            result_format={
                "result_format": "COMPLETE",
                "partial_unexpected_count": SAMPLE_ROWS,
                # A suite may name the columns that identify a row, to get back every
                # failing row's id (the news suite holds such rows back from the marts).
                "unexpected_index_column_names": row_id_columns(spec),
                "return_unexpected_index_query": False,
            },
        )
        report = SuiteOutcome(
            suite=spec["name"],
            table=f"{schema}.{table}",
            outcomes=[_outcome(r) for r in result.results],
            holds_back_rows=(spec.get("meta") or {}).get("on_failure") == "hold_back_rows",
        )
        record(url, run_id, report)
        log.info(report.summary())
        reports.append(report)
    context.build_data_docs(site_names=["capaian"])
    return reports


def row_id_columns(spec: dict) -> list[str]:
    return list((spec.get("meta") or {}).get("row_id_columns", []))


def _outcome(result) -> ExpectationOutcome:
    config = result.expectation_config
    details = result.result or {}
    sample = (
        details.get("partial_unexpected_list")
        or details.get("details", {}).get("unexpected_rows")
        or []
    )
    if hasattr(sample, "to_dict"):  # unexpected_rows come back as a DataFrame
        sample = sample.head(SAMPLE_ROWS).to_dict(orient="records")
    description = getattr(config, "description", None) or (config.meta or {}).get("why")
    name = config.type + (f": {description}" if description else "")
    count = details.get("unexpected_count", details.get("observed_value"))
    return ExpectationOutcome(
        expectation=name,
        severity=str(
            getattr(config, "severity", "critical").value
            if hasattr(getattr(config, "severity", None), "value")
            else getattr(config, "severity", "critical")
        ),
        success=bool(result.success),
        column=config.kwargs.get("column"),
        unexpected_count=count if isinstance(count, int) else None,
        sample=list(sample)[:SAMPLE_ROWS],
        unexpected_ids=list(details.get("unexpected_index_list") or []),
    )


def record(url: str, run_id: str, report: SuiteOutcome) -> None:
    with connect(url) as conn:
        for o in report.outcomes:
            conn.execute(
                "insert into audit.validation_runs (run_id, suite, success, expectation,"
                " severity, column_name, unexpected_count, sample)"
                " values (%s, %s, %s, %s, %s, %s, %s, %s)",
                (
                    run_id,
                    report.suite,
                    o.success,
                    o.expectation,
                    o.severity,
                    o.column,
                    o.unexpected_count,
                    json.dumps(o.sample, default=str),
                ),
            )


def _sqlalchemy_url(url: str) -> str:
    # GX talks to PostgreSQL through SQLAlchemy; psycopg (3) is the driver the project uses.
    return url.replace("postgresql://", "postgresql+psycopg://", 1)
