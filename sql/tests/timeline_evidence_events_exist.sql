select evidence.* from marts.timeline_evidence as evidence
left join marts.timeline using (event_id)
left join marts.articles using (article_id)
where marts.timeline.event_id is null or marts.articles.article_id is null
