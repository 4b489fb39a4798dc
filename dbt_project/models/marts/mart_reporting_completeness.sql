-- For every office the gazetteer marks as sending monthly reports (report_cadence 'monthly'):
-- the last month it sent figures for, and whether the last complete month is missing. "Last
-- complete month" is the month before the warehouse's today, so this mart changes with the
-- calendar as well as with the data. Reports count under the office they resolve to, as in
-- fct_attainment (a withdrawn file does not count).
with offices as (
    select * from {{ ref('office_gazetteer') }}
    where report_cadence = 'monthly'
),

reported as (
    select
        office_code,
        max(date_trunc('month', as_of_date))::date as last_reported_month
    from {{ ref('fct_attainment') }}
    where source_kind = 'branch_report'
    group by office_code
),

calendar as (
    select (date_trunc('month', current_date) - interval '1 month')::date as last_complete_month
),

gaps as (
    select
        reported.office_code,
        reported.last_reported_month,
        age(calendar.last_complete_month, reported.last_reported_month) as gap
    from reported
    cross join calendar
)

select
    offices.office_code,
    offices.office_name,
    nullif(offices.region_name, '') as region_name,
    offices.report_cadence,
    reported.last_reported_month,
    calendar.last_complete_month,
    coalesce(reported.last_reported_month < calendar.last_complete_month, true)
        as is_last_month_missing,
    case
        when reported.last_reported_month is not null
            then greatest(
                0, (extract(year from gaps.gap) * 12 + extract(month from gaps.gap))::integer
            )
    end as months_missing
from offices
cross join calendar
left join reported
    on offices.office_code = reported.office_code
left join gaps
    on offices.office_code = gaps.office_code
