"""Task bodies of the nightly DAG after loading: the quality gate, the change check, the
publish, the attainment report and the run's summary."""

from __future__ import annotations

import logging

from capaian.orchestration.warehouse_link import warehouse_url_from_airflow
from capaian.printable import printable

log = logging.getLogger(__name__)


class QualityGateFailed(RuntimeError):
    """A blocking expectation failed; the message lists which and on which rows."""


def validate(run_id: str, checks: list[tuple[str, str, str]], url: str | None = None) -> dict:
    """Run each (schema, table, suite); fail with every blocking failure listed."""
    from capaian.quality.gx_runner import data_docs_dir, validate_tables
    from capaian.quality.hold_back import hold_back_failing_rows

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


def check_for_changes(params: dict) -> dict | None:
    """The marts' inputs and whether they changed since the last publish (None: they did
    not, and the build can be skipped). A manual full refresh or year rebuild always builds."""
    from capaian.marts.change_check import check_for_changes as compare
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
    from capaian.marts.publish import publish_marts
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
    from capaian.quality.review import news_facts_waiting_for_review
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
    from capaian.quality.review import waiting_for_review_line

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
