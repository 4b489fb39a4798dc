"""The bodies of the nightly DAG's Python tasks. Each takes the Airflow run id (for the audit
trail) and returns a small JSON-able summary that goes to XCom and the final log line."""

from __future__ import annotations

import logging

from capaian import settings
from capaian.orchestration.warehouse_link import warehouse_url_from_airflow
from capaian.printable import printable
from capaian.warehouse.migrations import migrate

log = logging.getLogger(__name__)


class QualityGateFailed(RuntimeError):
    """A blocking expectation failed; the message lists which and on which rows."""


def prepare_warehouse() -> dict:
    url = warehouse_url_from_airflow()
    applied = migrate(url)
    return {"migrations_applied": [m.path.name for m in applied]}


class BadParameter(ValueError):
    """A manual run's parameter cannot be used; the message says why."""


def ingest_branch_reports(run_id: str, reprocess_file: str = "") -> dict:
    from capaian.ingest import branch_reports

    folder = settings.inbox_dir() / "branch_reports"
    files = branch_reports.inbox_files(folder)
    log.info("branch reports: %d files in %s", len(files), folder)
    url = warehouse_url_from_airflow()
    if reprocess_file and reprocess_file not in {f.name for f in files}:
        raise BadParameter(f"reprocess_file={reprocess_file!r} is not a branch report in {folder}")
    results = branch_reports.load_files(
        [f for f in files if f.name != reprocess_file], run_id, url=url
    )
    if reprocess_file:
        log.info("reprocessing %s: its earlier rows are replaced", printable(reprocess_file))
        results += branch_reports.load_files(
            [folder / reprocess_file], run_id, url=url, replace=True
        )
    for result in results:
        log.info(result.describe())
    failed = [r.file_name for r in results if r.status == "failed"]
    return {
        "files": len(results),
        "loaded": sum(r.status == "loaded" for r in results),
        "already_loaded": sum(r.status == "duplicate" for r in results),
        "failed": failed,
        "rows_loaded": sum(r.rows_loaded for r in results),
        "rows_rejected": sum(r.rows_rejected for r in results),
    }


def ingest_news(run_id: str) -> dict:
    from capaian.ingest import news

    folder = settings.inbox_dir() / "news"
    files = news.inbox_files(folder)
    log.info("news: %d files in %s", len(files), folder)
    results = news.load_files(files, run_id, url=warehouse_url_from_airflow())
    for result in results:
        log.info(result.describe())
    return {
        "files": len(results),
        "articles_new": sum(r.articles_new for r in results),
        "articles_known": sum(r.articles_known for r in results),
        "facts": sum(r.facts for r in results),
        "rejected": sum(len(r.rejected) for r in results),
    }


def validate(run_id: str, checks: list[tuple[str, str, str]], url: str | None = None) -> dict:
    """Run each (schema, table, suite); fail with every blocking failure listed."""
    from capaian.quality.gx_runner import data_docs_dir, validate_tables

    url = url or warehouse_url_from_airflow()
    reports = validate_tables(url, checks, run_id)
    log.info("Great Expectations Data Docs: %s", data_docs_dir() / "index.html")
    for report in reports:
        if report.holds_back_rows:
            held = hold_back_failing_rows(url, report, run_id)
            log.info("%s: %d rows held back from the marts for review", report.suite, held)
    failed = [r for r in reports if not r.success]
    if failed:
        raise QualityGateFailed(
            "blocking expectations failed; BI keeps the last published marts:\n"
            + "\n".join(r.summary() for r in failed)
        )
    return {
        r.suite: {"expectations": len(r.outcomes), "warnings": len(r.warnings)} for r in reports
    }


def hold_back_failing_rows(url: str, report, run_id: str) -> int:
    """Replace the list of held-back news facts with the rows this validation failed."""
    from capaian.warehouse.connection import connect

    rows = {
        (row_id["content_sha256"], int(row_id["fact_index"]), outcome.expectation)
        for outcome in report.failures
        for row_id in outcome.unexpected_ids
    }
    with connect(url) as conn:
        conn.execute("delete from audit.news_facts_held")
        with conn.cursor().copy(
            "copy audit.news_facts_held (content_sha256, fact_index, expectation, run_id)"
            " from stdin"
        ) as copy:
            for sha, index, expectation in sorted(rows):
                copy.write_row((sha, index, expectation, run_id))
    return len({(sha, index) for sha, index, _ in rows})


def check_for_changes(params: dict) -> dict | None:
    """The marts' inputs and whether they changed since the last publish (None: they did
    not, and the build can be skipped). A manual full refresh or year rebuild always builds."""
    from capaian.marts_inputs import check_for_changes as compare
    from capaian.warehouse.connection import connect

    forced = None
    if params.get("full_refresh"):
        forced = "a full refresh was asked for"
    elif params.get("rebuild_year"):
        forced = f"a rebuild of {params['rebuild_year']} was asked for"
    with connect(warehouse_url_from_airflow()) as conn:
        check = compare(conn, forced)
    if not check.changed:
        log.info("marts not rebuilt: %s", check.reason)
        return None
    log.info("building the marts: %s", check.reason)
    return {"inputs_fingerprint": check.fingerprint, "reason": check.reason}


def publish(run_id: str, changes: dict) -> dict:
    from capaian.publish import publish_marts
    from capaian.warehouse.bi_role import ensure_bi_role

    url = warehouse_url_from_airflow()
    tables = publish_marts(url, changes["inputs_fingerprint"], run_id)
    # Recreated tables inherit BI's grants by default privileges; this also repairs drift.
    ensure_bi_role(url)
    for table in tables:
        log.info(
            "published marts.%s%s",
            table.name,
            " (made anew: its columns changed)" if table.recreated else "",
        )
    return {"published": [t.name for t in tables]}


def build_report(run_id: str) -> dict:
    from capaian.attainment_report import build_attainment_report, default_output_dir
    from capaian.review import news_facts_waiting_for_review
    from capaian.warehouse.connection import connect

    url = warehouse_url_from_airflow()
    path = build_attainment_report(url, default_output_dir())
    log.info("attainment report: %s", path)
    with connect(url) as conn:
        waiting = news_facts_waiting_for_review(conn)
    return {"report": str(path), "news_facts_waiting_for_review": waiting}


def summarize(
    run_id: str,
    branch: dict,
    news: dict,
    staging: dict,
    marts: dict | None,
    published: dict | None,
    report: dict,
) -> str:
    from capaian.review import waiting_for_review_line

    lines = [
        f"capaian_nightly {run_id}: done",
        f"  branch reports: {branch['files']} files ({branch['loaded']} loaded, "
        f"{branch['already_loaded']} already loaded, {len(branch['failed'])} failed); "
        f"{branch['rows_loaded']} rows loaded, {branch['rows_rejected']} rejected",
        f"  news: {news['files']} files, {news['articles_new']} new articles, "
        f"{news['facts']} facts, {news['rejected']} items rejected",
        f"  checks: staging {staging}, marts {marts if marts is not None else 'not built'}",
        "  published: "
        + (
            ", ".join(f"marts.{name}" for name in published["published"])
            if published is not None
            else "nothing: no new data nor project change since the last publish"
        ),
        f"  attainment report: {report['report']}",
        "  " + waiting_for_review_line(report.get("news_facts_waiting_for_review")),
    ]
    if branch["failed"]:
        lines.append(
            "  files not loaded (see audit.load_log): "
            + ", ".join(printable(name) for name in branch["failed"])
        )
    text = "\n".join(lines)
    log.info(text)
    return text
