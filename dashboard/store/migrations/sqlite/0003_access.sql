-- Moderation and access: users and their sessions, read tokens for chart
-- files, the moderators' decisions and the audit log. Keep in step with
-- ../postgres/0003_access.sql.
--
-- Session and read tokens are stored as the hex SHA-256 of the secret the
-- browser or the CMS holds; passwords as bcrypt hashes.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('editor', 'moderator', 'admin')),
    password_hash BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE read_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    story_id   TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;

-- What a moderator decided: '' (undecided), 'approved' or 'rejected'.
-- Rejected comments leave the charts.
ALTER TABLE comments ADD COLUMN moderation TEXT NOT NULL DEFAULT '';

CREATE INDEX comments_queue ON comments (moderation, flag_severity);

-- Every decision, with the labels the moderator corrected ('' = kept):
-- the moderator's name is copied, so the record outlives the user.
CREATE TABLE moderation_decisions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    action     TEXT NOT NULL CHECK (action IN ('approved', 'rejected')),
    sentiment  TEXT NOT NULL DEFAULT '',
    stance     TEXT NOT NULL DEFAULT '',
    flag       TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
) STRICT;

CREATE INDEX moderation_decisions_comment ON moderation_decisions (comment_id, id);

CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    ip     TEXT NOT NULL DEFAULT ''
) STRICT;
