-- grain: one row per date expression that supports a timeline event.
-- event_id: the event (see marts.timeline)
-- article_id: the article the expression is in
-- time_expression: the date words as written ("last Thursday")
-- sentence: the sentence the expression is in
-- start_char: offset of the expression in the article's clean_text
-- resolved_date: first day of the date the expression resolves to
-- resolved_precision: day | week | month | year
-- event_type: the type this expression's sentence gives the event (docs/event_types.md)
with events as (
    select * from intermediate.int_events
),

final as (
    select
        'e_' || substr(event_key, 1, 12) as event_id,
        article_id,
        expression as time_expression,
        sentence,
        start_char,
        date_start as resolved_date,
        date_precision as resolved_precision,
        event_type,
    from events
)

select * from final
