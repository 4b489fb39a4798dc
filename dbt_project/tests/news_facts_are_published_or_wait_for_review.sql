-- Every news fact in staging either waits in the review list, was rejected by a reviewer, or
-- (as published, with any reviewer's corrections) fills its measure in a figure of its article,
-- office, segment, metric and year on the way to the marts: none is dropped silently. Returns
-- the facts that did none of these.
with facts as (
    select
        all_facts.*,
        {{ news_fact_id('all_facts') }} as fact_id
    from {{ source('staging', 'news_facts') }} as all_facts
),

waiting as (
    select
        content_sha256,
        fact_index
    from {{ ref('int_news_facts_held_for_review') }}
),

rejected as (
    select item_id from {{ ref('stg_review_decisions') }}
    where action = 'reject'
),

published as (
    select * from {{ ref('int_news_facts_published') }}
),

figures as (
    select * from {{ ref('int_news_figures') }}
),

unaccounted as (
    select
        facts.content_sha256,
        facts.fact_index,
        facts.doc_id,
        facts.office,
        facts.measure,
        facts.value
    from facts
    where
        not exists (
            select 1 from waiting
            where
                waiting.content_sha256 = facts.content_sha256
                and waiting.fact_index = facts.fact_index
        )
        and not exists (
            select 1
            from rejected
            where rejected.item_id = facts.fact_id
        )
        and not exists (
            select 1
            from figures
            inner join published
                on
                    (
                        figures.source_ref = published.doc_id
                        or left(figures.source_ref, length(published.doc_id) + 2)
                        = published.doc_id || ' ('
                    )
                    and figures.reported_office_name = published.office
                    and figures.segment = published.segment
                    and figures.metric = published.metric
                    and figures.year = published.year
                    and case published.measure
                        when 'target' then figures.target
                        when 'realization' then figures.realization
                        when 'attainment_pct' then figures.reported_pct
                    end is not null
            where
                published.content_sha256 = facts.content_sha256
                and published.fact_index = facts.fact_index
        )
)

select * from unaccounted
