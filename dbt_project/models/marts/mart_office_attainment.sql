-- Each office, metric and year as one total: how the office is doing, the figure the report's
-- overview and a BI "offices behind target" count start from.
-- The office's own ALL figure where it gave one with a target and a realization, else the sum
-- of its segment figures that have both: the rule of macros/office_totals.sql. The figures are
-- the latest per segment (fct_attainment_latest), so the precedence is the same as everywhere.
with latest as (
    select * from {{ ref('fct_attainment_latest') }}
    where target is not null and realization is not null
),

totals as (
    {{ office_totals('latest', ['office_code', 'metric', 'year']) }}
)

select
    office_code,
    office_name,
    office_level,
    region_name,
    metric,
    year,
    total_basis,
    figure_count::integer as figure_count,
    target,
    realization,
    {{ attainment_pct('realization', 'target') }} as attainment_pct,
    coalesce(target > 0 and realization < target, false) as is_behind_target,
    as_of_date,
    source_kinds,
    source_refs
from totals
