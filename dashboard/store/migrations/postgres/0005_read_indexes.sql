-- Covering indexes for the story page's aggregates (Summary): every comment
-- and quote query joins the story's articles to their rows by article_id and
-- reads only a few narrow columns, but without these it read the whole heap,
-- analysis JSON and text included (about 1 KB a comment); with them it is
-- an index-only scan once autovacuum has set the visibility map. The comment
-- index has the key of comments_article_order, which it replaces: it still
-- orders an article's comments for Comments and Article. Keep in step with
-- ../sqlite/0005_read_indexes.sql.

CREATE INDEX comments_article_read ON comments (article_id, posted, position)
    INCLUDE (moderation, sentiment_score, stance_label, analyzer);

DROP INDEX comments_article_order;

CREATE INDEX quotes_article_read ON quotes (article_id) INCLUDE (side, sentiment_score, analyzer);
