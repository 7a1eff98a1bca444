-- grain: one row per real-world dated event, merged across articles and outlets.
-- event_id: stable id of the event
-- event_date: first day of the event's date (the most precise date any source gives)
-- date_precision: day | week | month | year
-- event_type: what happened (docs/event_types.md): the type most of its sources give, a typed one before other
-- description: the sentence, as written, that dates the event most precisely
-- person_ids: the people taking part
-- people: their names, in the order of person_ids
-- source_count: articles that report the event
-- article_ids: those articles
with events as (
    select * from intermediate.int_events
),

people as (
    select * from marts.people
),

precision_rank as (
    select *, case date_precision when 'day' then 1 when 'week' then 2 when 'month' then 3 else 4 end as rank,
    from events
),

merged as (
    select
        event_key,
        arg_min(date_start, rank * 100000000 + start_char) as event_date,
        arg_min(date_precision, rank) as date_precision,
        arg_min(description, rank * 100000000 + start_char) as description,
        list_sort(list_distinct(flatten(list(person_ids)))) as person_ids,
        count(distinct article_id) as source_count,
        list_sort(list_distinct(list(article_id))) as article_ids,
    from precision_rank
    group by event_key
),

typed as (
    -- the type most of the event's sources give; 'other' only when none gives a type
    select
        event_key,
        first(event_type order by sources desc, event_type) as event_type,
    from (
        select event_key, event_type, count(distinct article_id) as sources,
        from events
        where event_type <> 'other'
        group by all
    )
    group by event_key
),

named as (
    select
        merged.event_key,
        list(coalesce(people.name, person.person_id) order by person.position) as people,
    from merged
    cross join unnest(merged.person_ids) with ordinality as person(person_id, position)
    left join people on people.person_id = person.person_id
    group by merged.event_key
),

final as (
    select
        'e_' || substr(merged.event_key, 1, 12) as event_id,
        merged.event_date,
        merged.date_precision,
        coalesce(typed.event_type, 'other') as event_type,
        merged.description,
        merged.person_ids,
        named.people,
        merged.source_count,
        merged.article_ids,
    from merged
    join named using (event_key)
    left join typed using (event_key)
)

select * from final
