select * from marts.timeline
where event_id is null or event_date is null
    or date_precision not in ('day', 'week', 'month', 'year')
    or len(person_ids) = 0 or source_count < 1
    or event_id in (select event_id from marts.timeline group by event_id having count(*) > 1)
