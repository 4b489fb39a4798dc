"""The ``capaian`` command: set-up, the warehouse, loading, and running the DAGs.

Every error a user can act on is printed as one line (``capaian: error: ...``) with what to
do, never as a traceback; exit status 1 means something failed, 2 a usage error.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from capaian import definitions, settings


class UserFacingError(click.ClickException):
    """An error whose message tells the user what is wrong and what to do."""

    def format_message(self) -> str:
        return self.message


def friendly_errors(func):
    """Turn the project's own error types into one clear line and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from capaian.branch_reports import BranchReportError
        from capaian.quality.gx_runner import SuiteFileError
        from capaian.warehouse.connection import WarehouseUnreachable
        from capaian.warehouse.embedded import EmbeddedServerError
        from capaian.warehouse.migrations import MigrationError

        try:
            return func(*args, **kwargs)
        except (
            settings.SettingError,
            WarehouseUnreachable,
            EmbeddedServerError,
            MigrationError,
            BranchReportError,
            SuiteFileError,
        ) as exc:
            raise UserFacingError(str(exc)) from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Capaian: branch reports and news in, attainment marts out."""


# ------------------------------------------------------------------------------ set-up
@main.command()
@friendly_errors
def setup() -> None:
    """Prepare everything: warehouse, schema migrations, Airflow's database, dbt manifest."""
    from capaian.orchestration import project_setup

    project_setup.setup(echo=click.echo)


# ------------------------------------------------------------------------------ warehouse
@main.group()
def warehouse() -> None:
    """Where the warehouse is, and the embedded one's life cycle."""


@warehouse.command("url")
@click.option(
    "--show-password",
    is_flag=True,
    help="Print the owner's password too (for psql); by default it is shown as ***.",
)
@friendly_errors
def warehouse_url_cmd(show_password: bool) -> None:
    """Print the URL of the warehouse in use, its password hidden unless asked for.

    BI tools connect with `capaian warehouse bi-url` instead, never with the owner's login.
    """
    from capaian.warehouse.connection import redact, warehouse_url

    url = warehouse_url()
    click.echo(url if show_password else redact(url))


@warehouse.command("status")
@friendly_errors
def warehouse_status() -> None:
    """Say where the warehouse is and whether the embedded one runs."""
    from capaian.warehouse.connection import redact
    from capaian.warehouse.embedded import EmbeddedServer

    configured = settings.configured_warehouse_url()
    if configured:
        click.echo(f"warehouse: {redact(configured)} (from {settings.WAREHOUSE_URL_VAR})")
        return
    click.echo(f"embedded warehouse: {EmbeddedServer().status().describe()}")


@warehouse.command("start")
@friendly_errors
def warehouse_start() -> None:
    """Start the embedded warehouse (creating it on first use)."""
    _refuse_for_external("start")
    from capaian.warehouse.embedded import EmbeddedServer
    from capaian.warehouse.migrations import migrate

    status = EmbeddedServer().start()
    migrate()
    click.echo(f"embedded warehouse: {status.describe()}")


@warehouse.command("stop")
@friendly_errors
def warehouse_stop() -> None:
    """Stop the embedded warehouse (its data stays in .capaian/)."""
    _refuse_for_external("stop")
    from capaian.warehouse.embedded import EmbeddedServer

    stopped = EmbeddedServer().stop()
    click.echo("embedded warehouse stopped" if stopped else "embedded warehouse was not running")


@warehouse.command("migrate")
@friendly_errors
def warehouse_migrate() -> None:
    """Apply pending schema migrations."""
    from capaian.warehouse.migrations import migrate

    applied = migrate()
    for m in applied:
        click.echo(f"applied {m.path.name}")
    click.echo("schema up to date" if not applied else f"{len(applied)} migrations applied")


@warehouse.command("bi-url")
@friendly_errors
def warehouse_bi_url() -> None:
    """Print the read-only BI role's URL (capaian_bi: reads schema marts, nothing else)."""
    from capaian.warehouse.bi_role import bi_url, ensure_bi_role
    from capaian.warehouse.connection import warehouse_url
    from capaian.warehouse.migrations import migrate

    url = warehouse_url()
    migrate(url)
    # Make sure the URL printed works: the role exists, has its password and its grants.
    ensure_bi_role(url)
    click.echo(bi_url(url))


