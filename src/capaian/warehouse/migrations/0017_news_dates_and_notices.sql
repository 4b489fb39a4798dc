-- A news article's date may be a guess: where its sidecar, feed line or page gives no date that
-- can be right, the date is read from its text (a dateline, "16 November 2018"), which may be
-- the day of an event it reports. The marts use such a date only as a guess (never as an exact
-- as-of date). Articles loaded before this migration keep false: their dates came from metadata.
alter table raw.news_articles
add column if not exists published_at_guessed boolean not null default false;

-- What was wrong with an article that was still kept (a published_at that does not exist or
-- lies before 2014 or after the load), naming the file and field: a notice, not a rejection.
-- Recorded once per article, arrival and notice, however often the item is read again.
create table if not exists audit.news_notices (
    content_sha256 text        not null references raw.news_articles (content_sha256),
    source_name    text        not null,
    source_line    integer     not null default 0,  -- 0: the whole file
    notice         text        not null,
    run_id         text,
    noted_at       timestamptz not null default now(),
    primary key (content_sha256, source_name, source_line, notice)
);
