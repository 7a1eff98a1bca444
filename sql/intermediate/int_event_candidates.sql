-- grain: one row per resolved, past date expression with people, in a non-duplicate article.
-- anchor_person_id: the event's most prominent person (most articles), part of the event key
-- content_words: the sentence's longer words, to tell two events of the same week apart
with date_mentions as (
    select * from staging.stg_date_mentions
),

identity as (
    select * from intermediate.int_person_identity
),

articles as (
    select * from staging.stg_articles
),

prominence as (
    select person_id, count(distinct article_id) as article_count,
    from identity
    group by person_id
),

exploded as (
    select
        date_mentions.article_id,
        date_mentions.start_char,
        unnest(date_mentions.person_keys) as person_key,
    from date_mentions
    where date_mentions.date_start is not null
        and not date_mentions.is_future
),

people_per_mention as (
    select
        exploded.article_id,
        exploded.start_char,
        list(distinct identity.person_id order by identity.person_id) as person_ids,
        arg_max(identity.person_id, prominence.article_count * 1000000 - hash(identity.person_id) % 1000000)
            as anchor_person_id,
    from exploded
    join identity using (article_id, person_key)
    join prominence using (person_id)
    group by all
),

final as (
    select
        date_mentions.article_id,
        date_mentions.start_char,
        date_mentions.expression,
        date_mentions.date_start,
        date_mentions.date_end,
        date_mentions.date_precision,
        date_mentions.sentence,
        date_mentions.description,
        date_mentions.event_type,
        people_per_mention.person_ids,
        people_per_mention.anchor_person_id,
        list_distinct(list_filter(regexp_split_to_array(lower(date_mentions.sentence), '[^a-z]+'),
            lambda word: length(word) >= 4)) as content_words,
        articles.published_date,
    from date_mentions
    join people_per_mention using (article_id, start_char)
    join articles using (article_id)
    where articles.duplicate_of is null
)

select * from final
