-- grain: one row per name occurrence (article_id, start_char).
-- surface: the text as written, e.g. "Hadid" or "BCoop"
-- kind: full | first | surname | nickname | single
with source as (
    select * from raw.person_mentions
),

final as (
    select
        article_id,
        person_key,
        surface,
        kind,
        start_char,
        end_char,
    from source
    qualify row_number() over (partition by article_id, start_char order by run_id) = 1
)

select * from final
