-- grain: one row per (co-parent pair, child, parent_of statement) backing a derived co_parent relation.
-- Two people each stated as parent of the same child are co-parents; the evidence is their parent_of
-- statements.
with relation_mentions as (
    select * from intermediate.int_relation_mentions
),

parent_links as (
    select distinct person_a_id as parent_id, person_b_id as child_id,
    from relation_mentions
    where relation_type = 'parent_of'
),

pairs as (
    select distinct first_parent.parent_id as parent_1, second_parent.parent_id as parent_2, first_parent.child_id,
    from parent_links as first_parent
    join parent_links as second_parent
        on first_parent.child_id = second_parent.child_id
        and first_parent.parent_id < second_parent.parent_id
),

final as (
    select
        relation_mentions.article_id,
        pairs.parent_1 as person_a_id,
        pairs.parent_2 as person_b_id,
        'co_parent' as relation_type,
        relation_mentions.confidence * 0.95 as confidence,
        relation_mentions.sentence,
        relation_mentions.start_char,
        relation_mentions.end_char,
        relation_mentions.is_speculative,
        relation_mentions.published_date,
    from pairs
    join relation_mentions
        on relation_mentions.relation_type = 'parent_of'
        and relation_mentions.person_b_id = pairs.child_id
        and relation_mentions.person_a_id in (pairs.parent_1, pairs.parent_2)
)

select * from final
