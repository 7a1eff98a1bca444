-- grain: one row per event candidate, with the key of the real-world event it belongs to.
-- Candidates with the same date, precision and anchor person are one event. A week-precision mention
-- ("last week", "over the weekend") joins the day-precision event of another article inside its week
-- that shares people and most words ("dinner" with "dinner", not with "driving").
with candidates as (
    select * from intermediate.int_event_candidates
),

keyed as (
    select
        *,
        md5(date_start::varchar || date_precision || anchor_person_id) as own_key,
    from candidates
),

week_links as (
    select
        coarse.article_id,
        coarse.start_char,
        first(
            fine.own_key
            order by len(list_intersect(coarse.content_words, fine.content_words)) * 1000
                - abs(date_diff('day', fine.date_start, coarse.date_end)) desc, fine.own_key
        ) as linked_key,
    from keyed as coarse
    join keyed as fine
        on fine.date_precision = 'day'
        and coarse.date_precision = 'week'
        and fine.article_id <> coarse.article_id
        and fine.date_start between coarse.date_start and coarse.date_end
        and len(list_intersect(coarse.person_ids, fine.person_ids)) >= least(2, len(coarse.person_ids))
    group by all
),

final as (
    select
        keyed.*,
        coalesce(week_links.linked_key, keyed.own_key) as event_key,
    from keyed
    left join week_links using (article_id, start_char)
)

select * from final
