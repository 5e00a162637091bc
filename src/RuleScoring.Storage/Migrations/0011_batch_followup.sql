-- Each batch of cards moves its leads' lifecycle stages and marks their accounts in its own
-- transaction (issue 19): no step after the batches reads the score history again.

-- Accounts whose members changed (a new card, or a lead that moved to another account), marked by
-- the batch that changed them, in its transaction; the roll-up that drains a key rescores the
-- account from its members' current cards. A log, not one row per key: marking never waits for
-- another worker that marked the same account.
CREATE TABLE account_dirty (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_key  TEXT NOT NULL,
    marked_at    TEXT NOT NULL
);
CREATE INDEX ix_account_dirty_key ON account_dirty (account_key, id);

-- Score history rows up to here were written before batches followed themselves: the worker's
-- account cursor catches them up once (worker.accounts), the way it did before.
INSERT INTO cursors (name, position, updated_at)
SELECT 'worker.followed_after', COALESCE(MAX(id), 0), strftime('%Y-%m-%dT%H:%M:%S.0000000Z', 'now') FROM scores;
