-- grain: one row per stated relation in a non-duplicate article, arguments resolved to person_id.
-- Symmetric types are ordered (person_a_id < person_b_id); parent_of keeps parent first.
-- Denials ("denied dating") are dropped here: a denial is not a relationship. So are relations between two
-- rows of one person the identity step kept apart ('Kris' and 'Kris Jenner'; intermediate.int_split_person_pairs).
-- Statements that put one pair in two generations cannot all be true: a parent_of between two people also
-- stated as partners, co-parents or siblings ('Kylie and dad Travis Scott' beside 'her baby daddy Travis
-- Scott'), or a parent_of each way. The side stated in fewer articles is dropped; on a tie, the parent_of
-- (a same-generation reading beats a parent_of, and two parent_of directions both go).
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

kept_people as (
    select oriented.*
    from oriented
    anti join split_person_pairs
        on split_person_pairs.person_a_id = least(oriented.person_a_id, oriented.person_b_id)
        and split_person_pairs.person_b_id = greatest(oriented.person_a_id, oriented.person_b_id)
),

with_readings as (
    -- each statement's generation reading of its unordered pair (null: a type that says nothing of it)
    select
        kept_people.*,
        least(person_a_id, person_b_id) as pair_low,
        greatest(person_a_id, person_b_id) as pair_high,
        case
            when relation_type not in ('parent_of', 'romantic', 'engaged', 'married', 'ex_partner', 'co_parent',
                                       'sibling') then null
            when relation_type <> 'parent_of' then 'same_generation'
            when person_a_id < person_b_id then 'low_is_parent'
            else 'high_is_parent'
        end as reading,
    from kept_people
),

readings as (
    -- per unordered pair: the articles for each generation reading of it
    select pair_low, pair_high, reading, count(distinct article_id) as article_count,
    from with_readings
    where reading is not null
    group by all
),

outvoted as (
    -- a reading with fewer articles than another reading of its pair, or a parent_of tied with any other
    select readings.pair_low, readings.pair_high, readings.reading,
    from readings
    join readings as rival
        on rival.pair_low = readings.pair_low
        and rival.pair_high = readings.pair_high
        and rival.reading <> readings.reading
    where rival.article_count > readings.article_count
        or rival.article_count = readings.article_count and readings.reading <> 'same_generation'
),

final as (
    select with_readings.* exclude (pair_low, pair_high, reading)
    from with_readings
    anti join outvoted using (pair_low, pair_high, reading)
)

select * from final
