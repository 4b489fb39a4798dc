-- The BI contract (ARCHITECTURE.md): one row per office, segment, metric, year, as-of date
-- and source, with the attainment computed here and the published percentage beside it.
-- Incremental: a build rewrites only the offices and years in int_office_years_to_rebuild
-- (those with new staging rows); `--full-refresh` rebuilds everything the same way.
-- depends_on: {{ ref('int_office_years_to_rebuild') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key=['office_code', 'year'],
    on_schema_change='fail',
) }}

with figures as (
    select * from {{ ref('int_attainment_unioned') }}
    where office_code is not null
),

resolved as (
    select * from figures
    {% if is_incremental() %}
        where (office_code, year) in (
            select office_code, year from {{ ref('int_office_years_to_rebuild') }}
        )
    {% endif %}
),

offices as (
    select * from {{ ref('dim_office') }}
),

computed as (
    select
        resolved.*,
        {{ attainment_pct('resolved.realization', 'resolved.target') }} as attainment_pct
    from resolved
)

select
    computed.office_code,
    offices.office_name,
    offices.office_level,
    offices.region_name,
    computed.segment,
    computed.metric,
    computed.year,
    computed.as_of_date,
    computed.target,
    computed.realization,
    computed.attainment_pct,
    computed.reported_pct,
    round(computed.reported_pct - computed.attainment_pct, 4) as pct_gap,
    computed.source_kind,
    computed.source_ref,
    computed.is_approximate
from computed
inner join offices
    on computed.office_code = offices.office_code
