-- Failed logins, by key (an address or the hash of a user name), so that
-- the login limit holds across every server that shares the database.
-- Keep in step with ../sqlite/0007_login_failures.sql.

CREATE TABLE login_failures (
    key text        NOT NULL,
    at  timestamptz NOT NULL
);

CREATE INDEX login_failures_key_at ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);
