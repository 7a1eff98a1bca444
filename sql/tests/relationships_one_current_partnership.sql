-- a pair with partnership rows has exactly one that is current, and marts.relationship_status names it
select
    relationships.person_a_id,
    relationships.person_b_id,
    count(*) filter (where relationships.is_current) as current_count,
    any_value(status.relation_type) as status_type,
    first(relationships.relation_type order by not relationships.is_current) as current_type,
from marts.relationships
left join marts.relationship_status as status using (person_a_id, person_b_id)
where relationships.relation_type in ('romantic', 'engaged', 'married', 'ex_partner')
group by all
having count(*) filter (where relationships.is_current) <> 1
    or status_type is distinct from current_type
