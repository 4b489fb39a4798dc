"""The Airflow Assets Capaian's DAGs announce and wait for.

The ingest DAGs announce a staging table's asset only when they actually loaded new rows into
it; the nightly DAG runs on those announcements as well as at 02:00, so new data reaches the
marts soon after it lands, and a night with nothing new costs an incremental no-op.
"""

from __future__ import annotations

from airflow.sdk import Asset

STAGING_BRANCH_REPORT_ROWS = Asset(
    name="staging.branch_report_rows", uri="capaian://warehouse/staging/branch_report_rows"
)
STAGING_NEWS_FACTS = Asset(name="staging.news_facts", uri="capaian://warehouse/staging/news_facts")
