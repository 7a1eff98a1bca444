-- a date of a relationship has a precision, and only a date has one
select * from marts.relationships
where (started_on is null) <> (started_on_precision is null)
    or (ended_on is null) <> (ended_on_precision is null)
    or started_on_precision not in ('day', 'week', 'month', 'year')
    or ended_on_precision not in ('day', 'week', 'month', 'year')
