-- The review list: figures whose office the gazetteer does not know. Nothing is dropped
-- silently; adding the office (or an alias) to the gazetteer seed brings them into the marts.
select
    reported_office_code,
    reported_office_name,
    source_kind,
    source_ref,
    count(*) as figure_count
from {{ ref('int_attainment_unioned') }}
where office_code is null
group by reported_office_code, reported_office_name, source_kind, source_ref
