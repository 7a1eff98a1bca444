-- every retired id maps to one current person, and a current id is never retired
select map.*
from marts.person_id_map as map
left join marts.people as current_people on current_people.person_id = map.person_id
left join marts.people as retired_people on retired_people.person_id = map.old_person_id
where current_people.person_id is null
    or retired_people.person_id is not null
    or map.old_person_id in (select old_person_id from marts.person_id_map group by old_person_id having count(*) > 1)