@warehouse.command("verify")
@friendly_errors
def warehouse_verify() -> None:
    """Check that every stored file's bytes hash to its content_sha256 and that staging rows,
    rejected rows and the load log agree. Prints what does not agree and exits 1, else prints
    one line and exits 0."""
    from capaian.warehouse.connection import connect, warehouse_url
    from capaian.warehouse.migrations import migrate
    from capaian.warehouse.verify import verify_warehouse

    url = warehouse_url()
    migrate(url)
    with connect(url) as conn:
        found = verify_warehouse(conn)
    for problem in found.problems:
        click.echo(problem)
    click.echo(found.summary())
    if found.problems:
        sys.exit(1)


@warehouse.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@friendly_errors
def warehouse_backup(file: Path) -> None:
    """Write the warehouse database to FILE (pg_dump's custom format).

    Everything in it: the files as received, staging, the audit trail, the marts."""
    from capaian.warehouse.backup import BackupError, backup
    from capaian.warehouse.connection import redact, warehouse_url

    url = warehouse_url()
    try:
        tool = backup(url, file)
    except BackupError as exc:
        raise UserFacingError(str(exc)) from None
    click.echo(f"backed up {redact(url)} to {file} ({file.stat().st_size:,} bytes, {tool.version})")


@warehouse.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the warehouse's data.")
@friendly_errors
def warehouse_restore(file: Path, yes: bool) -> None:
    """Replace the warehouse's data with the backup FILE (made by `warehouse backup`).

    Every table in the backup is dropped and restored as it was backed up, in one
    transaction: a failed restore changes nothing."""
    from capaian.warehouse.backup import BackupError, restore
    from capaian.warehouse.bi_role import ensure_bi_role
    from capaian.warehouse.connection import redact, warehouse_url
    from capaian.warehouse.migrations import migrate

    url = warehouse_url()
    if not file.is_file():
        raise UserFacingError(f"no backup file {file}")
    if not yes:
        click.confirm(
            f"Replace the data in {redact(url)} with the backup {file}?", abort=True, err=True
        )
    try:
        tool = restore(url, file)
    except BackupError as exc:
        raise UserFacingError(str(exc)) from None
    click.echo(f"restored {file} into {redact(url)} ({tool.version})")
    # A backup from an older Capaian gets the migrations since; BI's grants are re-applied.
    applied = migrate(url)
    if applied:
        click.echo(f"schema migrations: {len(applied)} applied")
    ensure_bi_role(url)


def _refuse_for_external(action: str) -> None:
    if settings.configured_warehouse_url():
        raise UserFacingError(
            f"{settings.WAREHOUSE_URL_VAR} is set, so Capaian uses that server and does not "
            f"{action} one of its own; unset it to manage the embedded warehouse"
        )


# ------------------------------------------------------------------------------ report
@main.group()
def report() -> None:
    """The attainment report (a static HTML page)."""


@report.command("build")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write index.html into (default: .capaian/attainment_report/).",
)
@friendly_errors
def report_build(out_dir: Path | None) -> None:
    """Build the report from the published marts and print the path of its index.html."""
    from capaian.attainment_report import build_attainment_report, default_output_dir
    from capaian.warehouse.connection import warehouse_url
    from capaian.warehouse.migrations import migrate

    url = warehouse_url()
    migrate(url)
    click.echo(build_attainment_report(url, out_dir or default_output_dir()))


# ------------------------------------------------------------------------------ generate
@main.group()
def generate() -> None:
    """Make synthetic sample data."""


@generate.command("reports")
@click.option("--rows", type=click.IntRange(min=0), required=True, help="How many data rows.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--first-year", type=int, default=None, help="First year of history.")
@click.option("--last-year", type=int, default=None, help="Last year of history.")
@click.option(
    "--as-of-per-year",
    type=click.Choice(["1", "2", "3", "4", "6", "12"]),
    default="12",
    show_default=True,
    help="As-of dates per year (month-ends).",
)
def generate_reports(rows, out, seed, first_year, last_year, as_of_per_year) -> None:
    """Write a synthetic branch report in the canonical CSV format."""
    from capaian.branch_reports import generator as gen

    written = gen.write_canonical_csv(
        out,
        rows,
        seed=seed,
        first_year=first_year or gen.DEFAULT_FIRST_YEAR,
        last_year=last_year or gen.DEFAULT_LAST_YEAR,
        as_of_per_year=int(as_of_per_year),
    )
    click.echo(f"wrote {written} synthetic rows to {out}", err=True)


# ------------------------------------------------------------------------------ ingest
@main.group()
def ingest() -> None:
    """Load files into the warehouse outside Airflow (same code as the DAGs)."""


# A path that exists but is not a regular file (a directory, a FIFO, a link leading out of its
# folder) is not a usage error: the loader refuses it and records why, like any unreadable file.
INPUT_PATHS = click.Path(exists=True, path_type=Path)


