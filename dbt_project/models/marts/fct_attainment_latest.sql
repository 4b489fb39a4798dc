-- One row per office, segment, metric and year: the figure chosen by a documented precedence
--   1. branch reports over news (the branch's own books over what the press quoted);
--   2. a later as-of date over an earlier one (year-to-date figures only grow more complete);
--   3. among news on the same date, an exact figure over a hedged one, then the article id
--      (only so that the choice is stable from night to night).
-- Incremental like fct_attainment: only the offices and years with new rows are re-chosen.
-- depends_on: {{ ref('int_office_years_to_rebuild') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['office_code', 'year'],
    on_schema_change='fail',
) }}

with candidates as (
    select * from {{ ref('fct_attainment') }}
    {% if is_incremental() %}
        where (office_code, year) in (
            select office_code, year from {{ ref('int_office_years_to_rebuild') }}
        )
    {% endif %}
),

ranked as (
    select
        *,
        row_number() over (
            partition by office_code, segment, metric, year
            order by
                (source_kind = 'branch_report') desc,
                as_of_date desc,
                is_approximate asc,
                source_ref asc
        ) as precedence_rank
    from candidates
)

select
    office_code,
    office_name,
    office_level,
    region_name,
    segment,
    metric,
    year,
    as_of_date,
    target,
    realization,
    attainment_pct,
    reported_pct,
    source_kind,
    source_ref,
    is_approximate
from ranked
where precedence_rank = 1
