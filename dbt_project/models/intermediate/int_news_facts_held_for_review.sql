-- The review list of news facts the quality gate held back, with the sentence each was read
-- from, so that a reviewer can see at once whether the article or the extractor is wrong.
with held as (
    select
        content_sha256,
        fact_index,
        string_agg(expectation, '; ' order by expectation) as failed_expectations,
        max(held_at) as held_at
    from {{ source('audit', 'news_facts_held') }}
    group by content_sha256, fact_index
),

facts as (
    select * from {{ source('staging', 'news_facts') }}
),

articles as (
    select
        content_sha256,
        url,
        publisher
    from {{ source('raw', 'news_articles') }}
)

select
    facts.doc_id,
    articles.url,
    articles.publisher,
    facts.office,
    facts.segment,
    facts.metric,
    facts.measure,
    facts.value,
    facts.year,
    facts.evidence,
    held.failed_expectations,
    held.held_at
from held
inner join facts
    on
        held.content_sha256 = facts.content_sha256
        and held.fact_index = facts.fact_index
inner join articles
    on held.content_sha256 = articles.content_sha256
