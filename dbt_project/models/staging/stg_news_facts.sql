-- Facts the quality gate held back (audit.news_facts_held) are left out here, so that one
-- misread fact fails no test downstream; int_news_facts_held_for_review lists them for review
-- beside the facts that wait for other reasons.
with facts as (
    select * from {{ source('staging', 'news_facts') }} as all_facts
    where not exists (
        select 1
        from {{ source('audit', 'news_facts_held') }} as held
        where
            held.content_sha256 = all_facts.content_sha256
            and held.fact_index = all_facts.fact_index
    )
),

articles as (
    select
        content_sha256,
        doc_id,
        title,
        url,
        publisher,
        published_at,
        published_at_guessed
    from {{ source('raw', 'news_articles') }}
)

select
    {{ news_fact_id('facts') }} as fact_id,
    facts.content_sha256,
    facts.fact_index,
    facts.doc_id,
    articles.title,
    articles.url,
    articles.publisher,
    articles.published_at,
    articles.published_at_guessed as is_published_at_guessed,
    facts.office,
    facts.office_level,
    facts.segment,
    facts.metric,
    facts.participant_kind,
    facts.measure,
    facts.value,
    facts.unit,
    facts.year,
    facts.approximate as is_approximate,
    facts.evidence,
    facts.start_offset,
    facts.end_offset,
    facts.confidence,
    facts.review as is_for_review,
    facts.extractor_version,
    facts.loaded_at
from facts
inner join articles
    on facts.content_sha256 = articles.content_sha256
