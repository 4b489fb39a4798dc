-- Every published news fact with the sentence it was read from and its article, so that a BI
-- user (and the attainment report) can check a news figure against its source. Facts waiting
-- for review or held back by the quality gate are not here: they are not published.
with published_facts as (
    select * from {{ ref('int_news_facts_published') }}
),

lookup as (
    select * from {{ ref('int_office_lookup') }}
    where candidate_count = 1
),

offices as (
    select * from {{ ref('dim_office') }}
)

select
    published_facts.content_sha256,
    published_facts.fact_index,
    published_facts.doc_id,
    published_facts.title,
    published_facts.url,
    published_facts.publisher,
    published_facts.published_at,
    published_facts.is_published_at_guessed,
    offices.office_code,
    offices.office_name,
    published_facts.office as office_as_read,
    published_facts.segment,
    published_facts.metric,
    published_facts.participant_kind,
    published_facts.measure,
    published_facts.value,
    published_facts.unit,
    published_facts.year,
    published_facts.is_approximate,
    published_facts.confidence,
    published_facts.evidence,
    published_facts.start_offset
from published_facts
inner join lookup
    on lower(published_facts.office) = lookup.lookup_name
inner join offices
    on lookup.office_code = offices.office_code
