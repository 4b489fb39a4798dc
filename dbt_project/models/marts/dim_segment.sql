select
    segment,
    segment_name,
    description,
    display_order
from {{ ref('segments') }}
