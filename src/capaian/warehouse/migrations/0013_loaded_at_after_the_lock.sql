-- A staging row's loaded_at is the time of the statement that wrote it, not the start of its
-- transaction: loaders take the staging write lock first (capaian/ingest/staging_writes.py),
-- so a row's loaded_at is later than every row committed before it, which the incremental
-- models' watermark relies on.
alter table staging.branch_report_rows alter column loaded_at set default statement_timestamp();
alter table staging.news_facts alter column loaded_at set default statement_timestamp();
