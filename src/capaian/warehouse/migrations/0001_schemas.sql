-- The four layers of the warehouse (see ARCHITECTURE.md):
--   raw      every received file and article exactly as it came
--   staging  typed, validated rows that dbt reads
--   audit    what was loaded, rejected and validated, run by run
--   marts    what BI reads; only the publish step writes here
create schema if not exists raw;
create schema if not exists staging;
create schema if not exists audit;
create schema if not exists marts;
