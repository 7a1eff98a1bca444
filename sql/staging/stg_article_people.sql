-- grain: one row per person found in an article (article_id, person_key).
-- person_key: accent-free lower-case name used to merge people across articles
-- name: the person's name as the article gives it in full
-- aliases: other names the article uses for the person
-- is_single_name: the article never gives more than one name (a child, a mononym)
with source as (
    select * from raw.article_people
),

final as (
    select
        article_id,
        person_key,
        name,
        aliases,
        gender,
        is_single_name,
    from source
    qualify row_number() over (partition by article_id, person_key order by run_id) = 1
)

select * from final
