-- News, continued: every arrival of an article is recorded, a fact may name no office, and a
-- rejected item is recorded once however often it is read again.

-- A fact whose article names no office ("BPJS Ketenagakerjaan menargetkan ...") is kept with a
-- null office: it waits in dbt_intermediate.int_unresolved_offices instead of being dropped.
alter table staging.news_facts alter column office drop not null;
alter table staging.news_facts alter column office_level drop not null;

-- facts: at least one fact; no_facts: read, nothing to extract (an English article, say);
-- extraction_failed: kept as received, the extractor stumbled on it (its log says why).
alter table raw.news_articles
add constraint news_articles_status_known
check (status in ('facts', 'no_facts', 'extraction_failed'));

-- Every file or feed line an article arrived as. The same article under two names is stored
-- once in raw.news_articles and has two arrivals here: no item received goes unrecorded.
create table if not exists raw.news_article_arrivals (
    content_sha256 text        not null references raw.news_articles (content_sha256),
    source_name    text        not null,
    source_line    integer     not null default 0,  -- 0: the whole file
    doc_id         text        not null,
    first_run_id   text,
    first_seen_at  timestamptz not null default now(),
    primary key (content_sha256, source_name, source_line)
);

insert into raw.news_article_arrivals (
    content_sha256, source_name, source_line, doc_id, first_run_id, first_seen_at
)
select
    content_sha256,
    source_name,
    coalesce(source_line, 0),
    doc_id,
    load_run_id,
    received_at
from raw.news_articles
on conflict do nothing;

-- The rejected item's own content (the file's bytes, or the feed line's), so that reading the
-- same bad item again records nothing new.
alter table audit.news_rejections add column if not exists item_sha256 text;
create unique index if not exists news_rejections_once
on audit.news_rejections (source_name, coalesce(source_line, 0), item_sha256);
