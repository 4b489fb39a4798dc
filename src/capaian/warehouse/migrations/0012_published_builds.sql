-- What each publish of the marts was built from (capaian/marts/change_check.py): a fingerprint of
-- staging, the held-back news facts, the dbt project and the suites. A nightly whose inputs
-- have the fingerprint of the last publish skips the build, so the same data is not built
-- and published twice. Only a publish writes here, in its own transaction.
create table if not exists audit.published_builds (
    publish_id         bigint generated always as identity primary key,
    inputs_fingerprint text        not null,
    run_id             text        not null,
    published_at       timestamptz not null default now()
);
