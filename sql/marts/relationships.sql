-- grain: one row per pair of people and relation type; symmetric types have person_a_id < person_b_id.
-- person_a_id: first person (for parent_of: the parent)
-- person_a: first person's name
-- person_b_id: second person (for parent_of: the child)
-- person_b: second person's name
-- relation_type: romantic | married | engaged | ex_partner | parent_of | sibling | relative | friend | co_parent
-- confidence: 0..1, combined over statements as 1 - product(1 - c)
-- article_count: articles that state it
-- first_reported: earliest article date that states it
-- last_reported: latest article date that states it
-- evidence: the most confident sentence stating it
-- is_current: false for a partnership that a later-or-equal ex_partner statement ended
-- started_on: earliest date written in a sentence stating the partnership (dating, engaged, married) or, for other types, the relation; null when no sentence dates it
-- ended_on: for partners and exes, the earliest date written in a sentence saying they split; else null
with evidence as (
    select * from marts.relationship_evidence
),

dates as (
    select * from staging.stg_date_mentions
),

people as (
    select * from marts.people
),

grouped as (
    select
        person_a_id,
        person_b_id,
        relation_type,
        least(0.99, 1 - exp(sum(ln(greatest(1e-6, 1 - least(confidence, 0.999)))))) as confidence,
        count(distinct article_id) as article_count,
        min(published_date) as first_reported,
        max(published_date) as last_reported,
        first(sentence order by confidence desc, sentence) as evidence,  -- ties broken by text: deterministic
    from evidence
    group by all
),

dated_statements as (
    -- a date written inside the sentence that states the relation
    select
        evidence.person_a_id,
        evidence.person_b_id,
        evidence.relation_type,
        min(dates.date_start) as stated_on,
    from evidence
    join dates
        on dates.article_id = evidence.article_id
        and dates.start_char >= evidence.start_char
        and dates.end_char <= evidence.end_char
    where dates.date_start is not null
    group by all
),

partnership_dates as (
    select
        person_a_id,
        person_b_id,
        min(stated_on) filter (where relation_type in ('romantic', 'married', 'engaged')) as started_on,
        min(stated_on) filter (where relation_type = 'ex_partner') as ended_on,
    from dated_statements
    group by all
),

ended as (
    select person_a_id, person_b_id, max(coalesce(last_reported, date '1900-01-01')) as ended_reported,
    from grouped
    where relation_type = 'ex_partner'
    group by all
),

final as (
    select
        grouped.person_a_id,
        person_a.name as person_a,
        grouped.person_b_id,
        person_b.name as person_b,
        grouped.relation_type,
        round(grouped.confidence, 3) as confidence,
        grouped.article_count,
        grouped.first_reported,
        grouped.last_reported,
        grouped.evidence,
        not (
            grouped.relation_type in ('romantic', 'married', 'engaged')
            and ended.ended_reported is not null
            and ended.ended_reported >= coalesce(grouped.last_reported, date '1900-01-01')
        ) as is_current,
        case
            when grouped.relation_type in ('romantic', 'married', 'engaged', 'ex_partner')
                then partnership_dates.started_on
            else dated_statements.stated_on
        end as started_on,
        case
            when grouped.relation_type in ('romantic', 'married', 'engaged', 'ex_partner')
                then partnership_dates.ended_on
        end as ended_on,
    from grouped
    join people as person_a on person_a.person_id = grouped.person_a_id
    join people as person_b on person_b.person_id = grouped.person_b_id
    left join ended
        on ended.person_a_id = grouped.person_a_id
        and ended.person_b_id = grouped.person_b_id
    left join partnership_dates
        on partnership_dates.person_a_id = grouped.person_a_id
        and partnership_dates.person_b_id = grouped.person_b_id
    left join dated_statements
        on dated_statements.person_a_id = grouped.person_a_id
        and dated_statements.person_b_id = grouped.person_b_id
        and dated_statements.relation_type = grouped.relation_type
)

select * from final
