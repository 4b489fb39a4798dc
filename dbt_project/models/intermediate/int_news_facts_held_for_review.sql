-- The review list: every news fact that waits for a person instead of reaching the marts,
-- with the sentence it was read from and why it waits, so that a reviewer can see at once
-- whether the article or the extractor is wrong. A fact waits when
--   - the extractor marked it for review: below the publish confidence, or its office is
--     missing or not a gazetteer entry;
--   - it has no office, or one the gazetteer does not resolve (extractors before 1.2.0 did
--     not mark these, and the gazetteer may have changed since the fact was read);
--   - the quality gate held it back (a blocking expectation of the staging news suite);
-- and no reviewer has decided about it yet (`capaian review accept` / `reject`).
-- int_news_facts_published takes every other fact not rejected: a fact in staging is waiting,
-- published or rejected, never lost.
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
),

office_names as (
    select
        lookup_name,
        candidate_count,
        is_mapped_by_reviewer
    from {{ ref('int_office_lookup') }}
),

decided as (
    select item_id from {{ ref('stg_review_decisions') }}
    where action in ('accept', 'reject')
),

judged as (
    select
        facts.*,
        {{ news_fact_id('facts') }} as fact_id,
        office_names.is_mapped_by_reviewer,
        held.failed_expectations,
        held.held_at,
        case
            when facts.review and facts.confidence < {{ news_publish_confidence() }}
                then
                    'confidence ' || round(facts.confidence, 2)
                    || ' below {{ news_publish_confidence() }}'
        end as confidence_reason,
        case
            when facts.office is null then 'no office'
            when office_names.lookup_name is null then 'office not in the gazetteer'
            when office_names.candidate_count > 1
                then 'office name shared by several gazetteer offices'
        end as office_reason,
        case
            when held.content_sha256 is not null
                then 'held back by the quality gate: ' || held.failed_expectations
        end as quality_gate_reason
    from facts
    left join held
        on
            facts.content_sha256 = held.content_sha256
            and facts.fact_index = held.fact_index
    left join office_names
        on lower(facts.office) = office_names.lookup_name
),

reasoned as (
    select
        *,
        concat_ws(
            '; ',
            confidence_reason,
            office_reason,
            quality_gate_reason,
            -- Marked with a publish confidence other than today's: the mark stands, unless a
            -- reviewer has since mapped the office name the extractor did not know.
            case
                when
                    review and confidence_reason is null and office_reason is null
                    and not coalesce(is_mapped_by_reviewer, false)
                    then 'marked for review by the extractor'
            end
        ) as reason
    from judged
)

select
    reasoned.fact_id,
    reasoned.content_sha256,
    reasoned.fact_index,
    reasoned.doc_id,
    articles.url,
    articles.publisher,
    reasoned.office,
    reasoned.segment,
    reasoned.metric,
    reasoned.participant_kind,
    reasoned.measure,
    reasoned.value,
    reasoned.year,
    reasoned.confidence,
    reasoned.evidence,
    reasoned.reason,
    reasoned.failed_expectations,
    reasoned.held_at
from reasoned
inner join articles
    on reasoned.content_sha256 = articles.content_sha256
where
    reasoned.reason <> ''
    and reasoned.fact_id not in (select decided.item_id from decided)
