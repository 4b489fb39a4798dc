{#- The confidence a news fact needs to reach the marts without a person's review: the
    extractor's setting CAPAIAN_NEWS_PUBLISH_CONFIDENCE, else var news_publish_confidence (the
    extractor reads the same var). Whether a fact waits is the extractor's `review` flag; this only
    words the reason in the review list. Read at execution, never while parsing, so that
    setting it does not make dbt parse the project again. -#}
{% macro news_publish_confidence() %}
    {%- set default = var('news_publish_confidence') -%}
    {%- if not execute -%}
        {{ return(default) }}
    {%- endif -%}
    {%- set raw = env_var('CAPAIAN_NEWS_PUBLISH_CONFIDENCE', '') | trim -%}
    {%- if raw == '' -%}
        {{ return(default) }}
    {%- endif -%}
    {%- set value = raw | float(-1) -%}
    {%- if not (0 <= value <= 1) -%}
        {{ exceptions.raise_compiler_error(
            "CAPAIAN_NEWS_PUBLISH_CONFIDENCE must be a number from 0 to 1, not '" ~ raw ~ "'") }}
    {%- endif -%}
    {{ return(value) }}
{% endmacro %}
