-- What a token is for: 'read' (chart files) or 'ingest' (the ingest API,
-- POST /api/stories/ID/import). Tokens made before are read tokens.
ALTER TABLE read_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'read';
