-- grain: one row per (co-parent pair, child, parent_of statement) backing a derived co_parent relation.
-- Two people are co-parents of a child when both are stated as its parent in one article, or when each of
-- the two parent_of facts is stated in two or more articles about that child. Never derived:
-- - from a parent_of that skips a generation (A parent of B, B parent of C: A is C's grandparent);
-- - between a person and their own parent or child;
-- - between two rows of one person (intermediate.int_split_person_pairs);
-- - for a child with more than two parents, between any but its best-supported pair (stated together first,
--   then the articles of the weaker of the two parent_of links, then of both).
-- The evidence is the parent_of statements of the two about the child, in the articles that state both
-- when there are such articles.
with relation_mentions as (
    select * from intermediate.int_relation_mentions
),

split_person_pairs as (
    select * from intermediate.int_split_person_pairs
),

parent_statements as (
    select * from relation_mentions where relation_type = 'parent_of'
),

parent_links as (
    select person_a_id as parent_id, person_b_id as child_id, count(distinct article_id) as article_count,
    from parent_statements
    group by all
),

grandparent_links as (
    -- a parent of the child's parent called the child's parent ('Kris Jenner' and Stormi)
    select distinct grandparent.parent_id, grandparent.child_id,
    from parent_links as grandparent
    join parent_links as older on older.parent_id = grandparent.parent_id
    join parent_links as younger
        on younger.parent_id = older.child_id
        and younger.child_id = grandparent.child_id
),

usable_links as (
    select parent_links.*
    from parent_links
    anti join grandparent_links using (parent_id, child_id)
),

same_article_pairs as (
    select distinct
        first_parent.person_a_id as parent_1,
        second_parent.person_a_id as parent_2,
        first_parent.person_b_id as child_id,
        first_parent.article_id,
    from parent_statements as first_parent
    join parent_statements as second_parent
        on first_parent.article_id = second_parent.article_id
        and first_parent.person_b_id = second_parent.person_b_id
        and first_parent.person_a_id < second_parent.person_a_id
),

candidate_pairs as (
    select
        first_parent.parent_id as parent_1,
        second_parent.parent_id as parent_2,
        first_parent.child_id,
        first_parent.article_count >= 2 and second_parent.article_count >= 2 as is_each_stated_twice,
        least(first_parent.article_count, second_parent.article_count) as weaker_link_articles,
        first_parent.article_count + second_parent.article_count as link_articles,
    from usable_links as first_parent
    join usable_links as second_parent
        on first_parent.child_id = second_parent.child_id
        and first_parent.parent_id < second_parent.parent_id
),

qualified_pairs as (
    select
        candidate_pairs.*,
        exists (
            select 1 from same_article_pairs
            where same_article_pairs.parent_1 = candidate_pairs.parent_1
                and same_article_pairs.parent_2 = candidate_pairs.parent_2
                and same_article_pairs.child_id = candidate_pairs.child_id
        ) as is_stated_together,
    from candidate_pairs
),

pairs as (
    select qualified_pairs.*
    from qualified_pairs
    anti join parent_links as lineage
        on (lineage.parent_id = qualified_pairs.parent_1 and lineage.child_id = qualified_pairs.parent_2)
        or (lineage.parent_id = qualified_pairs.parent_2 and lineage.child_id = qualified_pairs.parent_1)
    anti join split_person_pairs
        on split_person_pairs.person_a_id = qualified_pairs.parent_1
        and split_person_pairs.person_b_id = qualified_pairs.parent_2
    where qualified_pairs.is_stated_together or qualified_pairs.is_each_stated_twice
),

best_pairs as (
    -- a child has two parents: of a child's candidate pairs only the best supported stay (ties all stay: two
    -- rows of one split person with the other parent), so a third 'parent' read from a list ('sons with
    -- rocker ex A and B') or a step-parent makes no co-parents
    select *
    from pairs
    qualify rank() over (
        partition by child_id
        order by is_stated_together desc, weaker_link_articles desc, link_articles desc
    ) = 1
),

final as (
    select
        parent_statements.article_id,
        pairs.parent_1 as person_a_id,
        pairs.parent_2 as person_b_id,
        'co_parent' as relation_type,
        parent_statements.confidence * 0.95 as confidence,
        parent_statements.sentence,
        parent_statements.start_char,
        parent_statements.end_char,
        parent_statements.is_speculative,
        parent_statements.published_date,
    from best_pairs as pairs
    join parent_statements
        on parent_statements.person_b_id = pairs.child_id
        and parent_statements.person_a_id in (pairs.parent_1, pairs.parent_2)
    where not pairs.is_stated_together
        or exists (
            select 1 from same_article_pairs
            where same_article_pairs.parent_1 = pairs.parent_1
                and same_article_pairs.parent_2 = pairs.parent_2
                and same_article_pairs.child_id = pairs.child_id
                and same_article_pairs.article_id = parent_statements.article_id
        )
)

select * from final
