-- An account's current row keeps its card only where that card is not its history row's (issue 19).
-- A roll-up that stores a new history row (the card changed in meaning) wrote the same JSON twice,
-- into account_scores and account_scores_current: at 1M leads 305,666 cards of 1.3 KB each, twice,
-- and the commits that wrote them were a third of the roll-up. card is now NULL where it is the
-- card of score_id's row; readers take COALESCE(current.card, history.card). Where the card kept
-- its meaning (same card_sha) the current row still holds the newer card (its as-of time, the
-- contacts' scores), as before.
--
-- SQLite cannot drop a NOT NULL constraint: the table is rebuilt (nothing references it).
CREATE TABLE account_scores_current_new (
    account_key    TEXT PRIMARY KEY,
    score_id       INTEGER NOT NULL REFERENCES account_scores (id),
    as_of          TEXT NOT NULL,
    score          REAL NOT NULL,
    tier           TEXT,
    card_sha       TEXT NOT NULL,
    card           TEXT,
    updated_at     TEXT NOT NULL
);
INSERT INTO account_scores_current_new (account_key, score_id, as_of, score, tier, card_sha, card, updated_at)
SELECT account_key, score_id, as_of, score, tier, card_sha, card, updated_at FROM account_scores_current ORDER BY account_key;
DROP TABLE account_scores_current;
ALTER TABLE account_scores_current_new RENAME TO account_scores_current;
CREATE INDEX ix_account_current_tier ON account_scores_current (tier);
