-- The offices and years this build rewrites in the incremental marts, takes into the target
-- snapshot and tests there: those with staging rows loaded within int_build_bounds, or touched by
-- a reviewer's decision or a retracted file since (resolved to gazetteer offices the way every
-- figure is), and every office in the year a rebuild was asked for. Everything on a full
-- refresh or a first build. Rewriting an office and year whole gives the same rows as a full
-- build, since every figure of an office and year is computed together.
{{ config(materialized='table') }}

with bounds as (
    select * from {{ ref('int_build_bounds') }}
),

decisions as (
    select decided.*
    from {{ ref('stg_review_decisions') }} as decided
    inner join bounds
        on decided.decided_at > bounds.loaded_after
),

new_branch_rows as (
    select
        staged.office_code as reported_office_code,
        staged.office_name as reported_office_name,
        staged.year
    from {{ ref('stg_branch_report_rows') }} as staged
    inner join bounds
        on
            (staged.loaded_at > bounds.loaded_after and staged.loaded_at <= bounds.loaded_through)
            or staged.retracted_at > bounds.loaded_after
),

new_news_facts as (
    select
        null::text as reported_office_code,
        staged.office as reported_office_name,
        staged.year
    from {{ ref('stg_news_facts') }} as staged
    inner join bounds
        on
            (staged.loaded_at > bounds.loaded_after and staged.loaded_at <= bounds.loaded_through)
            or staged.fact_id in (select decisions.item_id from decisions)
),

corrected_facts as (
    -- Where an accepted fact goes: the office and year the reviewer gave.
    select
        null::text as reported_office_code,
        coalesce(decisions.office, staged.office) as reported_office_name,
        coalesce(decisions.year, staged.year) as year
    from decisions
    inner join {{ ref('stg_news_facts') }} as staged
        on decisions.item_id = staged.fact_id
    where decisions.action = 'accept'
),

mapped_names as (
    -- Every figure that names an office a reviewer has just mapped.
    select
        staged.office_code as reported_office_code,
        staged.office_name as reported_office_name,
        staged.year
    from {{ ref('stg_branch_report_rows') }} as staged
    inner join decisions
        on lower(btrim(staged.office_name)) = lower(btrim(decisions.office_name))
    where decisions.action = 'map_office'
    union
    select
        null::text as reported_office_code,
        staged.office as reported_office_name,
        staged.year
    from {{ ref('stg_news_facts') }} as staged
    inner join decisions
        on lower(btrim(staged.office)) = lower(btrim(decisions.office_name))
    where decisions.action = 'map_office'
),

new_rows as (
    select * from new_branch_rows
    union
    select * from new_news_facts
    union
    select * from corrected_facts
    union
    select * from mapped_names
),

touched as (
    select distinct
        {{ resolved_office_code() }} as office_code,
        new_rows.year
    from new_rows
    {{ join_office_lookup('new_rows') }}
),

requested_year as (
    select
        gazetteer.office_code,
        bounds.rebuild_year as year
    from {{ ref('office_gazetteer') }} as gazetteer
    cross join bounds
    where bounds.rebuild_year is not null
)

select
    office_code,
    year
from touched
where office_code is not null
union
select
    office_code,
    year
from requested_year