@ingest.command("reports")
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATHS)
@click.option("--layout", default=None, help="Use this layout mapping instead of detecting it.")
@friendly_errors
def ingest_reports(paths, layout) -> None:
    """Load branch-report files (CSV or Excel).

    Prints, per file, the rows read, loaded and rejected and the first rejected rows with
    their reasons. Exit status: 0 when every file was accounted for (loaded, or already
    loaded before), 1 when a file could not be read at all, 2 for a usage error.
    Big files show their progress on stderr (stdout keeps only the results).
    """
    from capaian.branch_reports import loading as branch_reports
    from capaian.printable import printable
    from capaian.warehouse.migrations import migrate

    big_bytes = 5_000_000  # smaller files load in a second or two: no progress needed
    big_files = {p.name for p in paths if p.is_file() and p.stat().st_size > big_bytes}
    bars: dict[str, object] = {}
    shown_steps: dict[str, int] = {}

    def show_progress(file_name: str, fraction: float) -> None:
        if file_name not in big_files:
            return
        if sys.stderr.isatty():
            bar = bars.get(file_name)
            if bar is None:
                bar = bars[file_name] = click.progressbar(
                    length=1000, label=f"loading {printable(file_name)}", file=sys.stderr
                )
            bar.update(int(fraction * 1000) - bar.pos)
            if fraction >= 1:
                bar.render_finish()
            return
        step = int(fraction * 10)  # not a terminal (a log): one line per tenth
        if step > shown_steps.get(file_name, -1):
            shown_steps[file_name] = step
            click.echo(f"loading {printable(file_name)}: {step * 10}%", err=True)

    migrate()
    results = branch_reports.load_files(
        paths, run_id="cli", layout=layout, on_progress=show_progress
    )
    for result in results:
        click.echo(result.describe())
    if any(r.status == "failed" for r in results):
        sys.exit(1)


@ingest.command("news")
@click.argument("paths", nargs=-1, required=True, type=INPUT_PATHS)
@friendly_errors
def ingest_news(paths) -> None:
    """Load news articles (.txt, .html, .jsonl) and extract their facts."""
    from capaian.news import loading as news
    from capaian.warehouse.migrations import migrate

    migrate()
    for result in news.load_files(paths, run_id="cli"):
        click.echo(result.describe())


@ingest.command("retract")
@click.argument("file")
@click.option("--why", required=True, help="Why the file is withdrawn (kept in the audit).")
@friendly_errors
def ingest_retract(file: str, why: str) -> None:
    """Withdraw a branch report loaded by mistake (by file name or content SHA-256).

    Its rows stay in staging for the audit and leave what the marts are built from at the next
    build; an earlier version of the same figures, if any, counts again.
    """
    from capaian.printable import printable
    from capaian.quality.decisions import retract_file
    from capaian.warehouse.connection import connect
    from capaian.warehouse.migrations import migrate

    migrate()
    with connect() as conn:
        name, sha = _decided(lambda: retract_file(conn, file, why))
        conn.commit()
    click.echo(f"retracted {printable(name)} ({sha[:12]}): the next build takes its rows out")


# ------------------------------------------------------------------------------ review
@main.group()
def review() -> None:
    """See and settle what waits for a person: news facts and unknown office names."""


def _decided(action):
    from capaian.quality.decisions import ReviewError

    try:
        return action()
    except ReviewError as problem:
        raise UserFacingError(str(problem)) from None


@review.command("list")
@click.option(
    "--format", "output", type=click.Choice(["table", "jsonl"]), default="table",
    help="table (default) for people, jsonl for tools.",
)  # fmt: skip
@friendly_errors
def review_list(output: str) -> None:
    """List what waits, as of the last publish, each with its id."""
    import json

    from capaian.printable import printable
    from capaian.quality.decisions import waiting_items
    from capaian.warehouse.connection import connect
    from capaian.warehouse.migrations import migrate

    migrate()
    with connect() as conn:
        items, pending = waiting_items(conn)
    if output == "jsonl":
        for item in items:
            click.echo(json.dumps(item.as_json(), ensure_ascii=False))
        return
    for item in items:
        if item.item_kind == "news_fact":
            click.echo(
                f"{item.item_id}  {printable(item.office or '(no office)')}  {item.segment}"
                f" {item.metric} {item.measure} {item.value} ({item.year})"
                f"  {printable(item.reason)}"
            )
            click.echo(f"    {printable(item.source_ref or '')}: {printable(item.evidence or '')}")
        else:
            click.echo(
                f"{item.item_id}  office name {printable(item.office or '')!r}: {item.figure_count}"
                f" figures wait ({printable(item.source_ref or '')})"
            )
    click.echo(f"{len(items)} waiting" + (f"; {pending} decided, applied by the next build"
               if pending else ""))  # fmt: skip


