select
    metric,
    metric_name,
    unit,
    display_order
from {{ ref('metrics') }}
