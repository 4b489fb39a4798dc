{#- realization / target x 100, to four decimals; null without a positive target (a
    percentage of a zero or unknown target means nothing). The one definition every mart uses. -#}
{% macro attainment_pct(realization, target) -%}
    case
        when {{ target }} > 0
            then round({{ realization }} / {{ target }} * 100, 4)
    end
{%- endmacro %}
