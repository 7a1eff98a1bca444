-- grain: one row per stated age (article_id, person_key, start_char).
-- age: age in years as the article states it ("Cooper, 48," or "3-year-old daughter Khai")
with source as (
    select * from raw.ages
),

final as (
    select distinct
        article_id,
        person_key,
        age,
        start_char,
        end_char,
    from source
)

select * from final
