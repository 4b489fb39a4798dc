-- One figure per office, segment, metric and as-of date from the branch reports. A branch
-- may send the same as-of date again (a corrected file): the file received last wins. A file
-- withdrawn (capaian ingest retract) counts no more: an earlier version comes back if any.
with current_rows as (
    select * from {{ ref('stg_branch_report_rows') }}
    where retracted_at is null
),

ranked as (
    select
        *,
        row_number() over (
            partition by office_code, segment, metric, as_of_date
            order by received_at desc, file_id desc
        ) as version_rank
    from current_rows
)

select
    office_code as reported_office_code,
    office_name as reported_office_name,
    segment,
    metric,
    year,
    as_of_date,
    target,
    realization,
    reported_pct,
    'branch_report' as source_kind,
    source_file_name as source_ref,
    false as is_approximate
from ranked
where version_rank = 1
