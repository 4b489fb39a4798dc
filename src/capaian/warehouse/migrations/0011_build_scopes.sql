-- What the last build of each incremental dbt model rewrote: the SQL condition on office_code
-- and year that its touched_office_years_condition gave (`true` for a full build). Written by
-- the model's pre-hook in the same transaction as its rows; data tests scoped to "the rows of
-- this build" read it, so that a night with nothing new does not re-test millions of rows
-- that earlier builds tested already (whole-table guarantees live in constraints and in the
-- Great Expectations gate on the built marts).
create table if not exists audit.build_scopes (
    model_name       text primary key,
    scope_condition  text        not null,
    recorded_at      timestamptz not null default now()
);
