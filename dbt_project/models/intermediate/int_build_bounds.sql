-- What this build takes in: the staging rows loaded after `loaded_after` (the newest loaded_at
-- the marts being built in marts_build already hold, from audit.mart_generations) up to
-- `loaded_through` (the newest visible now). A table, built first, so that every model of the
-- build sees the same bounds even if a load commits meanwhile; the publish step records
-- `loaded_through` as the published marts' watermark. Loaders write staging one at a time and
-- stamp loaded_at after taking their lock, so a row that becomes visible later always carries a
-- later loaded_at than every row seen here.
-- A full refresh, or marts_build without marts (a first build), takes in everything.
{{ config(materialized='table') }}

with generations as (
    select * from {{ source('audit', 'mart_generations') }}
),

build_generation as (
    select watermark
    from generations
    where schema_name = 'marts_build'
),

loaded as (
    select max(loaded_at) as loaded_at from {{ source('staging', 'branch_report_rows') }}
    union all
    select max(loaded_at) as loaded_at from {{ source('staging', 'news_facts') }}
)

select
    '{{ invocation_id }}' as build_id,
    {% if flags.FULL_REFRESH %}
        '-infinity'::timestamptz
    {% else %}
        coalesce(
            (select build_generation.watermark from build_generation),
            '-infinity'::timestamptz
        )
    {% endif %} as loaded_after,
    coalesce(max(loaded.loaded_at), '-infinity'::timestamptz) as loaded_through,
    {{ (rebuild_year_requested() if execute else none) or 'null' }}::integer as rebuild_year
from loaded
