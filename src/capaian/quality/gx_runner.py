"""Run Great Expectations checkpoints of the project in ``gx/`` against the warehouse.

The suites (``expectations/*.json``) and checkpoints (``gx/checkpoints/``, one per suite) are
reviewed like code, so they live as files. This module runs checkpoints under the Airflow run
id, writes one row per expectation to ``audit.validation_runs`` and says whether anything
blocking failed; the checkpoints' actions add every result to the Data Docs.

Severity is declared per expectation in the suite file: ``critical`` blocks the run,
``warning`` and ``info`` are recorded and reported but let it go on.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
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
    # Every failing row's id columns, for checkpoints that name them
    # (result_format.unexpected_index_column_names in gx/checkpoints/).
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


def data_docs_dir(runtime_dir: Path | None = None) -> Path:
    """Where the Data Docs site is (outside git): every suite's results of every run."""
    return (runtime_dir or settings.gx_runtime_dir()) / "data_docs"


def open_context(url: str, runtime_dir: Path | None = None):
    """The file-based GX project in ``gx/``, reading the suites in ``expectations/``.

    The project's files are only read: what a run produces (validation results, Data Docs)
    goes to ``runtime_dir``, and the warehouse URL reaches GX as a runtime variable, never
    written into the project's configuration.
    """
    import great_expectations as gx

    runtime_dir = runtime_dir or settings.gx_runtime_dir()
    (runtime_dir / "validations").mkdir(parents=True, exist_ok=True)
    data_docs_dir(runtime_dir).mkdir(parents=True, exist_ok=True)
    return gx.get_context(
        mode="file",
        project_root_dir=settings.gx_project_dir().parent,
        runtime_environment={
            "capaian_gx_warehouse_url": _sqlalchemy_url(url),
            "capaian_gx_results_dir": str(runtime_dir / "validations"),
            "capaian_gx_data_docs_dir": str(data_docs_dir(runtime_dir)),
        },
    )


def run_checkpoints(
    url: str, checkpoints: list[str], run_id: str, runtime_dir: Path | None = None
) -> list[SuiteOutcome]:
    """Run each checkpoint of ``gx/checkpoints/`` (one per suite, named after it) under the
    Airflow run id, record every outcome in ``audit.validation_runs``; the checkpoints'
    actions add the results to the Data Docs."""
    from great_expectations.core.run_identifier import RunIdentifier

    context = open_context(url, runtime_dir)
    gx_run_id = RunIdentifier(run_name=run_id, run_time=datetime.now(UTC))
    reports = []
    for name in checkpoints:
        checkpoint = context.checkpoints.get(name)
        for definition in checkpoint.validation_definitions:
            _check_suite_loaded(definition.suite)
        result = checkpoint.run(expectation_parameters=suite_parameters(), run_id=gx_run_id)
        for validation in result.run_results.values():
            spec = load_suite_file(suite_path(validation.suite_name))
            report = SuiteOutcome(
                suite=spec["name"],
                table=validation.asset_name or name,
                outcomes=[_outcome(r) for r in validation.results],
                holds_back_rows=(spec.get("meta") or {}).get("on_failure") == "hold_back_rows",
            )
            record(url, run_id, report)
            log.info(report.summary())
            reports.append(report)
    return reports


def validate_suite(
    url: str, suite_name: str, run_id: str, runtime_dir: Path | None = None
) -> SuiteOutcome:
    """Validate the table the suite ``expectations/<suite_name>.json`` is for."""
    (report,) = run_checkpoints(url, [suite_name], run_id, runtime_dir)
    return report


def _check_suite_loaded(suite) -> None:
    # GX logs and skips an expectation it cannot read; a skipped check must not pass.
    spec = load_suite_file(suite_path(suite.name))
    if len(suite.expectations) != len(spec["expectations"]):
        raise SuiteFileError(
            f"{suite_path(suite.name)}: some expectations are not valid "
            "GX expectations (see the log above)"
        )


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
