-- Everything waiting for a person, readable by BI so that reviewers can use their BI tool too:
--   news_fact    a news fact the marts leave out (below the publish confidence, an office the
--                gazetteer does not know, held back by the quality gate), with its evidence;
--   office_name  an office name no gazetteer entry goes by, with how many figures wait on it.
-- `capaian review list` shows the same; `capaian review accept / reject / map-office` settle
-- items by their id, and the next build applies the decision.
with waiting_facts as (
    select * from {{ ref('int_news_facts_held_for_review') }}
),

unresolved as (
    select * from {{ ref('int_unresolved_offices') }}
),

decided as (
    select item_id from {{ ref('stg_review_decisions') }}
),

facts as (
    select
        fact_id as item_id,
        'news_fact' as item_kind,
        office,
        segment,
        metric,
        measure,
        value,
        year,
        evidence,
        reason,
        doc_id as source_ref,
        url,
        1::bigint as figure_count
    from waiting_facts
),

office_names as (
    select
        {{ office_name_id('reported_office_name') }} as item_id,
        'office_name' as item_kind,
        min(reported_office_name) as office,
        null::text as segment,
        null::text as metric,
        null::text as measure,
        null::numeric as value,
        null::integer as year,
        null::text as evidence,
        'office not in the gazetteer' as reason,
        string_agg(distinct source_ref, '; ' order by source_ref) as source_ref,
        null::text as url,
        sum(figure_count)::bigint as figure_count
    from unresolved
    where reported_office_name is not null
    group by {{ office_name_id('reported_office_name') }}
)

select * from facts
union all
select * from office_names
where item_id not in (select decided.item_id from decided)
