{#- The stable ids `capaian review list` shows and decisions refer to. A news fact's id comes
    from what was read, not from its position in the extractor's output, so that it survives
    loading the article again and extracting it again the same way: the article's content, the
    sentence and the reading (measure, segment, metric, value). An office name's id comes from
    the name as written, case aside. -#}
{% macro news_fact_id(facts) -%}
    'fact-' || left(md5(
        {{ facts }}.content_sha256 || ':' || {{ facts }}.start_offset || ':' || {{ facts }}.measure
        || ':' || {{ facts }}.segment || ':' || {{ facts }}.metric || ':' || {{ facts }}.value
    ), 12)
{%- endmacro %}

{% macro office_name_id(name) -%}
    'office-' || left(md5(lower(btrim({{ name }}))), 12)
{%- endmacro %}
