-- grain: one row per name occurrence in a non-duplicate article.
-- article_id: the article (see marts.articles)
-- person_id: the person (see marts.people)
-- surface: the text as written
-- start_char: offset of the first character in the article's clean_text
-- end_char: offset just past the last character
-- mention_kind: full | first | surname | nickname | single
with mentions as (
    select * from staging.stg_person_mentions
),

identity as (
    select * from intermediate.int_person_identity
),

articles as (
    select * from staging.stg_articles where duplicate_of is null
),

final as (
    select
        mentions.article_id,
        identity.person_id,
        mentions.surface,
        mentions.start_char,
        mentions.end_char,
        mentions.kind as mention_kind,
    from mentions
    join identity using (article_id, person_key)
    join articles using (article_id)
)

select * from final
