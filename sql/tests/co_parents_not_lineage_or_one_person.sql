-- no co_parent between a person and their own parent or child, nor between two rows of one person
select co_parent.*
from marts.relationships as co_parent
where co_parent.relation_type = 'co_parent'
    and (
        co_parent.person_a_id = co_parent.person_b_id
        or exists (
            select 1 from marts.relationships as lineage
            where lineage.relation_type = 'parent_of'
                and (
                    (lineage.person_a_id = co_parent.person_a_id and lineage.person_b_id = co_parent.person_b_id)
                    or (lineage.person_a_id = co_parent.person_b_id and lineage.person_b_id = co_parent.person_a_id)
                )
        )
        or exists (
            select 1 from intermediate.int_split_person_pairs as split
            where split.person_a_id = co_parent.person_a_id and split.person_b_id = co_parent.person_b_id
        )
    )
