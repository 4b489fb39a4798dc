"""Task bodies of loading the inbox, shared by the nightly DAG and the two ingest DAGs. Each
takes the Airflow run id (for the audit trail) and returns a small JSON-able summary that goes
to XCom and the run's summary."""

from __future__ import annotations

import logging

from capaian import settings
from capaian.orchestration import lineage
from capaian.orchestration.warehouse_link import warehouse_url_from_airflow
from capaian.printable import printable
from capaian.warehouse.migrations import migrate

log = logging.getLogger(__name__)


def prepare_warehouse() -> dict:
    url = warehouse_url_from_airflow()
    applied = migrate(url)
    return {"migrations_applied": [m.path.name for m in applied]}


class BadParameter(ValueError):
    """A manual run's parameter cannot be used; the message says why."""


def ingest_branch_reports(run_id: str, reprocess_file: str = "") -> dict:
    from capaian.branch_reports import loading as branch_reports

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
    lineage.report_files_loaded(files, "staging", "branch_report_rows")
    failed = [r for r in results if r.status == "failed"]
    return {
        "files": len(results),
        "loaded": sum(r.status == "loaded" for r in results),
        "already_loaded": sum(r.status == "duplicate" for r in results),
        "failed": [r.file_name for r in failed],
        # Why each could not be read, for the run's summary, its alert and the CLI.
        "failed_reasons": [r.message or "" for r in failed],
        "rows_loaded": sum(r.rows_loaded for r in results),
        "rows_rejected": sum(r.rows_rejected for r in results),
    }


def ingest_news(run_id: str) -> dict:
    from capaian.news import loading as news
    from capaian.news.articles import sidecar_path

    folder = settings.inbox_dir() / "news"
    files = news.inbox_files(folder)
    log.info("news: %d files in %s", len(files), folder)
    results = news.load_files(files, run_id, url=warehouse_url_from_airflow())
    for result in results:
        log.info(result.describe())
    sidecars = [s for s in map(sidecar_path, files) if s.is_file()]
    lineage.report_files_loaded([*files, *sidecars], "staging", "news_facts")
    return {
        "files": len(results),
        "articles_new": sum(r.articles_new for r in results),
        "articles_known": sum(r.articles_known for r in results),
        "facts": sum(r.facts for r in results),
        "rejected": sum(len(r.rejected) for r in results),
    }
