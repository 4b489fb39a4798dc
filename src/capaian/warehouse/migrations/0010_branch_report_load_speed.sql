-- Loading speed (issue 3, item 6): staging.branch_report_rows without per-row B-tree work.
--
-- The foreign key to raw.branch_report_files cost a lookup per row (about 7 s per million rows)
-- and the primary key (content_sha256, line_ref) a random-order B-tree insert per row (2 to 3 s
-- per million). Both facts are guaranteed by the loader instead: it writes the file's raw row
-- and its staging rows in one transaction, and gives every row of a file its own line_ref. The
-- staging quality suite (expectations/staging_branch_report_rows.json) checks both after every
-- load.
--
-- Finding the rows of one file (a reload, duplicate keys taken back out of a load) uses a BRIN
-- bloom index: a file's rows lie together, a block range's summary says whether a file may be
-- in it, and adding rows costs next to nothing (a B-tree costs about 1 s per million rows).
alter table staging.branch_report_rows
    drop constraint if exists branch_report_rows_content_sha256_fkey;
alter table staging.branch_report_rows
    drop constraint if exists branch_report_rows_pkey;
create index if not exists branch_report_rows_file
    on staging.branch_report_rows using brin (content_sha256 text_bloom_ops)
    with (pages_per_range = 32);

-- A file's bytes are kept as received, uncompressed: pglz took ~1.3 s per 70 MB file, three
-- times the cost of writing the bytes. Applies to chunks written from now on.
alter table raw.branch_report_file_chunks alter column data set storage external;
