-- A timeline description is the article's own sentence, never a text with holes: it must be a substring
-- of the cleaned text of one of the event's articles.
with events as (
    select event_id, description, unnest(article_ids) as article_id,
    from marts.timeline
),

articles as (
    select * from staging.stg_articles
)

select events.event_id
from events
join articles using (article_id)
group by events.event_id
having not bool_or(contains(articles.clean_text, events.description))
