-- grain: one row per sentence stating a relation (co_parent rows cite the parent_of sentences).
-- article_id: the article the sentence is in
-- person_a_id: first person (for parent_of: the parent)
-- person_b_id: second person (for parent_of: the child)
-- relation_type: romantic | married | engaged | ex_partner | parent_of | sibling | relative | friend | co_parent
-- sentence: the sentence as it stands in the cleaned article
-- start_char: offset of the sentence in the article's clean_text
-- end_char: offset just past the sentence
-- confidence: 0..1 for this statement
-- is_speculative: the sentence hedges ("reportedly", "rumored")
-- published_date: the article's date
with stated as (
    select * from intermediate.int_relation_mentions
),

derived as (
    select * from intermediate.int_co_parents
),

final as (
    select distinct
        article_id,
        person_a_id,
        person_b_id,
        relation_type,
        sentence,
        start_char,
        end_char,
        confidence,
        is_speculative,
        published_date,
    from (
        select * from stated
        union all
        select * from derived
    )
)

select * from final
