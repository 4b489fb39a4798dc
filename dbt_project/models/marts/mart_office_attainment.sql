-- Each office, metric and year as one total: how the office is doing, the figure the report's
-- overview and a BI "offices behind target" count start from.
--   * the office's own ALL figure where it gave one with a target and a realization;
--   * else the sum of its segment figures that have both (total_basis 'sum_of_segments').
-- Never ALL plus its segments: that would count every participant twice. The figures are the
-- latest per segment (fct_attainment_latest), so the precedence is the same as everywhere.
with latest as (
    select * from {{ ref('fct_attainment_latest') }}
    where target is not null and realization is not null
),

office_figures as (
    select
        office_code,
        office_name,
        office_level,
        region_name,
        metric,
        year,
        'office_total' as total_basis,
        1 as figure_count,
        target,
        realization,
        as_of_date,
        source_kind as source_kinds,
        source_ref as source_refs
    from latest
    where segment = 'ALL'
),

segment_sums as (
    select
        office_code,
        office_name,
        office_level,
        region_name,
        metric,
        year,
        'sum_of_segments' as total_basis,
        count(*) as figure_count,
        sum(target) as target,
        sum(realization) as realization,
        max(as_of_date) as as_of_date,
        string_agg(distinct source_kind, '; ' order by source_kind) as source_kinds,
        string_agg(distinct source_ref, '; ' order by source_ref) as source_refs
    from latest
    where segment <> 'ALL'
    group by office_code, office_name, office_level, region_name, metric, year
),

totals as (
    select * from office_figures
    union all
    select * from segment_sums
    where not exists (
        select 1
        from office_figures
        where
            office_figures.office_code = segment_sums.office_code
            and office_figures.metric = segment_sums.metric
            and office_figures.year = segment_sums.year
    )
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
