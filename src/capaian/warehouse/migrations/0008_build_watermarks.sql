-- How far each incremental dbt model has read its sources: the largest staging loaded_at it
-- has taken in. Written by the model's own post-hook in the same transaction as its rows, so
-- the watermark never runs ahead of the data; a --full-refresh starts it again.
create table if not exists audit.build_watermarks (
    model_name   text primary key,
    watermark    timestamptz not null,
    recorded_at  timestamptz not null default now()
);

-- Incremental builds look for rows loaded after their watermark.
create index if not exists branch_report_rows_loaded_at on staging.branch_report_rows (loaded_at);
create index if not exists news_facts_loaded_at on staging.news_facts (loaded_at);
