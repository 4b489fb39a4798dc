-- Every news fact in staging either waits in the review list or fills its measure in a figure
-- of its article, office, segment, metric and year on the way to the marts: none is dropped
-- silently. Returns the facts that did neither.
with facts as (
    select * from {{ source('staging', 'news_facts') }}
),

waiting as (
    select
        content_sha256,
        fact_index
    from {{ ref('int_news_facts_held_for_review') }}
),

figures as (
    select * from {{ ref('int_news_figures') }}
)

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
        select 1
        from waiting
        where
            waiting.content_sha256 = facts.content_sha256
            and waiting.fact_index = facts.fact_index
    )
    and not exists (
        select 1
        from figures
        where
            (
                figures.source_ref = facts.doc_id
                or left(figures.source_ref, length(facts.doc_id) + 2) = facts.doc_id || ' ('
            )
            and figures.reported_office_name = facts.office
            and figures.segment = facts.segment
            and figures.metric = facts.metric
            and figures.year = facts.year
            and case facts.measure
                when 'target' then figures.target
                when 'realization' then figures.realization
                when 'attainment_pct' then figures.reported_pct
            end is not null
    )
