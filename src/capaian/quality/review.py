"""How many news facts wait for review, read from dbt's review list."""

from __future__ import annotations

import psycopg

#: dbt's list of every news fact waiting for a person, with its evidence and reason.
REVIEW_LIST = "dbt_intermediate.int_news_facts_held_for_review"


def news_facts_waiting_for_review(conn: psycopg.Connection) -> int | None:
    """The number of news facts on the review list; None before dbt first built it."""
    (exists,) = conn.execute("select to_regclass(%s) is not null", (REVIEW_LIST,)).fetchone()
    if not exists:
        return None
    (count,) = conn.execute(f"select count(*) from {REVIEW_LIST}").fetchone()
    return count


def waiting_for_review_line(count: int | None) -> str:
    """One line for the run summary and the CLI."""
    if count is None:
        return f"news figures waiting for review: not known yet ({REVIEW_LIST} not built)"
    return f"news figures waiting for review: {count} (listed in {REVIEW_LIST})"