@review.command("accept")
@click.argument("item_id", metavar="ID")
@click.option("--office", default=None, metavar="NAME_OR_CODE", help="Publish under this office.")
@click.option("--value", default=None, metavar="N", help="Publish this value instead.")
@click.option("--year", type=int, default=None, metavar="Y", help="Publish for this year.")
@click.option("--segment", default=None, metavar="S", help="Publish for this segment.")
@click.option("--metric", default=None, metavar="M", help="Publish for this metric.")
@click.option("--why", required=True, help="Why (kept with the decision).")
@friendly_errors
def review_accept(item_id, office, value, year, segment, metric, why) -> None:
    """Publish a waiting news fact, corrected where options are given (next build)."""
    from capaian.quality.decisions import accept, parse_corrections
    from capaian.warehouse.connection import connect
    from capaian.warehouse.migrations import migrate

    migrate()
    corrections = _decided(lambda: parse_corrections(office, value, year, segment, metric))
    with connect() as conn:
        _decided(lambda: accept(conn, item_id, corrections, why))
        conn.commit()
    click.echo(f"accepted {item_id}: the next build publishes it")


@review.command("reject")
@click.argument("item_id", metavar="ID")
@click.option("--why", required=True, help="Why (kept with the decision).")
@friendly_errors
def review_reject(item_id, why) -> None:
    """Keep a waiting news fact out of the marts for good."""
    from capaian.quality.decisions import reject
    from capaian.warehouse.connection import connect
    from capaian.warehouse.migrations import migrate

    migrate()
    with connect() as conn:
        _decided(lambda: reject(conn, item_id, why))
        conn.commit()
    click.echo(f"rejected {item_id}: it never reaches the marts")


@review.command("map-office")
@click.argument("name")
@click.argument("code")
@click.option("--why", required=True, help="Why (kept with the decision).")
@friendly_errors
def review_map_office(name, code, why) -> None:
    """Read an office name the gazetteer does not know as a gazetteer office, everywhere."""
    from capaian.printable import printable
    from capaian.quality.decisions import map_office
    from capaian.warehouse.connection import connect
    from capaian.warehouse.migrations import migrate

    migrate()
    with connect() as conn:
        office = _decided(lambda: map_office(conn, name, code, why))
        conn.commit()
    click.echo(
        f"{printable(name)!r} is {office.code} ({office.name}) from the next build on,"
        " for every figure that names it"
    )


@main.command("extract")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--jsonl",
    "as_jsonl",
    is_flag=True,
    help="Print one JSON fact per line (the default and only format).",
)
def extract_cmd(paths, as_jsonl) -> None:
    """Print the facts of news articles as JSON Lines, without touching the warehouse."""
    from capaian.news.loading import facts_as_jsonl

    for line in facts_as_jsonl(paths):
        click.echo(line)


# ------------------------------------------------------------------------------ run
@main.group()
def run() -> None:
    """Run a DAG through Airflow."""


@run.command("nightly")
@click.option(
    "--reprocess-file",
    default="",
    metavar="NAME",
    help="Load this inbox branch report again, replacing its earlier rows.",
)
@click.option("--full-refresh", is_flag=True, help="Rebuild every mart from all of staging.")
@click.option(
    "--rebuild-year",
    type=click.IntRange(definitions.first_year(), 2100),
    default=None,
    metavar="YEAR",
    help="Also rebuild the marts' rows of this year for every office.",
)
@friendly_errors
def run_nightly(reprocess_file: str, full_refresh: bool, rebuild_year: int | None) -> None:
    """Run capaian_nightly through Airflow (airflow dags test) and print the attainment table."""
    import json

    from capaian.orchestration import project_setup
    from capaian.orchestration.dag_runs import run_dag_test

    url = project_setup.setup(echo=click.echo)
    conf = json.dumps(
        {
            "reprocess_file": reprocess_file,
            "full_refresh": full_refresh,
            "rebuild_year": rebuild_year,
        }
    )
    outcome = run_dag_test("capaian_nightly", url, echo=click.echo, conf=conf)
    # Only the last task failed: files could not be read, everything else was published.
    files_not_read = [task for task, _ in outcome.failed_tasks] == ["log_run_summary"]
    if not outcome.success and not files_not_read:
        raise UserFacingError(outcome.failure_message())
    if "publish_marts_to_bi" in outcome.skipped_tasks:
        click.echo(
            "The marts were not rebuilt: nothing they are made of changed since they were"
            " last published (new files, a changed dbt project or --full-refresh build them)."
        )
    from capaian.attainment_report.table import attainment_rows, format_table

    click.echo("")
    click.echo(
        "Attainment (latest figure per office, segment, metric and year:"
        " marts.fct_attainment_latest):"
    )
    click.echo(format_table(attainment_rows(url)))
    click.echo("")
    from capaian.attainment_report import report_path
    from capaian.quality.review import news_facts_waiting_for_review, waiting_for_review_line
    from capaian.warehouse.connection import connect

    with connect(url) as conn:
        waiting = news_facts_waiting_for_review(conn)
    line = waiting_for_review_line(waiting)
    click.echo(line[0].upper() + line[1:])
    click.echo(f"Attainment report: {report_path()}")
    click.echo(f"Run log: {outcome.log_file}")
    click.echo(f"Task logs: {outcome.task_log_dir}")
    if files_not_read:
        raise UserFacingError(_files_not_read(url, outcome.run_id))


