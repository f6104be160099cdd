-- Comment rollups: what Summary counts of a story's comments, kept per
-- article so that the story page reads a few rows per article instead of
-- every comment, and any filter on articles (outlet, published time) still
-- gives the exact answer. Keep in step with ../postgres/0006_comment_rollups.sql.
--
-- A row counts the comments of one article that share one bucket of one
-- kind and are rejected by a moderator or not (moderation = 'rejected'),
-- with the sum of their sentiment scores and of the squares:
--
--   kind      bucket
--   stance    the stance label, '' counted as 'none'
--   bin       the histogram bin of the score, '0' to '19' (20 bins,
--             dashboard.HistogramBins: FLOOR(score * 10) + 10, clamped)
--   day       the UTC day of the posted time, 'YYYY-MM-DD'; '' when the
--             comment has none (it counts on its article's day)
--   analyzer  the analyzer that scored the comment
--
-- Every comment is in one row of each kind. The store updates the rows in
-- the transaction that writes the comments (dashboard/store/rollup.go) and
-- deletes a row when its count drops to zero. This migration fills them in
-- from the comments already stored.

CREATE TABLE comment_rollups (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('stance', 'bin', 'day', 'analyzer')),
    bucket     TEXT NOT NULL,
    rejected   INTEGER NOT NULL CHECK (rejected IN (0, 1)),
    comments   INTEGER NOT NULL,
    score_sum  REAL NOT NULL,
    score_sq   REAL NOT NULL,
    PRIMARY KEY (article_id, kind, bucket, rejected)
) STRICT, WITHOUT ROWID;

INSERT INTO comment_rollups (article_id, kind, bucket, rejected, comments, score_sum, score_sq)
SELECT article_id, kind, bucket, rejected, COUNT(*), SUM(score), SUM(score * score)
FROM (
    SELECT article_id, 'stance' AS kind, COALESCE(NULLIF(stance_label, ''), 'none') AS bucket,
        moderation = 'rejected' AS rejected, sentiment_score AS score
    FROM comments
    UNION ALL
    SELECT article_id, 'bin', CAST(CAST(MIN(MAX(FLOOR(sentiment_score * 10) + 10, 0), 19) AS INTEGER) AS TEXT),
        moderation = 'rejected', sentiment_score
    FROM comments
    UNION ALL
    SELECT article_id, 'day', COALESCE(substr(posted, 1, 10), ''), moderation = 'rejected', sentiment_score
    FROM comments
    UNION ALL
    SELECT article_id, 'analyzer', analyzer, moderation = 'rejected', sentiment_score
    FROM comments
) keyed
GROUP BY article_id, kind, bucket, rejected;
