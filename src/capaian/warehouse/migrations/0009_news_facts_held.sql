-- News facts held back from the marts because they failed a blocking expectation of the
-- staging news suite: one misread article must not stop the nightly refresh, nor reach BI.
-- Rewritten by every validation of staging.news_facts; dbt leaves these facts out and lists
-- them, with their evidence, in int_news_facts_held_for_review.
create table if not exists audit.news_facts_held (
    content_sha256 text        not null,
    fact_index     integer     not null,
    expectation    text        not null,
    run_id         text        not null,
    held_at        timestamptz not null default now(),
    primary key (content_sha256, fact_index, expectation)
);
