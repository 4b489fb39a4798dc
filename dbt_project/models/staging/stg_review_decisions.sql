-- Each reviewed item's decision that holds: its latest.
with decisions as (
    select * from {{ source('audit', 'review_decisions') }}
),

ranked as (
    select
        *,
        row_number() over (partition by item_id order by decided_at desc, decision_id desc)
            as recency
    from decisions
)

select
    item_id,
    action,
    office,
    value,
    year,
    segment,
    metric,
    office_name,
    office_code,
    why,
    decided_by,
    decided_at
from ranked
where recency = 1
