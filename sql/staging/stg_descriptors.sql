-- grain: one row per (article_id, person_key, descriptor).
-- descriptor: a role noun phrase the article attaches to the person ("supermodel", "Maestro star")
with source as (
    select * from raw.descriptors
),

final as (
    select distinct
        article_id,
        person_key,
        descriptor,
    from source
)

select * from final
