{#-
  Incremental builds of fct_attainment: only the offices and years that received new rows
  since the last build are rebuilt (delete+insert on office_code, year), which gives the same
  rows as a full refresh because every figure of an office and year is recomputed together.

  The watermark (the newest staging loaded_at already taken in) lives in
  audit.build_watermarks and is moved by the model's post-hook, inside the same transaction
  as its rows. The model's pre-hook records, in audit.build_scopes, which offices and years
  the build rewrites, so that data tests can check only those rows (macros/test_scopes.sql).
-#}

{% macro watermark_of(model_name) -%}
    (
        select coalesce(max(watermark), '-infinity'::timestamptz)
        from audit.build_watermarks
        where model_name = '{{ model_name }}'
    )
{%- endmacro %}


{#- The (office_code, year) pairs with rows loaded after the watermark, as a SQL condition on
    the columns office_code and year; `true` (everything) when the build is not incremental.
    Read at run time, so that a night with nothing new compiles to `false` and scans nothing.
    CAPAIAN_REBUILD_YEAR (the nightly's `rebuild_year` parameter) adds every office of that
    year. It is read only at execution, never while parsing, so that setting it does not make
    dbt re-parse the project. -#}
{% macro touched_office_years_condition(model_name) %}
    {%- if not execute or not builds_incrementally() -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set touched_query -%}
        with lookup as (
            select lookup_name, office_code from {{ ref('int_office_lookup') }}
            where candidate_count = 1
        ),
        new_rows as (
            select lower(office_code) as code_name, lower(office_name) as office_name,
                   extract(year from report_date)::integer as year
            from {{ source('staging', 'branch_report_rows') }}
            where loaded_at > {{ watermark_of(model_name) }}
            union
            select null, lower(office), year
            from {{ source('staging', 'news_facts') }}
            where loaded_at > {{ watermark_of(model_name) }}
        )
        select distinct coalesce(by_code.office_code, by_name.office_code), new_rows.year
        from new_rows
        left join lookup as by_code on new_rows.code_name = by_code.lookup_name
        left join lookup as by_name on new_rows.office_name = by_name.lookup_name
        where coalesce(by_code.office_code, by_name.office_code) is not null
    {%- endset -%}
    {%- set conditions = [] -%}
    {%- set rebuild_year = rebuild_year_requested() -%}
    {%- if rebuild_year -%}
        {%- do conditions.append('year = ' ~ rebuild_year) -%}
    {%- endif -%}
    {%- set touched = run_query(touched_query).rows -%}
    {%- set pairs = [] -%}
    {%- for office_code, year in touched -%}
        {%- do pairs.append("('" ~ office_code | replace("'", "''") ~ "', " ~ year ~ ")") -%}
    {%- endfor -%}
    {%- if pairs -%}
        {%- do conditions.append('(office_code, year) in (' ~ pairs | join(', ') ~ ')') -%}
    {%- endif -%}
    {%- if not conditions -%}
        {{ return('false') }}
    {%- endif -%}
    {{ return('(' ~ conditions | join(' or ') ~ ')') }}
{% endmacro %}


{#- The year to rebuild whole, from CAPAIAN_REBUILD_YEAR; none when it is empty. -#}
{% macro rebuild_year_requested() %}
    {%- set raw = env_var('CAPAIAN_REBUILD_YEAR', '') | trim -%}
    {%- if raw == '' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if not (raw is string and raw.isdigit() and var('first_year') <= raw | int <= 2100) -%}
        {{ exceptions.raise_compiler_error(
            "CAPAIAN_REBUILD_YEAR must be a year from " ~ var('first_year') ~ " to 2100, not '" ~ raw ~ "'") }}
    {%- endif -%}
    {{ return(raw | int) }}
{% endmacro %}


{% macro record_watermark(model_name) %}
    insert into audit.build_watermarks (model_name, watermark)
    select
        '{{ model_name }}',
        greatest(
            coalesce((select max(loaded_at) from {{ source('staging', 'branch_report_rows') }}),
                     '-infinity'::timestamptz),
            coalesce((select max(loaded_at) from {{ source('staging', 'news_facts') }}),
                     '-infinity'::timestamptz)
        )
    on conflict (model_name) do update
        set watermark = excluded.watermark, recorded_at = now()
{% endmacro %}


{#- Models that read other incremental models (mart_discrepancies, snap_targets) take in only
    what those have taken in: their watermark is the smallest of their upstream models', so
    that building one of them alone never moves it past rows its upstream has not read yet. -#}
{% macro record_upstream_watermark(model_name, upstream_models) %}
    insert into audit.build_watermarks (model_name, watermark)
    select '{{ model_name }}', coalesce(min(watermark), '-infinity'::timestamptz)
    from audit.build_watermarks
    where model_name in ('{{ upstream_models | join("', '") }}')
    on conflict (model_name) do update
        set watermark = excluded.watermark, recorded_at = now()
{% endmacro %}


{#- Pre-hook: remember which offices and years this build of the model rewrites (the same
    condition its SQL uses), for the tests scoped to the rows of this build. -#}
{% macro record_build_scope(model_name) %}
    {%- set condition = touched_office_years_condition(model_name) -%}
    insert into audit.build_scopes (model_name, scope_condition)
    values ('{{ model_name }}', '{{ condition | replace("'", "''") }}')
    on conflict (model_name) do update
        set scope_condition = excluded.scope_condition, recorded_at = now()
{% endmacro %}


{#- is_incremental(), extended to the target snapshot: it too reads only the offices and years
    with new rows once it exists (rows it does not see keep their current version), and all of
    them with --full-refresh. -#}
{% macro builds_incrementally() %}
    {%- if model.resource_type == 'snapshot' -%}
        {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
        {{ return(existing is not none and not flags.FULL_REFRESH) }}
    {%- endif -%}
    {{ return(is_incremental()) }}
{% endmacro %}
