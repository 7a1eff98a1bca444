select person_a_id, person_b_id, relation_type, count(*) as n
from marts.relationships
group by all
having count(*) > 1
