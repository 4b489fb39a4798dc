-- Loading speed (issue 3, item 6): a file's bytes kept in raw in 8,000-byte pieces that stay in
-- the table's own pages instead of 1 MB pieces moved out to TOAST (where each was cut into
-- about 500 TOAST rows, each with an index entry). A piece's row is about 8,100 bytes: below
-- the toast_tuple_target set here, so PostgreSQL leaves it in line. Keeping a 70 MB file
-- measured about a third faster. Pieces written earlier keep their size and stay readable:
-- a file is its pieces in chunk_no order.
alter table raw.branch_report_file_chunks set (toast_tuple_target = 8160);
