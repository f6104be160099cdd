-- tonedesk schema, SQLite dialect. Keep in step with ../postgres/0001_init.sql.
--
-- Times are TEXT in UTC, fixed-width RFC 3339 with microseconds
-- ("2006-01-02T15:04:05.000000Z"), so that text order is time order and
-- MIN/MAX work. The store computes them in Go.
--
-- Each item keeps its whole sentiment.Analysis as JSON in `analysis`; the
-- fields charts aggregate on are copied into columns.

CREATE TABLE stories (
    id         TEXT NOT NULL PRIMARY KEY,
    title      TEXT NOT NULL DEFAULT '',
    spec       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE articles (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    story_id             TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    external_id          TEXT NOT NULL,
    source               TEXT NOT NULL DEFAULT '',
    url                  TEXT NOT NULL DEFAULT '',
    title                TEXT NOT NULL DEFAULT '',
    dateline             TEXT NOT NULL DEFAULT '',
    published            TEXT,
    body                 TEXT NOT NULL DEFAULT '',
    sentiment_score      REAL NOT NULL DEFAULT 0,
    sentiment_label      TEXT NOT NULL DEFAULT '',
    sentiment_confidence REAL NOT NULL DEFAULT 0,
    stance_label         TEXT NOT NULL DEFAULT '',
    analysis             TEXT NOT NULL DEFAULT '{}',
    imported_at          TEXT NOT NULL,
    UNIQUE (story_id, external_id)
) STRICT;

CREATE INDEX articles_story_published ON articles (story_id, published, id);

CREATE TABLE quotes (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id           INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    span_start           INTEGER NOT NULL,
    span_end             INTEGER NOT NULL,
    text                 TEXT NOT NULL DEFAULT '',
    speaker              TEXT NOT NULL DEFAULT '',
    side                 TEXT NOT NULL DEFAULT '',
    via                  TEXT NOT NULL DEFAULT '',
    sentiment_score      REAL NOT NULL DEFAULT 0,
    sentiment_label      TEXT NOT NULL DEFAULT '',
    sentiment_confidence REAL NOT NULL DEFAULT 0,
    stance_label         TEXT NOT NULL DEFAULT '',
    analysis             TEXT NOT NULL DEFAULT '{}',
    UNIQUE (article_id, span_start, span_end)
) STRICT;

CREATE TABLE comments (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id           INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    external_id          TEXT NOT NULL,
    parent_external_id   TEXT NOT NULL DEFAULT '',
    author               TEXT NOT NULL DEFAULT '',
    text                 TEXT NOT NULL DEFAULT '',
    posted               TEXT,
    sentiment_score      REAL NOT NULL DEFAULT 0,
    sentiment_label      TEXT NOT NULL DEFAULT '',
    sentiment_confidence REAL NOT NULL DEFAULT 0,
    stance_label         TEXT NOT NULL DEFAULT '',
    flag_severity        REAL NOT NULL DEFAULT 0,
    lang                 TEXT NOT NULL DEFAULT '',
    analysis             TEXT NOT NULL DEFAULT '{}',
    position             INTEGER NOT NULL,
    imported_at          TEXT NOT NULL,
    UNIQUE (article_id, external_id)
) STRICT;

CREATE INDEX comments_article_order ON comments (article_id, posted, position);
