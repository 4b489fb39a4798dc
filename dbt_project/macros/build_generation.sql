{#- on-run-end: the marts in marts_build now hold the staging rows up to int_build_bounds'
    loaded_through. Recorded only when this run built every incremental model, the target
    snapshot and the bounds themselves without an error: a partial or failed build leaves the
    older watermark, so the next build takes the same rows in again (rewriting an office and
    year is safe to repeat). -#}
{% macro record_build_generation(results) %}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set needed = ['int_build_bounds', 'int_office_years_to_rebuild', 'fct_attainment',
                      'fct_attainment_latest', 'mart_discrepancies', 'snap_targets'] -%}
    {%- set succeeded = [] -%}
    {%- set failed = [] -%}
    {%- for result in results -%}
        {%- if result.status in ('error', 'fail', 'skipped', 'runtime error') -%}
            {%- do failed.append(result.node.name) -%}
        {%- elif result.node.name in needed and result.node.resource_type in ('model', 'snapshot') -%}
            {%- do succeeded.append(result.node.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if failed or (needed | reject('in', succeeded) | list) -%}
        {{ return('') }}
    {%- endif -%}
    insert into audit.mart_generations (schema_name, watermark, build_id, published_at)
    select 'marts_build', loaded_through, build_id, null
    from dbt_intermediate.int_build_bounds
    on conflict (schema_name) do update
        set watermark = excluded.watermark, build_id = excluded.build_id, published_at = null
{% endmacro %}
