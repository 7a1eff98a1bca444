-- grain: one row per sentence stating a partnership (romantic, engaged, married, ex_partner) of a pair, in the order the articles tell them.
-- told_on: when the statement tells it happened: the earliest date written in the sentence, else the article's date; null when neither
-- is_date_stated: told_on comes from a date written in the sentence
-- life_stage: 1 romantic, 2 engaged, 3 married, 4 ex_partner (a split or a divorce): the order on one date
-- told_rank: 1, 2, ... per pair: by told_on (undated first), then life_stage, then article date and article
-- is_last: the pair's last statement; its type is the pair's current partnership
-- is_last_of_type: the last statement of its type for the pair
with relation_mentions as (
    select * from intermediate.int_relation_mentions
),

dates as (
    select * from staging.stg_date_mentions
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
        min(dates.date_start) as stated_on,
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
        coalesce(stated_dates.stated_on, statements.published_date) as told_on,
        stated_dates.stated_on is not null as is_date_stated,
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
        is_date_stated,
        life_stage,
        told_rank,
        told_rank = max(told_rank) over (partition by person_a_id, person_b_id) as is_last,
        told_rank = max(told_rank) over (partition by person_a_id, person_b_id, relation_type) as is_last_of_type,
    from ranked
)

select * from final
