-- people.person_id is unique and not null
select person_id, count(*) as n from marts.people group by person_id having count(*) > 1 or person_id is null
