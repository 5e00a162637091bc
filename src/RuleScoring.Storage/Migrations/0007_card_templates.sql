-- Compact cards. A history row (and a newer current card) used to hold the whole card as JSON,
-- ~2.5 KB of which most is the same for every lead under one rule set: rule names, reason
-- templates, caps, weights, tier actions. That part is now stored once per rules hash here, and
-- a card column holds either the compact per-lead part ('[1,<card_templates.id>,...]': which
-- rules fired, points, evidence counts and ages, tier, times, errors) or, as every card before
-- this migration and any card its template cannot rebuild exactly, the whole card ('{...}').
-- Readers take both (ScoreStore), so existing rows need no rewrite.
CREATE TABLE card_templates (
    id          INTEGER PRIMARY KEY,
    rules_hash  TEXT NOT NULL UNIQUE,
    template    TEXT NOT NULL,             -- CardTemplate's JSON
    created_at  TEXT NOT NULL
);
