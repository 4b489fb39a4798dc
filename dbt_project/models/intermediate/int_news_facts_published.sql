-- The news facts that reach the marts: every staged fact not on the review list
-- (int_news_facts_held_for_review). A fact in staging is in exactly one of the two.
with staged as (
    select * from {{ ref('stg_news_facts') }}
),

waiting as (
    select
        content_sha256,
        fact_index
    from {{ ref('int_news_facts_held_for_review') }}
)

select staged.*
from staged
where not exists (
    select 1
    from waiting
    where
        waiting.content_sha256 = staged.content_sha256
        and waiting.fact_index = staged.fact_index
)
