-- Branch-report and news figures in one shape, each resolved to a gazetteer office where
-- its code or name is known (macros/office_resolution.sql). Unresolved figures keep
-- office_code null: the review model lists them and the marts leave them out until the
-- gazetteer knows the office.
with figures as (
    select * from {{ ref('int_branch_report_figures') }}
    union all
    select * from {{ ref('int_news_figures') }}
)

select
    {{ resolved_office_code() }} as office_code,
    figures.*
from figures
{{ join_office_lookup('figures') }}
