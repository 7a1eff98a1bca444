-- since_on has a precision, and only a date has one; an article's date (no date written) is a day
select * from marts.relationship_status
where (since_on is null) <> (since_precision is null)
    or since_precision not in ('day', 'week', 'month', 'year')
    or (since_on is not null and not is_date_stated and since_precision <> 'day')
