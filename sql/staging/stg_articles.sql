-- grain: one row per article record (article_id), first load wins.
-- article_id: stable id derived from the record's content hash
-- source_id: the record's id, or the file path for .txt articles
-- source_path: where the record was read from (file, or file:line)
-- published_date: the article's own date, null when the input had none
-- title: headline as given
-- clean_text: title, blank line, cleaned body; every span in the warehouse points into it
-- word_count: words in the cleaned body
-- duplicate_of: article_id of the first copy when this is an exact or near duplicate
-- run_id: the run that loaded it
-- nlp_model: the spaCy pipeline (name-version) and the NER over it that extracted the article's facts
with source as (
    select * from raw.articles
),

runs as (
    select * from raw.runs
),

final as (
    select
        source.article_id,
        source_id,
        source_path,
        published_date,
        title,
        clean_text,
        word_count,
        duplicate_of,
        source.run_id,
        runs.nlp_model,
    from source
    left join runs using (run_id)
    qualify row_number() over (partition by article_id order by source.run_id) = 1
)

select * from final
