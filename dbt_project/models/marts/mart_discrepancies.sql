-- Where the figures do not agree, for review:
--   reported_pct_mismatch   a published percentage differs from its own ratio by more than
--                           var pct_tolerance_points (pct_tolerance_points_approximate when
--                           the source hedged);
--   news_vs_branch_target   a news target differs from the branch report's target for the
--                           same office, segment, metric and year by more than
--                           var figure_tolerance_share;
--   news_vs_branch_realization  the same for realizations as of the same month.
-- Every comparison stays within one office and year, so the mart is incremental like
-- fct_attainment: a night rebuilds only the offices and years with new rows.
-- depends_on: {{ ref('int_office_years_to_rebuild') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['office_code', 'year'],
    on_schema_change='fail',
) }}

with facts as (
    select * from {{ ref('fct_attainment') }}
    {% if is_incremental() %}
        where (office_code, year) in (
            select office_code, year from {{ ref('int_office_years_to_rebuild') }}
        )
    {% endif %}
),

reported_pct_mismatches as (
    select
        'reported_pct_mismatch' as discrepancy_kind,
        office_code,
        office_name,
        segment,
        metric,
        year,
        as_of_date,
        'attainment_pct' as measure,
        reported_pct as stated_value,
        attainment_pct as expected_value,
        pct_gap as difference,
        source_kind,
        source_ref,
        null::text as other_source_ref
    from facts
    where
        reported_pct is not null
        and attainment_pct is not null
        and abs(pct_gap) > case
            when is_approximate then {{ var('pct_tolerance_points_approximate') }}
            else {{ var('pct_tolerance_points') }}
        end
),

news as (
    select * from facts
    where source_kind = 'news'
),

latest as (
    select * from {{ ref('fct_attainment_latest') }}
    {% if is_incremental() %}
        where (office_code, year) in (
            select office_code, year from {{ ref('int_office_years_to_rebuild') }}
        )
    {% endif %}
),

branch as (
    select * from latest
    where source_kind = 'branch_report'
),

branch_months as (
    -- Every as-of month a branch reported, for comparing realizations like with like.
    select * from facts
    where source_kind = 'branch_report'
),

target_disagreements as (
    select
        'news_vs_branch_target' as discrepancy_kind,
        news.office_code,
        news.office_name,
        news.segment,
        news.metric,
        news.year,
        news.as_of_date,
        'target' as measure,
        news.target as stated_value,
        branch.target as expected_value,
        news.target - branch.target as difference,
        news.source_kind,
        news.source_ref,
        branch.source_ref as other_source_ref
    from news
    inner join branch
        on
            news.office_code = branch.office_code
            and news.segment = branch.segment
            and news.metric = branch.metric
            and news.year = branch.year
    where
        news.target is not null
        and branch.target > 0
        and abs(news.target - branch.target) / branch.target > {{ var('figure_tolerance_share') }}
),

realization_disagreements as (
    select
        'news_vs_branch_realization' as discrepancy_kind,
        news.office_code,
        news.office_name,
        news.segment,
        news.metric,
        news.year,
        news.as_of_date,
        'realization' as measure,
        news.realization as stated_value,
        branch_months.realization as expected_value,
        news.realization - branch_months.realization as difference,
        news.source_kind,
        news.source_ref,
        branch_months.source_ref as other_source_ref
    from news
    inner join branch_months
        on
            news.office_code = branch_months.office_code
            and news.segment = branch_months.segment
            and news.metric = branch_months.metric
            and date_trunc('month', news.as_of_date) = date_trunc('month', branch_months.as_of_date)
    where
        news.realization is not null
        and branch_months.realization > 0
        and abs(news.realization - branch_months.realization) / branch_months.realization
        > {{ var('figure_tolerance_share') }}
)

select * from reported_pct_mismatches
union all
select * from target_disagreements
union all
select * from realization_disagreements
