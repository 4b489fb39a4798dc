{#- The year to rebuild whole, from CAPAIAN_REBUILD_YEAR (the nightly's `rebuild_year`
    parameter); none when it is empty. Call it only while executing (`execute`), never while
    parsing, so that setting it does not make dbt parse the project again. -#}
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
