-- grain: one row per pair of people with a partnership (romantic, engaged, married, ex_partner); person_a_id < person_b_id.
-- person_a_id: first person
-- person_a: first person's name
-- person_b_id: second person
-- person_b: second person's name
-- relation_type: the current partnership: the type most of the pair's five latest articles end on, in the order the articles tell them (the row of marts.relationships that is_current)
-- since_on: when the current type began: the date its sentences write most often (ties: the earliest), so that one stray year in a sentence does not date it; when no sentence writes a date, the date of its first article
-- since_precision: day | week | month | year: how precise since_on is: that of the written date that gives it ("since 2019": year, since_on 2019-01-01), of several sentences writing that day, the finest; day when since_on is the article's date; null when since_on is null
-- is_date_stated: since_on is a date written in the sentence, not only the article's date
-- article_id: the article of the first statement giving that date: the one that says so
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

current_statements as (
    select statements.*
    from statements
    join current_types using (person_a_id, person_b_id, relation_type)
),

stated_date_counts as (
    -- the date the sentences of the current type write most often (a wedding day, a split's month)
    select person_a_id, person_b_id, told_on, count(*) as statement_count, min(told_rank) as first_rank,
    from current_statements
    where is_date_stated
    group by all
),

since_ranks as (
    select
        current_statements.person_a_id,
        current_statements.person_b_id,
        coalesce(
            any_value(modal.first_rank),
            first(current_statements.told_rank
                order by current_statements.told_on is null, current_statements.told_rank)
        ) as since_rank,
    from current_statements
    left join (
        select * from stated_date_counts
        qualify row_number() over (
            partition by person_a_id, person_b_id order by statement_count desc, told_on
        ) = 1
    ) as modal using (person_a_id, person_b_id)
    group by all
),

since_statements as (
    select
        current_statements.person_a_id,
        current_statements.person_b_id,
        current_statements.relation_type,
        current_statements.told_on as since_on,
        current_statements.told_precision,
        current_statements.is_date_stated,
        current_statements.article_id,
        current_statements.sentence as evidence,
        current_statements.told_rank as since_rank,
    from current_statements
    join since_ranks
        on since_ranks.person_a_id = current_statements.person_a_id
        and since_ranks.person_b_id = current_statements.person_b_id
        and since_ranks.since_rank = current_statements.told_rank
),

stated_precisions as (
    -- the finest precision any sentence of the current type writes since_on with
    select
        since_statements.person_a_id,
        since_statements.person_b_id,
        case min(case current_statements.told_precision when 'day' then 1 when 'week' then 2 when 'month' then 3
            else 4 end) when 1 then 'day' when 2 then 'week' when 3 then 'month' else 'year' end as since_precision,
    from since_statements
    join current_statements
        on current_statements.person_a_id = since_statements.person_a_id
        and current_statements.person_b_id = since_statements.person_b_id
        and current_statements.told_on = since_statements.since_on
        and current_statements.is_date_stated
    where since_statements.is_date_stated
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
        coalesce(stated_precisions.since_precision, since_statements.told_precision) as since_precision,
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
    left join stated_precisions using (person_a_id, person_b_id)
    left join previous_types using (person_a_id, person_b_id)
)

select * from final
