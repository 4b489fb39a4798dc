-- Publishing swaps tables instead of copying rows (capaian/marts/publish.py): BI reads views in
-- `marts` over the tables in `marts_live`; dbt builds in `marts_build`; a publish swaps the two
-- schemas' tables. audit.mart_generations says which staging rows each schema's marts hold, so
-- that a build brings the tables it finds in marts_build up to date (dbt's int_build_bounds).
create schema if not exists marts_live;

create table if not exists audit.mart_generations (
    schema_name  text        primary key check (schema_name in ('marts_build', 'marts_live')),
    -- The newest staging loaded_at the schema's marts have taken in.
    watermark    timestamptz not null,
    build_id     text,
    -- When these marts were published; null while they wait for their first publish.
    published_at timestamptz
);

-- The per-model watermarks and the SQL text of build scopes are replaced by the above and by
-- dbt's int_office_years_to_rebuild.
drop table if exists audit.build_watermarks;
drop table if exists audit.build_scopes;
