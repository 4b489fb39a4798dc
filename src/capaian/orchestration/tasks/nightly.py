"""Task bodies of the nightly DAG after loading: the quality gate, the change check, the
publish, the attainment report and the run's summary."""

from __future__ import annotations

import logging

from capaian.orchestration.warehouse_link import warehouse_url_from_airflow
from capaian.printable import printable

log = logging.getLogger(__name__)


class QualityGateFailed(RuntimeError):
    """A blocking expectation failed; the message lists which and on which rows."""


class FilesNotRead(RuntimeError):
    """Files in the inbox could not be read at all; the message names each and why, and
    holds the run's summary."""


def validate(run_id: str, checkpoints: list[str], url: str | None = None) -> dict:
    """Run each Great Expectations checkpoint; fail with every blocking failure listed."""
    from capaian.quality.gx_runner import data_docs_dir, run_checkpoints
    from capaian.quality.hold_back import hold_back_failing_rows

    url = url or warehouse_url_from_airflow()
    reports = run_checkpoints(url, checkpoints, run_id)
    log.info("Great Expectations Data Docs: %s", data_docs_dir() / "index.html")
    held_back: dict[str, int] = {}
    for report in reports:
        if report.holds_back_rows:
            held_back[report.suite] = hold_back_failing_rows(url, report, run_id)
            log.info(
                "%s: %d rows held back from the marts for review",
                report.suite,
                held_back[report.suite],
            )
    failed = [r for r in reports if not r.success]
    if failed:
        raise QualityGateFailed(
            "blocking expectations failed; BI keeps the last published marts:\n"
            + "\n".join(r.summary() for r in failed)
        )
    return {
        r.suite: {
            "expectations": len(r.outcomes),
            "warnings": len(r.warnings),
            **({"held_back": held_back[r.suite]} if r.suite in held_back else {}),
        }
        for r in reports
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
        missing = offices_not_reported(conn)
    return {
        "report": str(path),
        "news_facts_waiting_for_review": waiting,
        "offices_not_reported": missing,
    }


def offices_not_reported(conn) -> list[str]:
    """The offices expected to report monthly whose last complete month is missing, as
    "name (last reported YYYY-MM)", from the published mart; none before it exists."""
    (published,) = conn.execute(
        "select to_regclass('marts.mart_reporting_completeness') is not null"
    ).fetchone()
    if not published:
        return []
    return [
        f"{name} (last reported {last:%Y-%m})" if last else f"{name} (never reported)"
        for name, last in conn.execute(
            "select office_name, last_reported_month from marts.mart_reporting_completeness"
            " where is_last_month_missing order by office_name"
        )
    ]


def source_freshness(run_id: str, url: str | None = None) -> dict:
    """Run `dbt source freshness` (thresholds in the sources' yml) and say which sources are
    late. A late source is reported, never a failure: the run goes on with what it has."""
    import json
    import tempfile
    from pathlib import Path

    from capaian.marts.dbt_runner import run_dbt

    with tempfile.TemporaryDirectory(prefix="capaian_freshness_") as target:
        output = Path(target) / "sources.json"
        result = run_dbt(
            ["source", "freshness", "--output", str(output), "--target-path", target],
            url=url or warehouse_url_from_airflow(),
            capture=True,
        )
        if not output.exists():
            log.warning("dbt source freshness gave no results:\n%s", result.stdout[-2000:])
            return {"stale": [], "checked": 0}
        results = json.loads(output.read_text())["results"]
    stale = []
    for source in results:
        name = source["unique_id"].split(".", 2)[-1]
        if source["status"] in ("warn", "error"):
            days = (source.get("max_loaded_at_time_ago_in_s") or 0) / 86400
            stale.append(f"{name}: {source['status']}, newest row {days:.0f} days old")
        elif source["status"] == "runtime error":
            stale.append(f"{name}: could not be checked ({source.get('error') or 'error'})")
    for line in stale:
        log.warning("stale source: %s", line)
    return {"stale": stale, "checked": len(results)}


def summarize(
    run_id: str,
    branch: dict,
    news: dict,
    staging: dict,
    marts: dict | None,
    published: dict | None,
    report: dict,
    freshness: dict | None = None,
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
    if freshness is not None:
        lines.append(
            "  sources: " + ("; ".join(freshness["stale"]) if freshness["stale"] else "fresh")
        )
    if report.get("offices_not_reported"):
        lines.append(
            "  offices without a report for the last complete month: "
            + ", ".join(printable(o) for o in report["offices_not_reported"])
        )
    if branch["failed"]:
        lines.append(
            "  files not loaded (see audit.load_log): "
            + ", ".join(printable(name) for name in branch["failed"])
        )
    text = "\n".join(lines)
    log.info(text)
    return text


def needs_attention(
    branch: dict, news: dict, staging: dict, report: dict, freshness: dict | None = None
) -> list[str]:
    """What in this run a person should look at: files not read, rejected rows and items,
    facts held back or waiting for review, quality warnings, late sources, offices that have
    not reported. Empty: nothing to report."""
    lines = [
        f"branch report {printable(name)} could not be read: {printable(reason)}"
        for name, reason in zip(
            branch["failed"],
            branch.get("failed_reasons") or [""] * len(branch["failed"]),
            strict=True,
        )
    ]
    if branch["rows_rejected"]:
        lines.append(_count(branch["rows_rejected"], "branch-report row") + " rejected"
                     " (audit.rejected_rows)")  # fmt: skip
    if news["rejected"]:
        lines.append(_count(news["rejected"], "news item") + " rejected (audit.news_rejections)")
    for suite, outcome in (staging or {}).items():
        if outcome.get("held_back"):
            lines.append(_count(outcome["held_back"], "row") + f" held back for review by {suite}")
        if outcome.get("warnings"):
            lines.append(
                _count(outcome["warnings"], "warning-level expectation") + f" failed in {suite}"
            )
    waiting = report.get("news_facts_waiting_for_review")
    if waiting:
        lines.append(_count(waiting, "news figure") + " waiting for review")
    for stale in (freshness or {}).get("stale", []):
        lines.append(f"source late: {stale}")
    missing = report.get("offices_not_reported") or []
    if missing:
        lines.append(
            _count(len(missing), "office")
            + " without a report for the last complete month: "
            + ", ".join(missing)
        )
    return lines


def finish(
    run_id: str,
    summary: str,
    branch: dict,
    news: dict,
    staging: dict,
    report: dict,
    freshness: dict | None = None,
):
    """Send the run's summary as an alert when something in it needs a person, and end the run
    failed when a file could not be read at all (what could be read is published by then)."""
    from capaian.orchestration import alerts

    attention = needs_attention(branch, news, staging, report, freshness)
    unreadable = len(branch["failed"])
    if unreadable:
        raise FilesNotRead(
            f"{unreadable} branch report{'s' if unreadable != 1 else ''} could not be read at"
            " all (the rest is published):\n  "
            + "\n  ".join(line for line in attention if line.startswith("branch report "))
            + "\n\n"
            + summary
        )
    if attention:
        alerts.send(
            f"capaian_nightly {run_id}: {len(attention)} thing"
            f"{'s' if len(attention) != 1 else ''} to look at",
            "\n".join(attention) + "\n\n" + summary,
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
