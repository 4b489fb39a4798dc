{#- Rows are unique on a combination of columns (dbt-utils' test, without the package so that
    the project installs nothing at run time). -#}
{% test unique_combination(model, columns) %}
select {{ columns | join(', ') }}, count(*) as duplicates
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
