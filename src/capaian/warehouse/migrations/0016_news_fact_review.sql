-- How sure the extractor is of each news fact, and whether it waits for a person's review
-- instead of reaching the marts (below CAPAIAN_NEWS_PUBLISH_CONFIDENCE, or no office, or an
-- office the gazetteer does not know). dbt keeps review facts out of the marts and lists them,
-- with their evidence and the reason, in dbt_intermediate.int_news_facts_held_for_review.
--
-- Facts loaded before this migration were read by extractors that gave no confidence: they
-- keep confidence null and review false, so the marts keep showing what they showed. They are
-- not re-read (raw keeps every article, a reload with the new extractor is a choice for a
-- person); those without an office or with one the gazetteer does not know still wait for
-- review, decided in dbt from the office itself.
alter table staging.news_facts add column if not exists confidence numeric;
alter table staging.news_facts add column if not exists review boolean not null default false;

-- A figure the extractor could not place under an office is kept for review, never dropped.
-- (Already so since migration 0006; repeated so that this migration states what it needs.)
alter table staging.news_facts alter column office drop not null;
alter table staging.news_facts alter column office_level drop not null;
