-- Branch-report and news figures in one shape, each resolved to a gazetteer office where
-- its code or name is known. Unresolved figures keep office_code null: the review model
-- lists them and the marts leave them out until the gazetteer knows the office.
with figures as (
    select * from {{ ref('int_branch_report_figures') }}
    union all
    select * from {{ ref('int_news_figures') }}
),

lookup as (
    -- A name shared by two offices resolves to neither.
    select * from {{ ref('int_office_lookup') }}
    where candidate_count = 1
)

select
    coalesce(by_code.office_code, by_name.office_code) as office_code,
    figures.*
from figures
left join lookup as by_code
    on lower(figures.reported_office_code) = by_code.lookup_name
left join lookup as by_name
    on lower(figures.reported_office_name) = by_name.lookup_name
