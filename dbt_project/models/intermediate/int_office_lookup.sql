-- Every name an office goes by (its code, canonical name and aliases, and names reviewers
-- mapped to it with `capaian review map-office`), lower-cased, pointing at its gazetteer entry.
-- Branch reports and news articles are resolved through this.
with gazetteer as (
    select * from {{ ref('office_gazetteer') }}
),

mapped_names as (
    select
        office_code,
        lower(btrim(office_name)) as lookup_name,
        true as is_mapped_by_reviewer
    from {{ ref('stg_review_decisions') }}
    where action = 'map_office'
),

names as (
    select
        office_code,
        lower(office_code) as lookup_name,
        false as is_mapped_by_reviewer
    from gazetteer
    union
    select
        office_code,
        lower(office_name) as lookup_name,
        false as is_mapped_by_reviewer
    from gazetteer
    union
    select
        office_code,
        lower(trim(alias_name)) as lookup_name,
        false as is_mapped_by_reviewer
    from gazetteer
    cross join lateral unnest(string_to_array(coalesce(aliases, ''), '|')) as alias_name
    where trim(alias_name) <> ''
    union
    select
        office_code,
        lookup_name,
        is_mapped_by_reviewer
    from mapped_names
)

select
    lookup_name,
    min(office_code) as office_code,
    count(distinct office_code) as candidate_count,
    bool_and(is_mapped_by_reviewer) as is_mapped_by_reviewer
from names
group by lookup_name
