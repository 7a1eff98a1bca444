-- grain: one row per pair of people with a partnership (romantic, engaged, married, ex_partner); person_a_id < person_b_id.
-- person_a_id: first person
-- person_a: first person's name
-- person_b_id: second person
-- person_b: second person's name
-- relation_type: the current partnership: the type most of the pair's five latest articles end on, in the order the articles tell them (the row of marts.relationships that is_current)
-- since_on: when the current type began: its first dated statement in the order the articles tell them (its first statement when none is dated); the date written in its sentence, else its article's date (a reunion after a split dates from the first time)
-- is_date_stated: since_on is a date written in the sentence, not only the article's date
-- article_id: the article of that first statement: the one that says so
-- evidence: its sentence
-- previous_type: the partnership type told just before since_on (what the current type superseded); null when none was
-- last_reported: the latest article date stating the current type
-- article_count: articles stating the current type
with statements as (
    select * from intermediate.int_partnership_statements
),

people as (
    select * from marts.people
),

current_types as (
    select distinct person_a_id, person_b_id, relation_type,
    from statements
    where is_current_type
),

since_statements as (
    select
        statements.person_a_id,
        statements.person_b_id,
        statements.relation_type,
        first(statements.told_on order by statements.told_on is null, statements.told_rank) as since_on,
        first(statements.is_date_stated order by statements.told_on is null, statements.told_rank) as is_date_stated,
        first(statements.article_id order by statements.told_on is null, statements.told_rank) as article_id,
        first(statements.sentence order by statements.told_on is null, statements.told_rank) as evidence,
        min(statements.told_rank) as since_rank,
    from statements
    join current_types using (person_a_id, person_b_id, relation_type)
    group by all
),

previous_types as (
    select
        since_statements.person_a_id,
        since_statements.person_b_id,
        first(statements.relation_type order by statements.told_rank desc) as previous_type,
    from since_statements
    join statements
        on statements.person_a_id = since_statements.person_a_id
        and statements.person_b_id = since_statements.person_b_id
        and statements.told_rank < since_statements.since_rank
        and statements.relation_type <> since_statements.relation_type
    group by all
),

current_counts as (
    select
        statements.person_a_id,
        statements.person_b_id,
        max(statements.published_date) as last_reported,
        count(distinct statements.article_id) as article_count,
    from statements
    join current_types using (person_a_id, person_b_id, relation_type)
    group by all
),

final as (
    select
        since_statements.person_a_id,
        person_a.name as person_a,
        since_statements.person_b_id,
        person_b.name as person_b,
        since_statements.relation_type,
        since_statements.since_on,
        since_statements.is_date_stated,
        since_statements.article_id,
        since_statements.evidence,
        previous_types.previous_type,
        current_counts.last_reported,
        current_counts.article_count,
    from since_statements
    join people as person_a on person_a.person_id = since_statements.person_a_id
    join people as person_b on person_b.person_id = since_statements.person_b_id
    join current_counts using (person_a_id, person_b_id)
    left join previous_types using (person_a_id, person_b_id)
)

select * from final
