-- grain: one row per relation statement found in a sentence.
-- person_a_key: first argument (for parent_of: the parent)
-- person_b_key: second argument (for parent_of: the child)
-- relation_type: romantic | married | engaged | ex_partner | parent_of | sibling | relative | friend
-- confidence: 0..1, lowered for pronoun or descriptor arguments and speculation
-- trigger: the word that carries the relation ("ex", "split", "mom")
-- is_negated: the sentence denies the relation ("denied dating"); kept for audit, never a fact
with source as (
    select * from raw.relation_mentions
),

final as (
    select distinct
        article_id,
        person_a_key,
        person_b_key,
        relation_type,
        confidence,
        trigger,
        sentence,
        start_char,
        end_char,
        is_negated,
        is_speculative,
    from source
)

select * from final
