-- News facts come one measure at a time (a target in one sentence, the realization in
-- another); here they are put side by side per article, office, segment, metric, year and
-- participant kind. New participants (acquisitions) and active ones (the stock) are different
-- figures: an article quoting both for the same office, segment, metric and year gives two
-- rows, told apart in source_ref ("<article id> (new participants)"). Where an article
-- speaks of one kind only, a figure whose kind the text left open belongs with it.
with all_facts as (
    select * from {{ ref('stg_news_facts') }}
),

kinds_per_figure as (
    select
        content_sha256,
        office,
        segment,
        metric,
        year,
        count(distinct participant_kind) as kind_count
    from all_facts
    group by content_sha256, office, segment, metric, year
),

facts as (
    select
        all_facts.*,
        case
            when kinds_per_figure.kind_count > 1 then all_facts.participant_kind
        end as distinguishing_kind
    from all_facts
    inner join kinds_per_figure
        on
            all_facts.content_sha256 = kinds_per_figure.content_sha256
            and all_facts.office = kinds_per_figure.office
            and all_facts.segment = kinds_per_figure.segment
            and all_facts.metric = kinds_per_figure.metric
            and all_facts.year = kinds_per_figure.year
),

article_dates as (
    -- The article's date stands in for the as-of date; without one, the end of the year.
    select distinct
        content_sha256,
        published_at
    from facts
)

select
    null::text as reported_office_code,
    facts.office as reported_office_name,
    facts.segment,
    facts.metric,
    facts.year,
    coalesce(
        case
            when
                article_dates.published_at ~ '^\d{4}-\d{2}-\d{2}$'
                and left(article_dates.published_at, 4)::integer = facts.year
                then article_dates.published_at::date
        end,
        make_date(facts.year, 12, 31)
    ) as as_of_date,
    max(facts.value) filter (where facts.measure = 'target') as target,
    max(facts.value) filter (where facts.measure = 'realization') as realization,
    max(facts.value) filter (where facts.measure = 'attainment_pct') as reported_pct,
    'news' as source_kind,
    facts.doc_id
    || coalesce(' (' || facts.distinguishing_kind || ' participants)', '') as source_ref,
    bool_or(facts.is_approximate) as is_approximate
from facts
inner join article_dates
    on facts.content_sha256 = article_dates.content_sha256
group by
    facts.office,
    facts.segment,
    facts.metric,
    facts.year,
    article_dates.published_at,
    facts.doc_id,
    facts.distinguishing_kind,
    facts.content_sha256
