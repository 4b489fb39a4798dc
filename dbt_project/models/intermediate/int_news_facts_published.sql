-- The news facts that reach the marts: every staged fact not on the review list and not
-- rejected by a reviewer, with a reviewer's corrections applied where the fact was accepted
-- with some (`capaian review accept ID --office ... --value ...`). A fact in staging is waiting
-- (int_news_facts_held_for_review), published (here) or rejected, never lost.
with staged as (
    select * from {{ ref('stg_news_facts') }}
),

waiting as (
    select
        content_sha256,
        fact_index
    from {{ ref('int_news_facts_held_for_review') }}
),

decisions as (
    select * from {{ ref('stg_review_decisions') }}
    where action in ('accept', 'reject')
),

not_waiting as (
    select staged.*
    from staged
    where not exists (
        select 1
        from waiting
        where
            waiting.content_sha256 = staged.content_sha256
            and waiting.fact_index = staged.fact_index
    )
)

select
    not_waiting.fact_id,
    not_waiting.content_sha256,
    not_waiting.fact_index,
    not_waiting.doc_id,
    not_waiting.title,
    not_waiting.url,
    not_waiting.publisher,
    not_waiting.published_at,
    not_waiting.is_published_at_guessed,
    coalesce(decisions.office, not_waiting.office) as office,
    not_waiting.office_level,
    coalesce(decisions.segment, not_waiting.segment) as segment,
    coalesce(decisions.metric, not_waiting.metric) as metric,
    not_waiting.participant_kind,
    not_waiting.measure,
    coalesce(decisions.value, not_waiting.value) as value,
    not_waiting.unit,
    coalesce(decisions.year, not_waiting.year) as year,
    not_waiting.is_approximate,
    not_waiting.evidence,
    not_waiting.start_offset,
    not_waiting.end_offset,
    not_waiting.confidence,
    not_waiting.is_for_review,
    not_waiting.extractor_version,
    not_waiting.loaded_at,
    coalesce(decisions.action = 'accept', false) as is_accepted_by_reviewer
from not_waiting
left join decisions
    on not_waiting.fact_id = decisions.item_id
where decisions.action is null or decisions.action = 'accept'
