select * from marts.relationships
where relation_type not in ('romantic', 'married', 'engaged', 'ex_partner', 'parent_of', 'sibling', 'relative',
                            'friend', 'co_parent')
    or confidence not between 0 and 1
    or person_a_id = person_b_id
    or (relation_type <> 'parent_of' and person_a_id > person_b_id)
