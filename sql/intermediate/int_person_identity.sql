-- grain: one row per person found in an article (article_id, person_key), with the person it is.
-- canonical_key: the cross-article key of the person (accents folded, lower case)
-- person_id: the person's stable id: the hash of the key, among those merged into the person, seen in the earliest run
-- match_key: the article's key with accents and apostrophes folded ('Renée' and 'Renee' are one key)
-- group_key: the key the name has on its own: match_key, and for a single name with a full-named partner or relative in its article, that relative's key too ('maggie (kathy griffin)')
-- is_single_name: the article gives the person one name only
-- joined_by: why the name joined another person's: relative (the same partner, parent, child or sibling named with both), descriptor (a rare role word both carry, or the target's title), age (birth years within a year), same_article (the only full name of the article with that part), family (a first name in an article that names another person with the full name's surname, or half of a double one: 'Vivienne' beside Brad Pitt is Vivienne Jolie-Pitt), company (for a single name: two people who are no hubs named beside both); null when it did not
-- decided_run_id: the run whose articles brought the names and the evidence of that join (the latest of them)
-- A name joins another person's only on specific evidence (joined_by), never on company through hub people:
-- - a single name ("Lennon") in one article, and a full name elsewhere that has it as first name or surname;
-- - a title and surname ("Gov. Crane", "Mr Trump") and a full name with that part;
-- - a longer full name and its shorter form: a middle or legal name dropped ("George Timothy Clooney"),
--   a married surname dropped ("Kim Kardashian West"), a leading title dropped ("Dr. Paul Nassif"); never 'Jr'.
-- It joins when exactly one candidate has evidence and nothing conflicts: birth years all three or more years
-- apart, or opposite genders; of exactly two such candidates, a single name joins the one it shares a relative with. A single name with no relative decides per article; a full name over all its
-- articles, and a single name with a full-named relative decides over every article that gives it that
-- relative. Without evidence a single name stays its own person: one per name and full-named relative.
-- Every step is an equi-join on a name part, an article, a neighbour or a birth year: linear in the corpus.
with article_people as (
    select * from staging.stg_article_people
),

articles as (
    select * from staging.stg_articles
),

relation_mentions as (
    select * from staging.stg_relation_mentions
),

descriptors as (
    select * from staging.stg_descriptors
),

ages as (
    select * from staging.stg_ages
),

live_people as (
    select
        article_people.article_id,
        article_people.person_key,
        article_people.is_single_name,
        article_people.gender,
        articles.published_date,
        articles.run_id,
        regexp_replace(trim(strip_accents(lower(
            replace(replace(replace(replace(replace(article_people.person_key, '’', ''''), 'ø', 'o'), 'ł', 'l'),
                'ß', 'ss'), 'æ', 'ae')
        ))), '\s+', ' ', 'g') as match_key,
    from article_people
    join articles using (article_id)
    where articles.duplicate_of is null
),

keys as (
    -- one row per distinct key, with its name parts and when it was first seen
    select
        match_key,
        bool_and(is_single_name) as is_single_name,
        min(run_id) as first_run_id,
        string_split(match_key, ' ') as tokens,
        rtrim(string_split(match_key, ' ')[1], '.') in (
            'mr', 'mrs', 'ms', 'miss', 'dr', 'gov', 'governor', 'sen', 'senator', 'rep', 'rev', 'president',
            'prince', 'princess', 'queen', 'king', 'lady', 'sir', 'duke', 'duchess', 'judge', 'officer'
        ) as has_title,
        case when count(distinct gender) filter (where gender is not null) = 1 then min(gender) end as gender,
    from live_people
    group by match_key
),

full_keys as (
    select match_key, tokens[1] as first_token, tokens[-1] as last_token,
    from keys
    where not is_single_name and len(tokens) >= 2
),

stated_links as (
    -- partners and relatives stated in an article, each way, with the role the other person plays
    select article_id, person_a_key as person_key, person_b_key as other_key,
        case when relation_type = 'parent_of' then 'child'
            when relation_type in ('sibling', 'relative') then relation_type else 'partner' end as role,
    from relation_mentions
    where not is_negated and relation_type <> 'friend'
    union
    select article_id, person_b_key as person_key, person_a_key as other_key,
        case when relation_type = 'parent_of' then 'parent'
            when relation_type in ('sibling', 'relative') then relation_type else 'partner' end as role,
    from relation_mentions
    where not is_negated and relation_type <> 'friend'
),

neighbours as (
    -- by the other person's key, when the article gives their full name
    select stated_links.article_id, stated_links.person_key, other.match_key as neighbour_key, stated_links.role,
    from stated_links
    join live_people as other
        on other.article_id = stated_links.article_id and other.person_key = stated_links.other_key
    where not other.is_single_name
),

stated_scopes as (
    -- a single name with a full-named partner or relative in its article is that person's 'Maggie': two
    -- articles' 'Maggie' are one person only with the same relative. The relative is taken by first name and
    -- surname ('Kourtney Mary Kardashian' is 'kourtney kardashian'), a parent first, then the smallest key.
    select neighbours.article_id, neighbours.person_key,
        first(string_split(neighbours.neighbour_key, ' ')[1] || ' ' || string_split(neighbours.neighbour_key, ' ')[-1]
            order by neighbours.role <> 'parent', neighbours.neighbour_key) as scope_key,
    from neighbours
    semi join live_people
        on live_people.article_id = neighbours.article_id and live_people.person_key = neighbours.person_key
        and live_people.is_single_name
    group by neighbours.article_id, neighbours.person_key
),

scoped_names as (
    select distinct live_people.match_key, stated_scopes.scope_key,
    from stated_scopes
    join live_people using (article_id, person_key)
),

partner_links as (
    -- two full-named people stated as partners somewhere, by first name and surname
    select distinct
        string_split(person.match_key, ' ')[1] || ' ' || string_split(person.match_key, ' ')[-1] as scope_key,
        string_split(neighbours.neighbour_key, ' ')[1] || ' ' || string_split(neighbours.neighbour_key, ' ')[-1]
            as partner_key,
    from neighbours
    join live_people as person using (article_id, person_key)
    where neighbours.role = 'partner' and not person.is_single_name
),

scope_representatives as (
    -- a child named beside either parent is one child: 'Maddox' of Angelina Jolie and of her partner Brad Pitt
    -- (through each scope's partners, never pairing every scope of a name with every other)
    select scoped_names.match_key, scoped_names.scope_key, min(partner_links.partner_key) as representative_key,
    from scoped_names
    join partner_links using (scope_key)
    semi join scoped_names as other
        on other.match_key = scoped_names.match_key and other.scope_key = partner_links.partner_key
    where partner_links.partner_key < scoped_names.scope_key
    group by scoped_names.match_key, scoped_names.scope_key
),

present_scopes as (
    -- a single name with no stated relative, in an article that names exactly one relative another article
    -- states for that name ("his daughter Lia" beside Ben Cole, where another article says Ben Cole is Lia's father)
    select live_people.article_id, live_people.person_key, min(scoped_names.scope_key) as scope_key,
    from live_people
    join live_people as relative
        on relative.article_id = live_people.article_id and not relative.is_single_name
    join scoped_names
        on scoped_names.match_key = live_people.match_key
        and scoped_names.scope_key
            = string_split(relative.match_key, ' ')[1] || ' ' || string_split(relative.match_key, ' ')[-1]
    anti join stated_scopes
        on stated_scopes.article_id = live_people.article_id and stated_scopes.person_key = live_people.person_key
    where live_people.is_single_name
    group by live_people.article_id, live_people.person_key
    having count(distinct scoped_names.scope_key) = 1
),

single_scopes as (
    select scopes.article_id, scopes.person_key,
        coalesce(scope_representatives.representative_key, scopes.scope_key) as scope_key,
    from (select * from stated_scopes union all select * from present_scopes) as scopes
    join live_people using (article_id, person_key)
    left join scope_representatives
        on scope_representatives.match_key = live_people.match_key
        and scope_representatives.scope_key = scopes.scope_key
),

shared_name_parts as (
    -- a word that is the first name or surname of any full name ('kim', 'douglas', 'abel'): alone, it could be
    -- that person or another, so two articles' lone 'Kim' are not taken for one person without evidence. One full
    -- name is enough: grouping the lone names no full name claims with evidence merged 3 gold pairs (the lone
    -- 'Abel's are The Weeknd, Abel Tesfaye, and Will Arnett's toddler; 'Douglas' Michael or Illeana; 'Clinton')
    select first_token as part, from full_keys
    union
    select last_token as part, from full_keys
),

unit_records as (
    -- the article rows a deciding unit speaks for: one article for a single name, every article of a single name
    -- with its relative, or of a full name
    select
        case when not live_people.is_single_name then live_people.match_key
            when single_scopes.scope_key is not null
                then '|' || live_people.match_key || ' (' || single_scopes.scope_key || ')'
            else live_people.article_id || '|' || live_people.match_key end as unit_id,
        case when not live_people.is_single_name then live_people.match_key
            when single_scopes.scope_key is not null
                then live_people.match_key || ' (' || single_scopes.scope_key || ')'
            when shared_name_parts.part is not null then live_people.match_key || ' @' || live_people.article_id
            else live_people.match_key end as group_key,
        live_people.article_id,
        live_people.person_key,
        live_people.match_key,
        live_people.is_single_name,
        live_people.gender,
        live_people.published_date,
        live_people.run_id,
    from live_people
    left join single_scopes using (article_id, person_key)
    left join shared_name_parts on shared_name_parts.part = live_people.match_key
),

single_candidates as (
    -- a single name, and each full name with it as first name or surname
    select unit_records.unit_id, full_keys.match_key as target_key,
    from unit_records
    join full_keys on full_keys.first_token = unit_records.match_key
    where unit_records.is_single_name
    union
    select unit_records.unit_id, full_keys.match_key as target_key,
    from unit_records
    join full_keys on full_keys.last_token = unit_records.match_key
    where unit_records.is_single_name
),

variant_forms as (
    -- the shorter forms a longer key may stand for
    select match_key, tokens[2] as part, null as short_key, from keys
    where has_title and len(tokens) = 2
    union all
    select match_key, null as part, array_to_string(tokens[2:], ' ') as short_key, from keys
    where has_title and len(tokens) >= 3
    union all
    select match_key, null as part, tokens[1] || ' ' || tokens[-1] as short_key, from keys
    where not is_single_name and not has_title and len(tokens) >= 3
        and rtrim(tokens[-1], '.') not in ('jr', 'sr', 'ii', 'iii', 'iv')
    union all
    select match_key, null as part, array_to_string(tokens[1:-2], ' ') as short_key, from keys
    where not is_single_name and not has_title and len(tokens) >= 3
        and rtrim(tokens[-1], '.') not in ('jr', 'sr', 'ii', 'iii', 'iv')
),

variant_candidates as (
    select variant_forms.match_key as unit_id, full_keys.match_key as target_key,
    from variant_forms
    join full_keys on full_keys.match_key = variant_forms.short_key
    union
    select variant_forms.match_key as unit_id, full_keys.match_key as target_key,
    from variant_forms
    join full_keys on full_keys.first_token = variant_forms.part
    union
    select variant_forms.match_key as unit_id, full_keys.match_key as target_key,
    from variant_forms
    join full_keys on full_keys.last_token = variant_forms.part
),

candidates as (
    select unit_id, target_key, true as is_single_unit, from single_candidates
    union all
    select unit_id, target_key, false as is_single_unit, from variant_candidates
    where unit_id <> target_key
),

candidate_units as (
    select distinct unit_id from candidates
),

unit_records_deciding as (
    select unit_records.*
    from unit_records
    semi join candidate_units using (unit_id)
),

key_neighbours as (
    select distinct live_people.match_key, neighbours.neighbour_key, neighbours.role, live_people.run_id,
    from neighbours
    join live_people using (article_id, person_key)
),

unit_neighbours as (
    select distinct unit_records_deciding.unit_id, neighbours.neighbour_key, neighbours.role,
        unit_records_deciding.run_id,
    from unit_records_deciding
    join neighbours using (article_id, person_key)
),

relative_evidence as (
    select candidates.unit_id, candidates.target_key, 'relative' as reason,
        greatest(unit_neighbours.run_id, key_neighbours.run_id) as run_id,
    from candidates
    join unit_neighbours using (unit_id)
    join key_neighbours
        on key_neighbours.match_key = candidates.target_key
        and key_neighbours.neighbour_key = unit_neighbours.neighbour_key
        and key_neighbours.role = unit_neighbours.role
    where unit_neighbours.neighbour_key <> candidates.target_key
),

key_descriptors as (
    select distinct live_people.match_key, lower(trim(descriptors.descriptor)) as descriptor, live_people.run_id,
    from descriptors
    join live_people using (article_id, person_key)
),

rare_descriptors as (
    -- a role word at most two people carry is specific; 'actor' or 'Princess' is not
    select descriptor from key_descriptors group by descriptor having count(distinct match_key) <= 2
),

unit_descriptors as (
    select distinct unit_records_deciding.unit_id, lower(trim(descriptors.descriptor)) as descriptor,
        unit_records_deciding.run_id,
    from unit_records_deciding
    join descriptors using (article_id, person_key)
),

descriptor_evidence as (
    select candidates.unit_id, candidates.target_key, 'descriptor' as reason,
        greatest(unit_descriptors.run_id, key_descriptors.run_id) as run_id,
    from candidates
    join unit_descriptors using (unit_id)
    semi join rare_descriptors using (descriptor)
    join key_descriptors
        on key_descriptors.match_key = candidates.target_key and key_descriptors.descriptor = unit_descriptors.descriptor
    union all
    -- 'Philip' described as 'Prince' and the full name 'Prince Philip'
    select candidates.unit_id, candidates.target_key, 'descriptor' as reason, unit_descriptors.run_id,
    from candidates
    join unit_descriptors using (unit_id)
    join keys on keys.match_key = candidates.target_key
    where keys.has_title and rtrim(keys.tokens[1], '.') = rtrim(unit_descriptors.descriptor, '.')
),

key_birth_years as (
    select distinct live_people.match_key, year(live_people.published_date) - ages.age as birth_year, live_people.run_id,
    from ages
    join live_people using (article_id, person_key)
    where live_people.published_date is not null
),

unit_birth_years as (
    select distinct unit_records_deciding.unit_id, year(unit_records_deciding.published_date) - ages.age as birth_year,
        unit_records_deciding.run_id,
    from unit_records_deciding
    join ages using (article_id, person_key)
    where unit_records_deciding.published_date is not null
),

age_pairs as (
    select candidates.unit_id, candidates.target_key, unit_birth_years.birth_year as unit_year,
        key_birth_years.birth_year as target_year, greatest(unit_birth_years.run_id, key_birth_years.run_id) as run_id,
    from candidates
    join unit_birth_years using (unit_id)
    join key_birth_years on key_birth_years.match_key = candidates.target_key
),

age_evidence as (
    select unit_id, target_key, 'age' as reason, run_id, from age_pairs
    where abs(unit_year - target_year) <= 1
),

same_article_targets as (
    -- a single name whose article also gives exactly one full name with that part
    select candidates.unit_id, candidates.target_key, unit_records_deciding.run_id,
        count(*) over (partition by candidates.unit_id, unit_records_deciding.article_id) as targets_in_article,
    from candidates
    join unit_records_deciding using (unit_id)
    join live_people
        on live_people.article_id = unit_records_deciding.article_id and live_people.match_key = candidates.target_key
    where candidates.is_single_unit
),

same_article_evidence as (
    select unit_id, target_key, 'same_article' as reason, run_id, from same_article_targets
    where targets_in_article = 1
),

family_surnames as (
    -- the surnames a full name shares with its family: its own, or both halves of a double one ('jolie-pitt':
    -- the children of Angelina Jolie and Brad Pitt); one half is not enough ('Jessica' beside the host Chris
    -- Harrison is no Jessica Harrison-Hall). halves: how many of the form's surnames the article must give
    select match_key, last_token as surname, 1 as halves, from full_keys
    union
    select match_key, unnest(string_split(last_token, '-')) as surname, len(string_split(last_token, '-')) as halves,
    from full_keys
    where contains(last_token, '-')
),

family_evidence as (
    -- a first name ('Khloe') in an article that gives someone else the full name's surname ('Kim Kardashian'),
    -- or both halves of a double one ('Vivienne' beside Angelina Jolie and Brad Pitt: Vivienne Jolie-Pitt)
    select distinct candidates.unit_id, candidates.target_key, 'family' as reason, unit_records_deciding.run_id,
    from candidates
    join unit_records_deciding using (unit_id)
    join full_keys as target on target.match_key = candidates.target_key
    join family_surnames on family_surnames.match_key = target.match_key
    join live_people as relative
        on relative.article_id = unit_records_deciding.article_id
        and string_split(relative.match_key, ' ')[-1] = family_surnames.surname
    where candidates.is_single_unit
        and unit_records_deciding.match_key = target.first_token
        and target.first_token <> target.last_token
        and len(string_split(target.match_key, ' ')) <= 3  -- not a headline run ('Beyonce Blasts Kim Kardashian')
        and not relative.is_single_name
        and relative.match_key <> target.match_key
    group by candidates.unit_id, candidates.target_key, unit_records_deciding.run_id, unit_records_deciding.article_id,
        family_surnames.halves
    having count(distinct family_surnames.surname) = family_surnames.halves
),

article_counts as (
    select match_key, count(distinct article_id) as article_count, from live_people group by match_key
),

hub_limit as (
    -- a person in more than 1% of the articles (at least 5) is a hub: everyone shares company with them
    select greatest(5, count(distinct article_id) / 100) as article_count, from live_people
),

companions as (
    -- the full-named people of each article who are not hubs
    select live_people.article_id, live_people.match_key,
    from live_people
    join article_counts using (match_key)
    cross join hub_limit
    where not live_people.is_single_name and article_counts.article_count <= hub_limit.article_count
),

unit_companions as (
    select unit_records_deciding.unit_id, companions.match_key as companion_key,
        min(unit_records_deciding.run_id) as run_id,
    from unit_records_deciding
    join companions using (article_id)
    where companions.match_key <> unit_records_deciding.match_key
    group by all
),

candidate_targets as (
    select distinct target_key from candidates
),

target_companions as (
    select live_people.match_key as target_key, companions.match_key as companion_key, min(live_people.run_id) as run_id,
    from live_people
    semi join candidate_targets on candidate_targets.target_key = live_people.match_key
    join companions using (article_id)
    where companions.match_key <> live_people.match_key
    group by all
),

company_evidence as (
    -- two or more people who are no hubs, each named beside both names
    select candidates.unit_id, candidates.target_key, 'company' as reason,
        max(greatest(unit_companions.run_id, target_companions.run_id)) as run_id,
    from candidates
    join unit_companions using (unit_id)
    join target_companions
        on target_companions.target_key = candidates.target_key
        and target_companions.companion_key = unit_companions.companion_key
    where unit_companions.companion_key <> candidates.target_key
        and candidates.is_single_unit  -- a title or a longer name keeps company in its own circle ('Prince Harry')
    group by candidates.unit_id, candidates.target_key
    having count(distinct unit_companions.companion_key) >= 2
),

evidence as (
    select * from relative_evidence
    union all select * from descriptor_evidence
    union all select * from age_evidence
    union all select * from same_article_evidence
    union all select * from company_evidence
    union all select * from family_evidence
),

conflicts as (
    -- ages are noisy (a mother's age given to her child): they conflict only when no two of them agree
    select unit_id, target_key, from age_pairs group by unit_id, target_key
    having min(abs(unit_year - target_year)) >= 3
    union
    select distinct candidates.unit_id, candidates.target_key,
    from candidates
    join unit_records_deciding using (unit_id)
    join keys on keys.match_key = candidates.target_key
    where unit_records_deciding.gender is not null and keys.gender is not null
        and unit_records_deciding.gender <> keys.gender
),

supported as (
    select evidence.unit_id, evidence.target_key, min(evidence.reason) as reason, min(evidence.run_id) as evidence_run_id,
        min(evidence.run_id) filter (where evidence.reason = 'relative') as relative_run_id,
    from evidence
    anti join conflicts using (unit_id, target_key)
    group by evidence.unit_id, evidence.target_key
),

key_decisions as (
    -- a full name or title with exactly one supported shorter form joins it; else it stays as it is
    select unit_id as match_key, min(target_key) as target_key, min(reason) as reason,
        min(evidence_run_id) as evidence_run_id,
    from supported
    where not contains(unit_id, '|')
    group by unit_id
    having count(*) = 1
),

key_resolution as (
    -- followed one step further: 'Kim Kardashian West' -> 'Kim Kardashian', then nothing
    select key_decisions.match_key, coalesce(onward.target_key, key_decisions.target_key) as target_key,
        key_decisions.reason, key_decisions.evidence_run_id,
    from key_decisions
    left join key_decisions as onward on onward.match_key = key_decisions.target_key
),

double_surname_forms as (
    -- a full name with a double surname and the full name with its first half ('tina knowles-lawson',
    -- 'tina knowles'; 'pippa middleton-inspired' of a headline): for a single name, one candidate
    select full_keys.match_key, first_half.match_key as short_key,
    from full_keys
    join full_keys as first_half
        on first_half.match_key = full_keys.first_token || ' ' || string_split(full_keys.last_token, '-')[1]
    where contains(full_keys.last_token, '-') and len(string_split(full_keys.match_key, ' ')) = 2
),

single_supported as (
    -- a single name's candidates, each taken to the person it is: two forms of one person are one candidate
    select supported.unit_id,
        coalesce(key_resolution.target_key, double_surname_forms.short_key, supported.target_key) as target_key,
        min(supported.reason) as reason, min(supported.evidence_run_id) as evidence_run_id,
        min(supported.relative_run_id) as relative_run_id,
    from supported
    left join key_resolution on key_resolution.match_key = supported.target_key
    left join double_surname_forms on double_surname_forms.match_key = supported.target_key
    where contains(supported.unit_id, '|')
    group by all
),

single_decisions as (
    -- a single name joins its one supported candidate; of two, the one it shares a relative with in the same role
    -- ('Khloe', Kim Kardashian's sister: Khloe Kardashian by relative, not the misspelt 'Khloe Karashian' of the
    -- same age). Never of three or more: a name with evidence for many people is common or a mix of people, and
    -- one noisy relation would pick among them (on the whole corpus 'David', Kate Middleton's relative, had 49)
    select unit_id,
        count(*) as candidate_count,
        count(*) filter (where relative_run_id is not null) as relative_count,
        min(target_key) as only_key, min(reason) as only_reason, min(evidence_run_id) as only_run_id,
        min(target_key) filter (where relative_run_id is not null) as relative_key,
        min(relative_run_id) as relative_run_id,
    from single_supported
    group by unit_id
),

decisions as (
    select unit_id, only_key as target_key, only_reason as reason, only_run_id as evidence_run_id,
    from single_decisions
    where candidate_count = 1
    union all
    select unit_id, relative_key as target_key, 'relative' as reason, relative_run_id as evidence_run_id,
    from single_decisions
    where candidate_count = 2 and relative_count = 1
    union all
    select match_key as unit_id, target_key, reason, evidence_run_id, from key_resolution
),

resolved as (
    select
        unit_records.article_id,
        unit_records.person_key,
        unit_records.match_key,
        unit_records.run_id,
        unit_records.is_single_name,
        unit_records.group_key,
        decisions.target_key,
        decisions.reason as joined_by,
        case when decisions.target_key is not null then
            greatest(own_key.first_run_id, target.first_run_id, decisions.evidence_run_id)
        end as decided_run_id,
    from unit_records
    join keys as own_key on own_key.match_key = unit_records.match_key
    left join decisions using (unit_id)
    left join keys as target on target.match_key = decisions.target_key
),

members as (
    -- the keys that make up each person: its own key, and every name that joined it (a single name's group
    -- joins or stays whole, so its key never splits)
    select coalesce(target_key, group_key) as canonical_key, group_key, min(run_id) as first_run_id,
    from resolved
    group by all
),

survivors as (
    -- the id of the key seen first (ties: the canonical key, then the smallest key) survives every merge
    select canonical_key, first(group_key order by first_run_id, group_key <> canonical_key, group_key) as id_key,
    from members
    group by canonical_key
),

final as (
    select
        article_people.article_id,
        article_people.person_key,
        coalesce(resolved.target_key, resolved.group_key, article_people.person_key) as canonical_key,
        'p_' || substr(md5(coalesce(survivors.id_key, article_people.person_key)), 1, 12) as person_id,
        resolved.match_key,
        resolved.group_key,
        article_people.is_single_name,
        resolved.joined_by,
        resolved.decided_run_id,
    from article_people
    left join resolved using (article_id, person_key)
    left join survivors on survivors.canonical_key = coalesce(resolved.target_key, resolved.group_key)
)

select * from final
