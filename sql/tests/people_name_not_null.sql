select * from marts.people where name is null or name = '' or article_count < 1
