with source_rows as (
    select * from {{ source('staging', 'branch_report_rows') }}
),

source_files as (
    select
        file_id,
        content_sha256,
        file_name,
        received_at
    from {{ source('raw', 'branch_report_files') }}
),

retractions as (
    select
        content_sha256,
        retracted_at
    from {{ source('audit', 'retracted_files') }}
)

select
    source_rows.file_id,
    source_rows.line_ref,
    source_files.file_name as source_file_name,
    source_files.received_at,
    source_rows.report_date as as_of_date,
    upper(source_rows.office_code) as office_code,
    source_rows.office_name,
    source_rows.segment,
    source_rows.metric,
    source_rows.target::numeric as target,
    source_rows.realization::numeric as realization,
    source_rows.reported_pct::numeric as reported_pct,
    extract(year from source_rows.report_date)::integer as year,
    source_rows.loaded_at,
    retractions.retracted_at
from source_rows
inner join source_files
    on source_rows.file_id = source_files.file_id
left join retractions
    on source_files.content_sha256 = retractions.content_sha256
