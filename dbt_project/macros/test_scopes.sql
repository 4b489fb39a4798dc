{#-
  Data tests on the large incremental tables check the rows the current build wrote, not the
  whole table again every night: a test's `where` config names a scope, resolved here when
  the test runs (dbt's documented way to compute a `where` with macros):

    __rows_of_this_build__         the offices and years the tested model's last build rewrote
                                   (audit.build_scopes, written by its pre-hook): nothing on a
                                   night with nothing new, everything on a full build;
    __rows_loaded_since_last_build__  staging rows loaded after fct_attainment's watermark,
                                   the ones the marts have not taken in yet; everything with
                                   --full-refresh.

  The rows outside the scope were tested when they were written and have not changed since.
  What could change under them is covered elsewhere: staging columns are NOT NULL in the
  warehouse, and the Great Expectations gate on marts_build.fct_attainment checks the whole
  table's offices, segments and metrics against the dimensions before anything is published.
-#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where == '__rows_of_this_build__' -%}
        {%- set where = build_scope_of(relation.identifier) -%}
    {%- elif where == '__rows_loaded_since_last_build__' -%}
        {%- set where = loaded_since_watermark_of('fct_attainment') -%}
    {%- endif -%}
    {%- if where and where != 'true' -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{% macro build_scope_of(model_name) -%}
    {%- if not execute -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set scope_query -%}
        select scope_condition from audit.build_scopes where model_name = '{{ model_name }}'
    {%- endset -%}
    {%- set rows = run_query(scope_query).rows -%}
    {{ return(rows[0][0] if rows | length > 0 else 'true') }}
{%- endmacro %}


{% macro loaded_since_watermark_of(model_name) -%}
    {%- if flags.FULL_REFRESH -%}
        {{ return('true') }}
    {%- endif -%}
    {{ return('loaded_at > ' ~ watermark_of(model_name)) }}
{%- endmacro %}
