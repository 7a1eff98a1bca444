select evidence.* from marts.relationship_evidence as evidence
left join marts.articles using (article_id)
where marts.articles.article_id is null or evidence.sentence is null
