-- grain: one row per date expression found in an article (article_id, start_char).
-- expression: the date words as written ("last Thursday")
-- date_start: first day of the resolved range; null when unresolved
-- date_end: last day of the resolved range
-- date_precision: day | week | month | year
-- unresolved_reason: why the expression has no date (e.g. the article has no date)
-- person_keys: people of the sentence (names, pronouns and descriptors resolved)
-- description: the sentence as written (the line of it that holds the date; at most 300 characters)
-- event_type: what happened at the date (docs/event_types.md); 'other' for rows extracted before types
-- is_future: a plan or schedule ("will marry next June"), kept out of the timeline
with source as (
    select * from raw.date_mentions
),

final as (
    select
        article_id,
        expression,
        start_char,
        end_char,
        date_start,
        date_end,
        date_precision,
        unresolved_reason,
        sentence,
        sentence_start,
        sentence_end,
        person_keys,
        description,
        coalesce(event_type, 'other') as event_type,
        coalesce(is_future, false) as is_future,
    from source
    qualify row_number() over (partition by article_id, start_char order by run_id) = 1
)

select * from final
