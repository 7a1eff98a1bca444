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
-- is_current: for partnerships (romantic, engaged, married, ex_partner) true on exactly one row per pair, the pair's current type (see marts.relationship_status); other types are always current
-- started_on: earliest date written in a sentence stating the partnership (dating, engaged, married) whose event is not an ending (docs/event_types.md: not split, divorce or death) or, for other types, the relation; null when no sentence dates it
-- ended_on: for partners and exes, the earliest date written in a sentence stating the pair's partnership whose event is a split or a divorce (filed or final); else null
-- superseded_by: for a partnership that is not current, the type of the first statement told after its last one (a romantic row superseded by engaged), or the current type when none followed (the later articles outvoted it); else null
-- superseded_on: when that following statement tells it: the date written in its sentence, else its article's date; null when outvoted
-- started_on_precision: day | week | month | year: how precise the written date that gives started_on is ("in 2019": year, started_on 2019-01-01); of several giving that day, the finest; null when started_on is null
-- ended_on_precision: day | week | month | year: how precise the written date that gives ended_on is, as for started_on; null when ended_on is null
-- A pair's partnership statements are put in the order the articles tell them: by the date written in the
-- sentence (else the article's date), and on one date in the order of a partnership's life (dating,
-- engaged, married, split or ex). The current type is the one most of the pair's five latest articles end on.
with evidence as (
    select * from marts.relationship_evidence
),

dates as (
    select
        *,
        case date_precision when 'day' then 1 when 'week' then 2 when 'month' then 3 else 4 end as precision_rank,
    from staging.stg_date_mentions
),

people as (
    select * from marts.people
),

partnership_order as (
    select * from intermediate.int_partnership_statements
),

grouped as (
    select
        person_a_id,
        person_b_id,
        relation_type,
        relation_type in ('romantic', 'married', 'engaged', 'ex_partner') as is_partnership,
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
        dates.event_type in ('split', 'divorce_filed', 'divorce_final', 'death') as is_ending,
        min(dates.date_start) as stated_on,
        -- the precision of the date written that gives stated_on; of several on that day, the finest
        first(dates.date_precision order by dates.date_start, dates.precision_rank) as stated_precision,
        first(dates.precision_rank order by dates.date_start, dates.precision_rank) as stated_rank,
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
        min(stated_on) filter (where relation_type in ('romantic', 'married', 'engaged') and not is_ending)
            as started_on,
        first(stated_precision order by stated_on, stated_rank)
            filter (where relation_type in ('romantic', 'married', 'engaged') and not is_ending)
            as started_on_precision,
        -- "who married in 2015, split in 2018": the split's date ends it, not the wedding's
        min(stated_on) filter (where is_ending) as ended_on,
        first(stated_precision order by stated_on, stated_rank) filter (where is_ending) as ended_on_precision,
    from dated_statements
    group by all
),

other_dates as (
    select
        person_a_id,
        person_b_id,
        relation_type,
        min(stated_on) as stated_on,
        first(stated_precision order by stated_on, stated_rank) as stated_precision,
    from dated_statements
    group by all
),

current_partnerships as (
    select distinct person_a_id, person_b_id, relation_type as current_type,
    from partnership_order
    where is_current_type
),

supersessions as (
    -- for each partnership type of a pair, the first statement of another type told after its last one
    select
        last_of_type.person_a_id,
        last_of_type.person_b_id,
        last_of_type.relation_type,
        first(later.relation_type order by later.told_rank) as superseded_by,
        first(later.told_on order by later.told_rank) as superseded_on,
    from partnership_order as last_of_type
    join partnership_order as later
        on later.person_a_id = last_of_type.person_a_id
        and later.person_b_id = last_of_type.person_b_id
        and later.told_rank > last_of_type.told_rank
        and later.relation_type <> last_of_type.relation_type
    where last_of_type.is_last_of_type
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
        coalesce(grouped.relation_type = current_partnerships.current_type, true) as is_current,
        -- a partnership is dated by its own start and its ending; any other type by its first dated sentence
        if(grouped.is_partnership, partnership_dates.started_on, other_dates.stated_on) as started_on,
        if(grouped.is_partnership, partnership_dates.ended_on, null) as ended_on,
        case
            when grouped.relation_type <> current_partnerships.current_type
                then coalesce(supersessions.superseded_by, current_partnerships.current_type)
        end as superseded_by,
        case when grouped.relation_type <> current_partnerships.current_type then supersessions.superseded_on end
            as superseded_on,
        if(grouped.is_partnership, partnership_dates.started_on_precision, other_dates.stated_precision)
            as started_on_precision,
        if(grouped.is_partnership, partnership_dates.ended_on_precision, null) as ended_on_precision,
    from grouped
    join people as person_a on person_a.person_id = grouped.person_a_id
    join people as person_b on person_b.person_id = grouped.person_b_id
    left join current_partnerships
        on current_partnerships.person_a_id = grouped.person_a_id
        and current_partnerships.person_b_id = grouped.person_b_id
        and grouped.is_partnership
    left join supersessions
        on supersessions.person_a_id = grouped.person_a_id
        and supersessions.person_b_id = grouped.person_b_id
        and supersessions.relation_type = grouped.relation_type
    left join partnership_dates
        on partnership_dates.person_a_id = grouped.person_a_id
        and partnership_dates.person_b_id = grouped.person_b_id
    left join other_dates
        on other_dates.person_a_id = grouped.person_a_id
        and other_dates.person_b_id = grouped.person_b_id
        and other_dates.relation_type = grouped.relation_type
)

select * from final
