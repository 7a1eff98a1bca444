-- grain: one row per sentence stating a partnership (romantic, engaged, married, ex_partner) of a pair, in the order the articles tell them.
-- told_on: when the statement tells it happened: the earliest date written in the sentence (for a split the latest: 'dated from 2006 to 2015'), else the article's date; null when neither
-- is_date_stated: told_on comes from a date written in the sentence
-- told_precision: day | week | month | year: how precise the written date that gives told_on is ("in 2019": year, told_on 2019-01-01); of several giving that day, the finest; day when told_on is the article's date; null when told_on is null
-- life_stage: 1 romantic, 2 engaged, 3 married, 4 ex_partner (a split or a divorce): the order on one date
-- told_rank: 1, 2, ... per pair: by told_on (undated first), then life_stage, then article date and article
-- is_last_of_type: the last statement of its type for the pair
-- is_current_type: the statement's type is the pair's current partnership: the type most of the pair's five latest articles end on (each article votes with its last statement; a tie goes to the later vote), so that one stray sentence ('split time between the UK and North America') neither ends a marriage nor revives one
with relation_mentions as (
    select * from intermediate.int_relation_mentions
),

dates as (
    select
        *,
        case date_precision when 'day' then 1 when 'week' then 2 when 'month' then 3 else 4 end as precision_rank,
    from staging.stg_date_mentions
),

statements as (
    select distinct
        article_id,
        person_a_id,
        person_b_id,
        relation_type,
        sentence,
        start_char,
        end_char,
        published_date,
    from relation_mentions
    where relation_type in ('romantic', 'engaged', 'married', 'ex_partner')
),

stated_dates as (
    select
        statements.article_id,
        statements.start_char,
        statements.end_char,
        min(dates.date_start) as earliest_stated,
        max(dates.date_start) as latest_stated,
        -- the precision of the date written that gives each; of several on that day, the finest
        first(dates.date_precision order by dates.date_start, dates.precision_rank) as earliest_precision,
        first(dates.date_precision order by dates.date_start desc, dates.precision_rank) as latest_precision,
    from statements
    join dates
        on dates.article_id = statements.article_id
        and dates.start_char >= statements.start_char
        and dates.end_char <= statements.end_char
    where dates.date_start is not null
    group by all
),

dated as (
    select
        statements.*,
        coalesce(
            case when statements.relation_type = 'ex_partner' then stated_dates.latest_stated
                else stated_dates.earliest_stated end,
            statements.published_date
        ) as told_on,
        case
            when stated_dates.earliest_stated is null then
                case when statements.published_date is not null then 'day' end  -- the article's date
            when statements.relation_type = 'ex_partner' then stated_dates.latest_precision
            else stated_dates.earliest_precision
        end as told_precision,
        stated_dates.earliest_stated is not null as is_date_stated,
        case statements.relation_type
            when 'romantic' then 1 when 'engaged' then 2 when 'married' then 3 else 4
        end as life_stage,
    from statements
    left join stated_dates using (article_id, start_char, end_char)
),

ranked as (
    select
        *,
        row_number() over (
            partition by person_a_id, person_b_id
            order by told_on asc nulls first, life_stage, published_date asc nulls first, article_id, start_char,
                relation_type
        ) as told_rank,
    from dated
),

last_ranks as (
    select
        *,
        told_rank = max(told_rank) over (partition by person_a_id, person_b_id, relation_type) as is_last_of_type,
    from ranked
),

article_votes as (
    -- each article votes with its last statement about the pair
    select
        person_a_id,
        person_b_id,
        article_id,
        max(told_rank) as vote_rank,
        arg_max(relation_type, told_rank) as voted_type,
    from ranked
    group by all
),

recent_votes as (
    select *
    from article_votes
    qualify row_number() over (partition by person_a_id, person_b_id order by vote_rank desc) <= 5
),

current_types as (
    select
        person_a_id,
        person_b_id,
        arg_max(voted_type, vote_count * 1000000 + latest_vote) as current_type,
    from (
        select person_a_id, person_b_id, voted_type, count(*) as vote_count, max(vote_rank) as latest_vote,
        from recent_votes
        group by all
    )
    group by all
),

final as (
    select
        article_id,
        person_a_id,
        person_b_id,
        relation_type,
        sentence,
        start_char,
        end_char,
        published_date,
        told_on,
        told_precision,
        is_date_stated,
        life_stage,
        told_rank,
        is_last_of_type,
        relation_type = current_type as is_current_type,
    from last_ranks
    join current_types using (person_a_id, person_b_id)
)

select * from final
