{#- How a figure's office is found, the one rule for every model that resolves one: by the
    code the source gave, else by its name, each against every name a gazetteer office goes by
    (int_office_lookup); a name shared by two offices resolves to neither. Used as
        from <figures> {{ join_office_lookup('<figures>') }}
    with {{ resolved_office_code() }} in the select list. -#}
{% macro join_office_lookup(figures) -%}
    left join {{ ref('int_office_lookup') }} as office_by_code
        on
            lower({{ figures }}.reported_office_code) = office_by_code.lookup_name
            and office_by_code.candidate_count = 1
    left join {{ ref('int_office_lookup') }} as office_by_name
        on
            lower({{ figures }}.reported_office_name) = office_by_name.lookup_name
            and office_by_name.candidate_count = 1
{%- endmacro %}

{% macro resolved_office_code() -%}
    coalesce(office_by_code.office_code, office_by_name.office_code)
{%- endmacro %}
