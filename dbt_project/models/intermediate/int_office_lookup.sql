-- Every name an office goes by (its code, canonical name and aliases), lower-cased, pointing
-- at its gazetteer entry. Branch reports and news articles are resolved through this.
with gazetteer as (
    select * from {{ ref('office_gazetteer') }}
),

names as (
    select
        office_code,
        lower(office_code) as lookup_name
    from gazetteer
    union
    select
        office_code,
        lower(office_name) as lookup_name
    from gazetteer
    union
    select
        office_code,
        lower(trim(alias_name)) as lookup_name
    from gazetteer
    cross join lateral unnest(string_to_array(coalesce(aliases, ''), '|')) as alias_name
    where trim(alias_name) <> ''
)

select
    lookup_name,
    min(office_code) as office_code,
    count(distinct office_code) as candidate_count
from names
group by lookup_name
