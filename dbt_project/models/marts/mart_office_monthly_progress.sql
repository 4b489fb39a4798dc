-- Each office, metric, year and month: where its realization stood by the month's last
-- branch report, against where it should stand by then, the pro-rata target:
--   pro_rata_target = the year's target x (days of the year elapsed by the as-of date
--                     / days in the year), so "behind" means behind where the office should
--                     be by now, not behind the whole year's target.
-- Only branch reports (they give year-to-date figures as of a date); within a month the
-- latest as-of date counts. The office's figure is its ALL figure where it gave one, else
-- the sum of its segments, never both (macros/office_totals.sql), month by month.
with branch_figures as (
    select
        *,
        date_trunc('month', as_of_date)::date as month
    from {{ ref('fct_attainment') }}
    where
        source_kind = 'branch_report'
        and as_of_date is not null
        and target is not null
        and realization is not null
),

latest_in_month as (
    select
        *,
        row_number() over (
            partition by office_code, segment, metric, year, month
            order by as_of_date desc, source_ref desc
        ) as recency_rank
    from branch_figures
),

month_figures as (
    select * from latest_in_month
    where recency_rank = 1
),

office_months as (
    {{ office_totals('month_figures', ['office_code', 'metric', 'year', 'month']) }}
),

elapsed as (
    select
        *,
        -- Share of the performance year gone by the as-of date, within 0 and 1 (a report
        -- dated after 31 December still speaks of the whole year).
        least(1, greatest(0, round(
            ((as_of_date - make_date(year, 1, 1)) + 1)::numeric
            / (make_date(year + 1, 1, 1) - make_date(year, 1, 1)),
            6
        ))) as year_elapsed_share
    from office_months
),

pro_rata as (
    select
        *,
        round(target * year_elapsed_share, 2) as pro_rata_target
    from elapsed
)

select
    office_code,
    office_name,
    office_level,
    region_name,
    metric,
    year::integer as year,
    month,
    as_of_date,
    total_basis,
    target,
    realization,
    year_elapsed_share,
    pro_rata_target,
    {{ attainment_pct('realization', 'target') }} as attainment_pct,
    {{ attainment_pct('realization', 'pro_rata_target') }} as pro_rata_attainment_pct,
    pro_rata_target - realization as gap_to_pro_rata,
    coalesce(pro_rata_target > 0 and realization < pro_rata_target, false)
        as is_behind_pro_rata,
    month = max(month) over (partition by office_code, metric, year) as is_latest_month
from pro_rata
