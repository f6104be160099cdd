-- Moderation and access: users and their sessions, read tokens for chart
-- files, the moderators' decisions and the audit log. Keep in step with
-- ../sqlite/0003_access.sql.
--
-- Session and read tokens are stored as the hex SHA-256 of the secret the
-- browser or the CMS holds; passwords as bcrypt hashes.

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text COLLATE "C" NOT NULL UNIQUE,
    role          text NOT NULL CHECK (role IN ('editor', 'moderator', 'admin')),
    password_hash bytea NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE TABLE sessions (
    token_hash text NOT NULL PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE read_tokens (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text COLLATE "C" NOT NULL UNIQUE,
    token_hash text NOT NULL UNIQUE,
    story_id   text NOT NULL DEFAULT '',
    created_by text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL
);

-- What a moderator decided: '' (undecided), 'approved' or 'rejected'.
-- Rejected comments leave the charts.
ALTER TABLE comments ADD COLUMN moderation text NOT NULL DEFAULT '';

CREATE INDEX comments_queue ON comments (moderation, flag_severity);

-- Every decision, with the labels the moderator corrected ('' = kept):
-- the moderator's name is copied, so the record outlives the user.
CREATE TABLE moderation_decisions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    comment_id bigint NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    action     text NOT NULL CHECK (action IN ('approved', 'rejected')),
    sentiment  text NOT NULL DEFAULT '',
    stance     text NOT NULL DEFAULT '',
    flag       text NOT NULL DEFAULT '',
    decided_by text NOT NULL,
    decided_at timestamptz NOT NULL
);

CREATE INDEX moderation_decisions_comment ON moderation_decisions (comment_id, id);

CREATE TABLE audit_log (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL,
    actor  text NOT NULL DEFAULT '',
    action text NOT NULL,
    target text NOT NULL DEFAULT '',
    detail text NOT NULL DEFAULT '',
    ip     text NOT NULL DEFAULT ''
);


