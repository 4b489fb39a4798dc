{#- An office's figure for a metric, the one rule for every model that needs one: its own
    segment ALL figure where it gave one, else the sum of its segment figures (PU, BPU, JAKON,
    PMI), never both. The segments add up to ALL, so where an office did not state its ALL
    figure their sum is that figure; adding ALL to its segments would count every participant
    twice. Used as
        <totals> as ({{ office_totals('<figures>', ['office_code', 'metric', 'year']) }})
    where <figures> holds one figure per office, segment and the columns given (not null), with
    office_name, office_level, region_name, target, realization, as_of_date, source_kind and
    source_ref; the columns given identify one total. Each total has total_basis (office_total
    or sum_of_segments), figure_count, target, realization, as_of_date (the latest),
    source_kinds and source_refs ("; "-separated). Whether the office gave ALL is a window over
    the figures, not an anti-join: one pass, whatever the planner thinks of a new table. -#}
{% macro office_totals(figures, per) -%}
    select
        {%- for column in per %}
        {{ column }},
        {%- endfor %}
        office_name,
        office_level,
        region_name,
        'office_total' as total_basis,
        1 as figure_count,
        target,
        realization,
        as_of_date,
        source_kind as source_kinds,
        source_ref as source_refs
    from {{ figures }}
    where segment = 'ALL'
    union all
    select
        {%- for column in per %}
        {{ column }},
        {%- endfor %}
        office_name,
        office_level,
        region_name,
        'sum_of_segments' as total_basis,
        count(*) as figure_count,
        sum(target) as target,
        sum(realization) as realization,
        max(as_of_date) as as_of_date,
        string_agg(distinct source_kind, '; ' order by source_kind) as source_kinds,
        string_agg(distinct source_ref, '; ' order by source_ref) as source_refs
    from (
        select
            *,
            bool_or(segment = 'ALL') over (partition by {{ per | join(', ') }}) as gave_all
        from {{ figures }}
    ) as office_figures
    where segment <> 'ALL' and not gave_all
    group by
        {%- for column in per %}
        {{ column }},
        {%- endfor %}
        office_name,
        office_level,
        region_name
{%- endmacro %}
