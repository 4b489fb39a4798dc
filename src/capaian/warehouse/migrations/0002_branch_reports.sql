-- Branch reports: each file once as received (raw), its typed rows (staging), and the audit
-- trail of every load attempt and every rejected row.

create table if not exists raw.branch_report_files (
    content_sha256 text primary key,
    file_name      text        not null,
    size_bytes     bigint      not null,
    received_at    timestamptz not null default now(),
    load_run_id    text
);

-- The file's bytes, in chunks, so that a large file streams in without being held in memory.
create table if not exists raw.branch_report_file_chunks (
    content_sha256 text    not null references raw.branch_report_files (content_sha256),
    chunk_no       integer not null,
    data           bytea   not null,
    primary key (content_sha256, chunk_no)
);

create table if not exists staging.branch_report_rows (
    content_sha256 text    not null references raw.branch_report_files (content_sha256),
    line_ref       text    not null,
    report_date    date    not null,
    office_code    text    not null,
    office_name    text,
    segment        text    not null,
    metric         text    not null,
    target         numeric,
    realization    numeric,
    reported_pct   numeric,
    loaded_at      timestamptz not null default now(),
    primary key (content_sha256, line_ref)
);

create table if not exists audit.load_log (
    load_id        bigint generated always as identity primary key,
    file_name      text        not null,
    content_sha256 text,
    layout         text,
    rows_read      integer     not null default 0,
    rows_loaded    integer     not null default 0,
    rows_rejected  integer     not null default 0,
    status         text        not null,
    message        text,
    started_at     timestamptz not null,
    finished_at    timestamptz,
    run_id         text,
    constraint load_log_rows_add_up check (rows_read = rows_loaded + rows_rejected)
);

create table if not exists audit.rejected_rows (
    load_id        bigint not null references audit.load_log (load_id),
    file_name      text   not null,
    line_ref       text   not null,
    raw_record     text   not null,
    reason         text   not null
);
