-- A history row names its rule set by rule_versions' id instead of repeating its name, version and
-- hash (issue 19): those three took 96 of a row's ~465 bytes on disk, the same text in every row
-- a rule set scores. Readers join rule_versions for them.

-- rule_versions gets an id of its own. Its rowid would do in SQLite, but VACUUM may renumber the
-- rowids of a table without an INTEGER PRIMARY KEY; nothing references the table, so it is rebuilt.
-- Any rule set a history row names that the table lacks (none is expected) is added first.
INSERT INTO rule_versions (rules_version, rules_hash, rules_name, first_seen_at)
SELECT rules_version, rules_hash, MIN(rules_name), MIN(scored_at) FROM scores WHERE true GROUP BY rules_version, rules_hash
ON CONFLICT DO NOTHING;

CREATE TABLE rule_versions_by_id (
    id            INTEGER PRIMARY KEY,
    rules_version TEXT NOT NULL,
    rules_hash    TEXT NOT NULL,
    rules_name    TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    UNIQUE (rules_version, rules_hash)
);
INSERT INTO rule_versions_by_id (rules_version, rules_hash, rules_name, first_seen_at)
SELECT rules_version, rules_hash, rules_name, first_seen_at FROM rule_versions ORDER BY first_seen_at, rowid;
DROP TABLE rule_versions;
ALTER TABLE rule_versions_by_id RENAME TO rule_versions;

-- SQLite adds a column with a REFERENCES clause only when it may be null; the score writer always
-- sets it, and every row has one once the UPDATE below has run.
ALTER TABLE scores ADD COLUMN rules_id INTEGER REFERENCES rule_versions (id);
UPDATE scores SET rules_id = (SELECT v.id FROM rule_versions v WHERE v.rules_version = scores.rules_version AND v.rules_hash = scores.rules_hash);
ALTER TABLE scores DROP COLUMN rules_name;
ALTER TABLE scores DROP COLUMN rules_version;
ALTER TABLE scores DROP COLUMN rules_hash;
