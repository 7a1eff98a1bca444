-- every mention points at an existing article and person, inside the article's text
select mentions.*
from marts.person_mentions as mentions
left join marts.articles using (article_id)
left join marts.people using (person_id)
left join staging.stg_articles as texts using (article_id)
where marts.articles.article_id is null
    or marts.people.person_id is null
    or substr(texts.clean_text, mentions.start_char + 1, mentions.end_char - mentions.start_char) <> mentions.surface
