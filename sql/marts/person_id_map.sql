-- grain: one row per retired person id: the id a name had before it joined another person (old_person_id -> person_id).
-- old_person_id: an id a run published, or would have, for a name that now belongs to another person
-- person_id: the id that person has now (see marts.people)
-- run_id: the run that changed it: the latest of the runs that brought the names and the evidence joining them
-- Every person_id ever published is the hash of one of the name keys, so a saved id is either a current
-- person_id or an old_person_id here; join through coalesce(map.person_id, saved_id).
with identity as (
    select * from intermediate.int_person_identity
),

people as (
    select * from marts.people
),

live_identity as (
    select * from identity where match_key is not null
),

own_keys as (
    -- the keys a name had on its own: its group key, and the bare key a single name had before relatives counted
    select group_key as own_key, article_id, person_id, decided_run_id, from live_identity
    union all
    select match_key as own_key, article_id, person_id, decided_run_id, from live_identity
    where group_key <> match_key
),

key_ids as (
    -- each key's own id, the person its first article row belongs to now, and when it last moved
    select
        'p_' || substr(md5(own_key), 1, 12) as old_person_id,
        first(person_id order by article_id) as person_id,
        max(decided_run_id) as decided_run_id,
    from own_keys
    group by own_key
),

person_merge_runs as (
    -- the last run that joined a name to each person: when the key of a name that was its own person stopped being current
    select person_id, max(decided_run_id) as decided_run_id,
    from live_identity
    group by person_id
),

final as (
    select
        key_ids.old_person_id,
        key_ids.person_id,
        coalesce(key_ids.decided_run_id, person_merge_runs.decided_run_id) as run_id,
    from key_ids
    left join person_merge_runs using (person_id)
    anti join people on people.person_id = key_ids.old_person_id
)

select * from final
