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
with evidence as (
    select * from marts.relationship_evidence
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
        first(sentence order by confidence desc, sentence) as evidence,  -- ties broken by text: reproducible
    from evidence
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
    from grouped
    join people as person_a on person_a.person_id = grouped.person_a_id
    join people as person_b on person_b.person_id = grouped.person_b_id
    left join ended
        on ended.person_a_id = grouped.person_a_id
        and ended.person_b_id = grouped.person_b_id
)

select * from final
