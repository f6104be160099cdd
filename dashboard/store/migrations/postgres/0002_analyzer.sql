-- Which analyzer wrote each analysis: a fingerprint of the sentiment model,
-- the story file and tonedesk's analysis version (cmd/tonedesk). Rows from
-- before this migration have '' and so differ from every analyzer: `tonedesk
-- rescore` rewrites the rows whose fingerprint is not the current one.
-- stories.analyzer is the analyzer that last wrote to the story (import or
-- rescore); the story page counts the rows that differ from it. Keep in
-- step with ../sqlite/0002_analyzer.sql.

ALTER TABLE stories ADD COLUMN analyzer text NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN analyzer text NOT NULL DEFAULT '';
ALTER TABLE quotes ADD COLUMN analyzer text NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN analyzer text NOT NULL DEFAULT '';
