{#- Use the schema names in dbt_project.yml as they are, rather than dbt's default of
    prefixing them with the target schema: the warehouse's layers have fixed names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
