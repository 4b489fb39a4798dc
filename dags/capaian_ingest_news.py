"""
### capaian_ingest_news

Load the news articles waiting in `inbox/news/` (plain text, saved web pages, JSON Lines feeds,
each `.txt`/`.html` with an optional `NAME.meta.json` sidecar) into the warehouse, on demand:
every article exactly as received into `raw.news_articles` (once per content, with status
`facts` or `no_facts`), the targets, realizations and attainment percentages the extractor
reads from them into `staging.news_facts`, and every item that is not an article (empty,
binary, a broken feed line) into `audit.news_rejections` with why.

The nightly DAG loads news too, with the same code. When this DAG loaded new facts it
announces the asset `staging.news_facts`, which starts `capaian_nightly` to bring them to the
marts. Re-running is safe: articles already loaded are recognised by their content.
"""

from __future__ import annotations

from airflow.sdk import dag, task
from airflow.sdk.exceptions import AirflowSkipException

from capaian.orchestration.assets import STAGING_NEWS_FACTS
from capaian.orchestration.defaults import DEFAULT_ARGS, START_DATE
from capaian.orchestration.tasks import loading


@dag(
    dag_id="capaian_ingest_news",
    schedule=None,
    start_date=START_DATE,
    catchup=False,
    # Unpaused, so a trigger runs at once (nothing here is scheduled).
    is_paused_upon_creation=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    doc_md=__doc__,
    tags=["capaian", "news"],
)
def capaian_ingest_news():
    @task
    def prepare_warehouse_schemas() -> dict:
        return loading.prepare_warehouse()

    @task
    def load_news_from_inbox(run_id=None) -> dict:
        return loading.ingest_news(run_id)

    @task(outlets=[STAGING_NEWS_FACTS])
    def announce_new_news_facts(loaded: dict) -> None:
        if not loaded["facts"]:
            raise AirflowSkipException("no new facts: nothing to announce")

    loaded = load_news_from_inbox()
    prepare_warehouse_schemas() >> loaded
    announce_new_news_facts(loaded)


capaian_ingest_news()
