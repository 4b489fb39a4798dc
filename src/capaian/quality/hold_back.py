"""Holding back: news facts that failed a blocking expectation of the staging suite are kept
out of the marts (dbt reads audit.news_facts_held) and wait for review, instead of stopping
every other figure from being published."""

from __future__ import annotations

from capaian.warehouse.connection import connect


def hold_back_failing_rows(url: str, report, run_id: str) -> int:
    """Replace the list of held-back news facts with the rows this validation failed."""
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
