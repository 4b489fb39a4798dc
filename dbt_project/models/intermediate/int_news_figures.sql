-- News facts come one measure at a time (a target in one sentence, the realization in
-- another); here they are put side by side per article, office, segment, metric, year and
-- participant kind. Only published facts come here: a fact waiting for review (below the
-- publish confidence, without a known office, held back by the quality gate) is in
-- int_news_facts_held_for_review instead.
--
-- New participants (acquisitions) and active ones (the stock) are different figures and never
-- share a row: an article quoting both for the same office, segment, metric and year gives a
-- row per kind, told apart in source_ref ("<article id> (new participants)"), and a figure
-- whose kind the text left open joins neither (its own row, "(participant kind not stated)").
-- Where an article speaks of one kind only, a figure whose kind is not stated belongs with it.
with published_facts as (
    select * from {{ ref('int_news_facts_published') }}
),

kinds_per_figure as (
    select
        content_sha256,
        office,
        segment,
        metric,
        year,
        count(distinct participant_kind) as kind_count
    from published_facts
    group by content_sha256, office, segment, metric, year
),

facts as (
    select
        published_facts.*,
        case
            when kinds_per_figure.kind_count < 2 then null
            when published_facts.participant_kind is null
                then 'participant kind not stated'
            else published_facts.participant_kind || ' participants'
        end as kind_label
    from published_facts
    inner join kinds_per_figure
        on
            published_facts.content_sha256 = kinds_per_figure.content_sha256
            and published_facts.office = kinds_per_figure.office
            and published_facts.segment = kinds_per_figure.segment
            and published_facts.metric = kinds_per_figure.metric
            and published_facts.year = kinds_per_figure.year
),

article_dates as (
    -- The article's date stands in for the as-of date; without one, or where the date was
    -- only guessed from the text (stg_news_facts.is_published_at_guessed), the end of the year.
    select distinct
        content_sha256,
        published_at,
        is_published_at_guessed
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
                not coalesce(article_dates.is_published_at_guessed, false)
                and article_dates.published_at ~ '^\d{4}-\d{2}-\d{2}$'
                and left(article_dates.published_at, 4)::integer = facts.year
                then article_dates.published_at::date
        end,
        make_date(facts.year, 12, 31)
    ) as as_of_date,
    max(facts.value) filter (where facts.measure = 'target') as target,
    max(facts.value) filter (where facts.measure = 'realization') as realization,
    max(facts.value) filter (where facts.measure = 'attainment_pct') as reported_pct,
    'news' as source_kind,
    facts.doc_id || coalesce(' (' || facts.kind_label || ')', '') as source_ref,
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
    article_dates.is_published_at_guessed,
    facts.doc_id,
    facts.kind_label,
    facts.content_sha256
