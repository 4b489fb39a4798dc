-- The whole country per segment, metric and year: every region's branches added up
-- (mart_region_attainment's rolled_up_* figures), the total at the top of the report.
-- Regional offices' own figures are not added in: they would count their branches twice.
-- For the office totals (segment ALL) also how many branches were behind pro rata at their
-- latest report of the year (mart_office_monthly_progress): behind where they should be by
-- then, not behind the whole year's target.
with regions as (
    select * from {{ ref('mart_region_attainment') }}
),

branch_progress as (
    select
        metric,
        year,
        count(*) as branches_with_progress,
        count(*) filter (where is_behind_pro_rata) as branches_behind_pro_rata
    from {{ ref('mart_office_monthly_progress') }}
    where is_latest_month and office_level in ('branch', 'pioneer_branch')
    group by metric, year
),

national as (
    select
        segment,
        metric,
        year,
        count(*) filter (where branch_count > 0) as region_count,
        sum(branch_count)::bigint as branch_count,
        sum(branches_behind_target)::bigint as branches_behind_target,
        sum(rolled_up_target) as target,
        sum(rolled_up_realization) as realization
    from regions
    group by segment, metric, year
)

select
    national.segment,
    national.metric,
    national.year,
    national.region_count,
    national.branch_count,
    national.branches_behind_target,
    branch_progress.branches_with_progress,
    branch_progress.branches_behind_pro_rata,
    national.target,
    national.realization,
    {{ attainment_pct('national.realization', 'national.target') }} as attainment_pct
from national
left join branch_progress
    on
        national.segment = 'ALL'
        and national.metric = branch_progress.metric
        and national.year = branch_progress.year
