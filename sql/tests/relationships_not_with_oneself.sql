-- no relationship of a person with themselves: one person_id, or two rows of one person
select relationships.*
from marts.relationships
where relationships.person_a_id = relationships.person_b_id
    or exists (
        select 1 from intermediate.int_split_person_pairs as split
        where split.person_a_id = least(relationships.person_a_id, relationships.person_b_id)
            and split.person_b_id = greatest(relationships.person_a_id, relationships.person_b_id)
    )
