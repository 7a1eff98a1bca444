select * from marts.timeline
where event_id is null or event_date is null
    or date_precision not in ('day', 'week', 'month', 'year')
    -- docs/event_types.md
    or event_type not in ('engaged', 'married', 'divorce_filed', 'divorce_final', 'split', 'pregnancy_announced',
        'birth', 'death', 'dating_reported', 'spotted_together', 'legal', 'statement', 'career', 'other')
    or len(person_ids) = 0 or source_count < 1
    or event_id in (select event_id from marts.timeline group by event_id having count(*) > 1)
