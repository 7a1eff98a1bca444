select article_id, count(*) from marts.articles group by article_id having count(*) > 1 or article_id is null
