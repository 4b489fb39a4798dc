"""Review: what cannot be published with confidence waits for a person.

dbt decides which news facts wait and why (``int_news_facts_held_for_review``); this package
only reads that list for the people who act on it.
"""

from capaian.review.news_facts import (
    REVIEW_LIST,
    news_facts_waiting_for_review,
    waiting_for_review_line,
)

__all__ = ["REVIEW_LIST", "news_facts_waiting_for_review", "waiting_for_review_line"]
