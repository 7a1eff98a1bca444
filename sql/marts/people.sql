-- grain: one row per real person, aliases merged across articles.
-- person_id: stable id for the person across runs: the hash of the name key seen first; an id retired by a merge is in marts.person_id_map
-- name: the person's full name as the articles give it most often
-- aliases: other names used for the person (surname, first name, nicknames)
-- mention_count: name occurrences in non-duplicate articles
-- article_count: non-duplicate articles that mention the person
-- first_seen: earliest article date that mentions the person
-- last_seen: latest article date that mentions the person
-- age: the age stated in the latest dated article that states one
-- age_as_of: the date of that article
-- descriptors: role words the articles attach to the person ('supermodel', 'Maestro star')
-- is_single_name: no article gives the person more than one name ('Lennon', 'Rihanna')
-- relative_of: for a single-named person, the full-named partners and relatives each article states, as (article_id, person_id, name): whose 'Lennon' this is
with identity as (
    select * from intermediate.int_person_identity
),

article_people as (
    select * from staging.stg_article_people
),

mentions as (
    select * from staging.stg_person_mentions
),

articles as (
    select * from staging.stg_articles where duplicate_of is null
),

ages as (
    select * from staging.stg_ages
),

descriptors as (
    select * from staging.stg_descriptors
),

relation_mentions as (
    select * from intermediate.int_relation_mentions
),

people_in_articles as (
    select identity.person_id, article_people.*, articles.published_date,
    from identity
    join article_people using (article_id, person_key)
    join articles using (article_id)
),

ranked_names as (
    select
        person_id,
        name,
        row_number() over (
            partition by person_id
            order by not is_single_name desc, count(*) desc, length(name) desc, name
        ) as name_rank,
    from people_in_articles
    group by person_id, name, is_single_name
),

mention_stats as (
    select
        identity.person_id,
        count(*) as mention_count,
        list(distinct regexp_replace(mentions.surface, '''s?$', '')) as surfaces,
    from mentions
    join identity using (article_id, person_key)
    join articles using (article_id)
    group by identity.person_id
),

article_stats as (
    select
        person_id,
        count(distinct article_id) as article_count,
        min(published_date) as first_seen,
        max(published_date) as last_seen,
        list(distinct name) as article_names,
        bool_and(is_single_name) as is_single_name,
    from people_in_articles
    group by person_id
),

latest_age as (
    select
        identity.person_id,
        first(ages.age order by coalesce(articles.published_date, date '1900-01-01') desc, ages.age desc) as age,
        max(articles.published_date) as age_as_of,
    from ages
    join identity using (article_id, person_key)
    join articles using (article_id)
    group by identity.person_id
),

descriptor_lists as (
    select identity.person_id, list(distinct descriptors.descriptor order by descriptors.descriptor) as descriptors,
    from descriptors
    join identity using (article_id, person_key)
    join articles using (article_id)
    group by identity.person_id
),

links as (
    select article_id, person_a_id as person_id, person_b_id as other_id, from relation_mentions
    where relation_type <> 'friend'
    union
    select article_id, person_b_id as person_id, person_a_id as other_id, from relation_mentions
    where relation_type <> 'friend'
),

relatives as (
    -- a single-named person's full-named partners and relatives, article by article
    select
        links.person_id,
        list_sort(list(distinct {'article_id': links.article_id, 'person_id': links.other_id, 'name': other_names.name}))
            as relative_of,
    from links
    join article_stats as own on own.person_id = links.person_id and own.is_single_name
    join article_stats as other on other.person_id = links.other_id and not other.is_single_name
    join ranked_names as other_names on other_names.person_id = links.other_id and other_names.name_rank = 1
    group by links.person_id
),

final as (
    select
        ranked_names.person_id,
        ranked_names.name,
        list_sort(list_distinct(list_filter(
            list_concat(coalesce(mention_stats.surfaces, []), article_stats.article_names),
            lambda alias: alias <> ranked_names.name
        ))) as aliases,
        coalesce(mention_stats.mention_count, 0) as mention_count,
        article_stats.article_count,
        article_stats.first_seen,
        article_stats.last_seen,
        latest_age.age,
        latest_age.age_as_of,
        coalesce(descriptor_lists.descriptors, []) as descriptors,
        article_stats.is_single_name,
        coalesce(relatives.relative_of, []) as relative_of,
    from ranked_names
    join article_stats using (person_id)
    left join mention_stats using (person_id)
    left join latest_age using (person_id)
    left join descriptor_lists using (person_id)
    left join relatives using (person_id)
    where ranked_names.name_rank = 1
)

select * from final