def _files_not_read(url: str, run_id: str | None) -> str:
    """Which inbox files this run could not read at all, and why (from audit.load_log)."""
    from capaian.printable import printable
    from capaian.warehouse.connection import connect

    with connect(url) as conn:
        failed = conn.execute(
            "select file_name, message from audit.load_log"
            " where run_id = %s and status = 'failed' order by load_id",
            (run_id,),
        ).fetchall()
    lines = [f"  {printable(name)}: {printable(message or '')}" for name, message in failed]
    return (
        f"capaian_nightly run {run_id} failed: {len(failed)} branch report"
        f"{'s' if len(failed) != 1 else ''} could not be read at all (the rest is"
        " published; see audit.load_log):\n" + "\n".join(lines)
    )


@main.command("ui")
@click.option("--port", type=click.IntRange(1024, 65535), default=8080, show_default=True)
@friendly_errors
def ui_cmd(port: int) -> None:
    """Start Airflow (API server and UI, scheduler, DAG processor, triggerer).

    Ctrl-C, SIGTERM or SIGHUP stops every component it started."""
    import os
    import signal

    # Started in the background by a script, SIGINT arrives ignored: Ctrl-C and `kill -INT`
    # must work during the set-up too, before Airflow's components exist.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from capaian.orchestration import project_setup
    from capaian.orchestration.airflow_env import airflow_environment, ui_environment

    url = project_setup.setup(echo=click.echo)
    env = {**os.environ, **airflow_environment(url), **ui_environment(port)}
    passwords = settings.airflow_home() / "simple_auth_manager_passwords.json.generated"
    click.echo(
        f"Airflow UI: http://127.0.0.1:{port}  (user admin; password printed below on "
        f"first start, and kept in {passwords})"
    )
    click.echo(f"Ctrl-C (or kill -TERM {os.getpid()}) stops every component.")
    from capaian.orchestration.airflow_ui import run_until_interrupted

    sys.exit(run_until_interrupted(env))


@main.command(
    "airflow", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False}
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@friendly_errors
def airflow_cmd(args) -> None:
    """Run an `airflow` command with the project's Airflow settings."""
    import os

    from capaian.orchestration.airflow_env import airflow_environment
    from capaian.warehouse.connection import warehouse_url

    env = {**os.environ, **airflow_environment(warehouse_url())}
    airflow = Path(sys.executable).with_name("airflow")
    os.execve(str(airflow), [str(airflow), *args], env)


@main.command(
    "dbt", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False}
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@friendly_errors
def dbt_cmd(args) -> None:
    """Run a `dbt` command on the project's dbt project and warehouse."""
    from capaian.marts.dbt_runner import run_dbt

    sys.exit(run_dbt(list(args)))


@main.command(
    "dbt-env", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False}
)
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@friendly_errors
def dbt_env_cmd(command) -> None:
    """Run COMMAND with dbt's connection variables set (for sqlfluff's dbt templater)."""
    import os

    from capaian.marts.dbt_runner import dbt_environment
    from capaian.warehouse.connection import warehouse_url

    env = {**os.environ, **dbt_environment(warehouse_url())}
    os.execvpe(command[0], list(command), env)


@main.command("attainment")
@friendly_errors
def attainment_cmd() -> None:
    """Print the attainment table from the published marts."""
    from capaian.attainment_report.table import attainment_rows, format_table

    click.echo(format_table(attainment_rows(), limit=10_000))


if __name__ == "__main__":
    main()
