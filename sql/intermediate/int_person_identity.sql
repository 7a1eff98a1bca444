-- grain: one row per person found in an article (article_id, person_key), with the person it is.
-- canonical_key: the cross-article key of the person
-- person_id: stable id, a hash of canonical_key
-- A single name ("Lea") joins a full name ("Lea De Seine") when exactly one full name has it as first
-- name or surname and the two share company: someone appears in an article with each of them.
with article_people as (
    select * from staging.stg_article_people
),

articles as (
    select * from staging.stg_articles
),

live_people as (
    select article_people.*
    from article_people
    join articles using (article_id)
    where articles.duplicate_of is null
),

full_names as (
    select distinct
        person_key,
        string_split(person_key, ' ')[1] as first_token,
        string_split(person_key, ' ')[-1] as last_token,
    from live_people
    where not is_single_name
),

single_names as (
    select distinct person_key from live_people where is_single_name
),

candidate_pairs as (
    -- two equi-joins rather than one join on an OR, which would compare every single name with every full name
    select single_names.person_key as single_key, full_names.person_key as full_key,
    from single_names
    join full_names on single_names.person_key = full_names.first_token
    union
    select single_names.person_key as single_key, full_names.person_key as full_key,
    from single_names
    join full_names on single_names.person_key = full_names.last_token
),

candidate_keys as (
    select single_key as person_key from candidate_pairs
    union
    select full_key as person_key from candidate_pairs
),

company as (
    -- who appears beside whom, only for the people a match is being decided for
    select distinct left_side.person_key as person_key, right_side.person_key as companion_key,
    from live_people as left_side
    semi join candidate_keys on candidate_keys.person_key = left_side.person_key
    join live_people as right_side
        on left_side.article_id = right_side.article_id
        and left_side.person_key <> right_side.person_key
),

single_side as materialized (
    -- each candidate pair with the single name's companions; joined first so that the planner never pairs
    -- two hubs' companions ("Kim Kardashian" appears beside thousands of people)
    select candidate_pairs.single_key, candidate_pairs.full_key, company.companion_key,
    from candidate_pairs
    join company on company.person_key = candidate_pairs.single_key
),

candidates as (
    select distinct single_side.single_key, single_side.full_key,
    from single_side
    semi join company
        on company.person_key = single_side.full_key
        and company.companion_key = single_side.companion_key
),

unique_matches as (
    select single_key, min(full_key) as full_key,
    from candidates
    group by single_key
    having count(distinct full_key) = 1
),

final as (
    select
        article_people.article_id,
        article_people.person_key,
        coalesce(unique_matches.full_key, article_people.person_key) as canonical_key,
        'p_' || substr(md5(coalesce(unique_matches.full_key, article_people.person_key)), 1, 12) as person_id,
    from article_people
    left join unique_matches
        on article_people.is_single_name and article_people.person_key = unique_matches.single_key
)

select * from final
