-- What people decided about figures that waited for review, and branch reports withdrawn.
-- dbt applies both at every build (full refresh included); nothing here is ever deleted, so the
-- audit shows who decided what, when and why.

-- One row per decision; an item's latest decision is the one that holds.
create table if not exists audit.review_decisions (
    decision_id bigint      generated always as identity primary key,
    -- As `capaian review list` shows it: "fact-..." for a news fact, "office-..." for an office
    -- name the gazetteer does not know.
    item_id     text        not null,
    action      text        not null check (action in ('accept', 'reject', 'map_office')),
    -- accept: the corrections, where the reviewer gave one (null: as read).
    office      text,
    value       numeric,
    year        integer,
    segment     text,
    metric      text,
    -- map_office: the name as sources write it, and the gazetteer office it means.
    office_name text,
    office_code text,
    why         text        not null check (btrim(why) <> ''),
    decided_by  text        not null,
    decided_at  timestamptz not null default clock_timestamp(),
    check (action <> 'map_office' or (office_name is not null and office_code is not null))
);
create index if not exists review_decisions_item on audit.review_decisions (item_id, decided_at);

-- A branch report loaded by mistake: its rows stay in staging (the audit keeps them) and leave
-- what the marts are built from.
create table if not exists audit.retracted_files (
    content_sha256 text        primary key references raw.branch_report_files (content_sha256),
    file_name      text        not null,
    why            text        not null check (btrim(why) <> ''),
    retracted_by   text        not null,
    retracted_at   timestamptz not null default clock_timestamp()
);
