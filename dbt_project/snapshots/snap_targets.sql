{#- The target history. Like the incremental marts it reads only the offices and years this
    build rewrote (int_office_years_to_rebuild; all of them on a full refresh or a first build):
    a row it does not read keeps its current version (hard deletes are ignored), so a night
    with nothing new compares nothing. -#}
{% snapshot snap_targets %}
{{ config(
    schema='dbt_snapshots',
    unique_key=['office_code', 'segment', 'metric', 'year'],
    strategy='check',
    check_cols=['target'],
) }}
select * from {{ ref('fct_attainment_latest') }}
where (office_code, year) in (
    select office_code, year from {{ ref('int_office_years_to_rebuild') }}
)
{% endsnapshot %}
