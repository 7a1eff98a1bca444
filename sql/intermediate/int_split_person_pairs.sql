-- grain: one row per pair of people (person_a_id < person_b_id) whose names say they are one person that the identity step kept apart.
-- person_a_id: one of the two rows
-- person_b_id: the other row
-- reason: single_name_part (a lone name that is the other's first name or surname: 'Kris' / 'Kris Jenner', 'Jolie' / 'Angelina Jolie'), longer_name ('Kim Kardashian' / 'Kim Kardashian West': same first name, one name holds every word of the other), alias (an article calls one by the other's name)
-- Relations between the two are never facts about two people; a generational suffix ('Jr', 'II') keeps a father and son apart.
with identity as (
    select * from intermediate.int_person_identity
),

article_people as (
    select * from staging.stg_article_people
),

names as (
    select distinct
        person_id,
        canonical_key,
        string_split(canonical_key, ' ') as tokens,
    from identity
),

single_names as (
    select person_id, tokens[1] as token, from names where len(tokens) = 1
),

full_names as (
    select
        person_id,
        tokens,
        tokens[1] as first_token,
        tokens[-1] as last_token,
        len(list_intersect(tokens, ['jr', 'sr', 'ii', 'iii', 'iv'])) > 0 as has_suffix,
    from names
    where len(tokens) > 1
),

single_name_parts as (
    -- two equi-joins rather than one join on an OR
    select single_names.person_id as single_id, full_names.person_id as full_id,
    from single_names
    join full_names on single_names.token = full_names.first_token
    union
    select single_names.person_id as single_id, full_names.person_id as full_id,
    from single_names
    join full_names on single_names.token = full_names.last_token
),

longer_names as (
    select shorter.person_id as shorter_id, longer.person_id as longer_id,
    from full_names as shorter
    join full_names as longer
        on shorter.first_token = longer.first_token
        and shorter.person_id <> longer.person_id
        and len(shorter.tokens) < len(longer.tokens)
        and list_has_all(longer.tokens, shorter.tokens)
        and shorter.has_suffix = longer.has_suffix
),

aliases as (
    select distinct
        identity.person_id,
        regexp_replace(lower(strip_accents(unnest(article_people.aliases))), '\b(jr|sr)\.', '\1', 'g') as alias_key,
    from article_people
    join identity using (article_id, person_key)
),

alias_matches as (
    select aliases.person_id as alias_owner_id, names.person_id as named_id,
    from aliases
    join names on names.canonical_key = aliases.alias_key
    where aliases.person_id <> names.person_id
),

matches as (
    select single_id as one_id, full_id as other_id, 'single_name_part' as reason, from single_name_parts
    union all
    select shorter_id, longer_id, 'longer_name', from longer_names
    union all
    select alias_owner_id, named_id, 'alias', from alias_matches
),

final as (
    select
        least(one_id, other_id) as person_a_id,
        greatest(one_id, other_id) as person_b_id,
        min(reason) as reason,
    from matches
    group by all
)

select * from final
