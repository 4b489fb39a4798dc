-- News: every article exactly as received (deduplicated by content), the text the extractor
-- read from it, and the facts it found, each with its evidence sentence and offsets.

create table if not exists raw.news_articles (
    content_sha256 text primary key,
    doc_id         text        not null,
    source_name    text        not null,
    source_line    integer,
    url            text,
    publisher      text,
    published_at   text,
    title          text,
    received_body  text        not null,
    article_text   text        not null,
    status         text        not null,
    received_at    timestamptz not null default now(),
    load_run_id    text
);

create table if not exists staging.news_facts (
    content_sha256    text    not null references raw.news_articles (content_sha256),
    fact_index        integer not null,
    doc_id            text    not null,
    office            text    not null,
    office_level      text    not null,
    segment           text    not null,
    metric            text    not null,
    participant_kind  text,
    measure           text    not null,
    value             numeric not null,
    unit              text    not null,
    year              integer not null,
    approximate       boolean not null,
    evidence          text    not null,
    start_offset      integer not null,
    end_offset        integer not null,
    extractor_version text    not null,
    loaded_at         timestamptz not null default now(),
    primary key (content_sha256, fact_index)
);

-- Items that could not be taken as articles at all (empty, binary, a broken feed line), so
-- that every item received is accounted for.
create table if not exists audit.news_rejections (
    source_name text        not null,
    source_line integer,
    reason      text        not null,
    run_id      text,
    rejected_at timestamptz not null default now()
);
