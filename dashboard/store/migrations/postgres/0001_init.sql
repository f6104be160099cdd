-- tonedesk schema, PostgreSQL dialect. Keep in step with ../sqlite/0001_init.sql.
--
-- Times are timestamptz; the store passes them in UTC at microsecond
-- precision. Ids compared as text use the "C" collation so that ORDER BY id
-- gives the same byte order as SQLite.
--
-- Each item keeps its whole sentiment.Analysis as JSON in `analysis`; the
-- fields charts aggregate on are copied into columns.

CREATE TABLE stories (
    id         text COLLATE "C" NOT NULL PRIMARY KEY,
    title      text NOT NULL DEFAULT '',
    spec       text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE articles (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    story_id             text COLLATE "C" NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    external_id          text NOT NULL,
    source               text NOT NULL DEFAULT '',
    url                  text NOT NULL DEFAULT '',
    title                text NOT NULL DEFAULT '',
    dateline             text NOT NULL DEFAULT '',
    published            timestamptz,
    body                 text NOT NULL DEFAULT '',
    sentiment_score      double precision NOT NULL DEFAULT 0,
    sentiment_label      text NOT NULL DEFAULT '',
    sentiment_confidence double precision NOT NULL DEFAULT 0,
    stance_label         text NOT NULL DEFAULT '',
    analysis             jsonb NOT NULL DEFAULT '{}',
    imported_at          timestamptz NOT NULL,
    UNIQUE (story_id, external_id)
);

CREATE INDEX articles_story_published ON articles (story_id, published, id);

CREATE TABLE quotes (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id           bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    span_start           integer NOT NULL,
    span_end             integer NOT NULL,
    text                 text NOT NULL DEFAULT '',
    speaker              text NOT NULL DEFAULT '',
    side                 text NOT NULL DEFAULT '',
    via                  text NOT NULL DEFAULT '',
    sentiment_score      double precision NOT NULL DEFAULT 0,
    sentiment_label      text NOT NULL DEFAULT '',
    sentiment_confidence double precision NOT NULL DEFAULT 0,
    stance_label         text NOT NULL DEFAULT '',
    analysis             jsonb NOT NULL DEFAULT '{}',
    UNIQUE (article_id, span_start, span_end)
);

CREATE TABLE comments (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id           bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    external_id          text NOT NULL,
    parent_external_id   text NOT NULL DEFAULT '',
    author               text NOT NULL DEFAULT '',
    text                 text NOT NULL DEFAULT '',
    posted               timestamptz,
    sentiment_score      double precision NOT NULL DEFAULT 0,
    sentiment_label      text NOT NULL DEFAULT '',
    sentiment_confidence double precision NOT NULL DEFAULT 0,
    stance_label         text NOT NULL DEFAULT '',
    flag_severity        double precision NOT NULL DEFAULT 0,
    lang                 text NOT NULL DEFAULT '',
    analysis             jsonb NOT NULL DEFAULT '{}',
    position             integer NOT NULL,
    imported_at          timestamptz NOT NULL,
    UNIQUE (article_id, external_id)
);

CREATE INDEX comments_article_order ON comments (article_id, posted, position);
