{#- The target history. Like the incremental marts it reads only the offices and years with
    rows loaded since its own watermark (which never passes fct_attainment_latest's): a row it
    does not read keeps its current version (hard deletes are ignored), so a night with nothing
    new compares nothing. --full-refresh compares every row. -#}
{% snapshot snap_targets %}
{{ config(
    schema='dbt_snapshots',
    unique_key=['office_code', 'segment', 'metric', 'year'],
    strategy='check',
    check_cols=['target'],
    post_hook="{{ record_upstream_watermark('snap_targets', ['fct_attainment_latest']) }}",
) }}
-- depends_on: {{ ref('int_office_lookup') }}
select * from {{ ref('fct_attainment_latest') }}
where {{ touched_office_years_condition('snap_targets') }}
{% endsnapshot %}
