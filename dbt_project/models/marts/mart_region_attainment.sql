-- Each region, segment, metric and year two ways, side by side and never added together:
--   rolled_up_*  the sum of its branches' figures;
--   reported_*   what the regional office itself reported (or the press quoted for it).
-- A segment's figures are the latest per office (fct_attainment_latest); ALL is each office's
-- total (mart_office_attainment: its own ALL figure, else the sum of its segments), so a
-- branch that reported by segment only still counts in its region's total.
-- A branch without a target (or realization) leaves the rolled-up sum incomplete: the
-- branch counts say how many branches each sum stands on.
with segment_figures as (
    select
        office_level,
        region_name,
        segment,
        metric,
        year,
        target,
        realization,
        source_kind,
        source_ref
    from {{ ref('fct_attainment_latest') }}
    where segment <> 'ALL'
),

office_totals as (
    select
        office_level,
        region_name,
        'ALL' as segment,
        metric,
        year,
        target,
        realization,
        source_kinds as source_kind,
        source_refs as source_ref
    from {{ ref('mart_office_attainment') }}
),

latest as (
    select * from segment_figures
    union all
    select * from office_totals
),

rolled_up as (
    select
        region_name,
        segment,
        metric,
        year,
        count(*) as branch_count,
        count(target) as branches_with_target,
        count(realization) as branches_with_realization,
        count(*) filter (where target > 0 and realization < target) as branches_behind_target,
        sum(target) as rolled_up_target,
        sum(realization) as rolled_up_realization
    from latest
    where office_level in ('branch', 'pioneer_branch')
    group by region_name, segment, metric, year
),

reported as (
    select
        region_name,
        segment,
        metric,
        year,
        target as reported_target,
        realization as reported_realization,
        source_kind as reported_source_kind,
        source_ref as reported_source_ref
    from latest
    where office_level = 'region'
),

regions_and_keys as (
    select
        region_name,
        segment,
        metric,
        year
    from rolled_up
    union
    select
        region_name,
        segment,
        metric,
        year
    from reported
)

select
    regions_and_keys.region_name,
    regions_and_keys.segment,
    regions_and_keys.metric,
    regions_and_keys.year,
    coalesce(rolled_up.branch_count, 0) as branch_count,
    coalesce(rolled_up.branches_with_target, 0) as branches_with_target,
    coalesce(rolled_up.branches_with_realization, 0) as branches_with_realization,
    coalesce(rolled_up.branches_behind_target, 0) as branches_behind_target,
    rolled_up.rolled_up_target,
    rolled_up.rolled_up_realization,
    {{ attainment_pct('rolled_up.rolled_up_realization', 'rolled_up.rolled_up_target') }}
        as rolled_up_attainment_pct,
    reported.reported_target,
    reported.reported_realization,
    {{ attainment_pct('reported.reported_realization', 'reported.reported_target') }}
        as reported_attainment_pct,
    reported.reported_source_kind,
    reported.reported_source_ref
from regions_and_keys
left join rolled_up
    on
        regions_and_keys.region_name = rolled_up.region_name
        and regions_and_keys.segment = rolled_up.segment
        and regions_and_keys.metric = rolled_up.metric
        and regions_and_keys.year = rolled_up.year
left join reported
    on
        regions_and_keys.region_name = reported.region_name
        and regions_and_keys.segment = reported.segment
        and regions_and_keys.metric = reported.metric
        and regions_and_keys.year = reported.year
where regions_and_keys.region_name is not null
