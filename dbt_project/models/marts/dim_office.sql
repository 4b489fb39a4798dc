select
    office_code,
    office_name,
    office_level,
    nullif(region_name, '') as region_name,
    nullif(province, '') as province,
    coalesce(aliases, '') as aliases
from {{ ref('office_gazetteer') }}
