-- One row per expectation per validation run, so the engineer on call can see what failed
-- and on which rows without opening the task log.
create table if not exists audit.validation_runs (
    validation_id   bigint generated always as identity primary key,
    run_id          text        not null,
    suite           text        not null,
    success         boolean     not null,
    expectation     text        not null,
    severity        text        not null,
    column_name     text,
    unexpected_count bigint,
    sample          jsonb,
    validated_at    timestamptz not null default now()
);
