-- grain: one row per article record; duplicates are kept and point at their first copy.
-- article_id: stable id of the article
-- source_id: the record's id, or the file name for .txt articles
-- published_date: the article's date; null when the input gave none
-- title: headline
-- word_count: words in the cleaned body
-- duplicate_of: article_id of the first copy for an exact or near duplicate, else null
-- person_count: distinct people found in the article
-- source_path: the landing file the record came from
-- run_id: the pipeline run that loaded the record
-- nlp_model: the spaCy pipeline (name-version) and the NER over it that extracted the record's facts
with articles as (
    select * from staging.stg_articles
),

identity as (
    select * from intermediate.int_person_identity
),

people_per_article as (
    select article_id, count(distinct person_id) as person_count,
    from identity
    group by article_id
),

final as (
    select
        articles.article_id,
        articles.source_id,
        articles.published_date,
        articles.title,
        articles.word_count,
        articles.duplicate_of,
        coalesce(people_per_article.person_count, 0) as person_count,
        articles.source_path,
        articles.run_id,
        articles.nlp_model,
    from articles
    left join people_per_article using (article_id)
)

select * from final
