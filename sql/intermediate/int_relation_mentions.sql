-- grain: one row per stated relation in a non-duplicate article, arguments resolved to person_id.
-- Symmetric types are ordered (person_a_id < person_b_id); parent_of keeps parent first.
-- Denials ("denied dating") are dropped here: a denial is not a relationship. So are relations between two
-- rows of one person the identity step kept apart ('Kris' and 'Kris Jenner'; intermediate.int_split_person_pairs).
with mentions as (
    select * from staging.stg_relation_mentions
),

identity as (
    select * from intermediate.int_person_identity
),

articles as (
    select * from staging.stg_articles
),

split_person_pairs as (
    select * from intermediate.int_split_person_pairs
),

resolved as (
    select
        mentions.article_id,
        a.person_id as raw_a_id,
        b.person_id as raw_b_id,
        mentions.relation_type,
        mentions.confidence,
        mentions.sentence,
        mentions.start_char,
        mentions.end_char,
        mentions.is_speculative,
        articles.published_date,
    from mentions
    join articles using (article_id)
    join identity as a on a.article_id = mentions.article_id and a.person_key = mentions.person_a_key
    join identity as b on b.article_id = mentions.article_id and b.person_key = mentions.person_b_key
    where articles.duplicate_of is null
        and not mentions.is_negated
),

oriented as (
    select
        article_id,
        case when relation_type = 'parent_of' then raw_a_id else least(raw_a_id, raw_b_id) end as person_a_id,
        case when relation_type = 'parent_of' then raw_b_id else greatest(raw_a_id, raw_b_id) end as person_b_id,
        relation_type,
        confidence,
        sentence,
        start_char,
        end_char,
        is_speculative,
        published_date,
    from resolved
    where raw_a_id <> raw_b_id
),

final as (
    select oriented.*
    from oriented
    anti join split_person_pairs
        on split_person_pairs.person_a_id = least(oriented.person_a_id, oriented.person_b_id)
        and split_person_pairs.person_b_id = greatest(oriented.person_a_id, oriented.person_b_id)
)

select * from final
