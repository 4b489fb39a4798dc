-- Loading speed (issue 3, item 6): narrower staging rows, cheaper indexes.
--
-- 1. A branch-report row names its file by a small number instead of the file's 64-character
--    content hash: raw.branch_report_files gets file_id, and staging.branch_report_rows keeps
--    only that (about 60 bytes less per row; COPY of a million rows measured 0.5 s faster, and
--    every scan of staging reads less). The hash stays in raw and in audit.load_log.
-- 2. One BRIN index on (file_id, loaded_at) instead of a B-tree on loaded_at and a bloom BRIN
--    on the hash. Rows are appended in load order (one writer at a time, stamped after the
--    lock: migration 0013), so each block range's smallest and largest file id and load time
--    find a file's rows (reprocessing, duplicate keys taken back out of a load) and the rows
--    loaded after an incremental model's watermark about as well as a B-tree would, while
--    adding a row costs a fraction of it (a B-tree on loaded_at cost about 0.6 s a million
--    rows). A multi-column BRIN serves a condition on either column alone.
alter table raw.branch_report_files
    add column if not exists file_id integer generated always as identity;
create unique index if not exists branch_report_files_file_id
    on raw.branch_report_files (file_id);

alter table staging.branch_report_rows add column if not exists file_id integer;
do $$
begin
    -- Rows loaded before this migration: their file id, from their content hash.
    if exists (
        select from information_schema.columns
        where table_schema = 'staging' and table_name = 'branch_report_rows'
          and column_name = 'content_sha256'
    ) then
        update staging.branch_report_rows as staged
        set file_id = files.file_id
        from raw.branch_report_files as files
        where files.content_sha256 = staged.content_sha256;
    end if;
end
$$;
alter table staging.branch_report_rows alter column file_id set not null;

drop index if exists staging.branch_report_rows_file;
drop index if exists staging.branch_report_rows_loaded_at;
-- dbt's staging views read the old column: they go too, and the next dbt build (the nightly
-- builds after any migration: its change check includes the schema version) makes them anew.
alter table staging.branch_report_rows drop column if exists content_sha256 cascade;
create index if not exists branch_report_rows_file_loaded_at
    on staging.branch_report_rows using brin (file_id, loaded_at);
