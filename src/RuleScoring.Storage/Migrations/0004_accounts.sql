-- Accounts (leads rolled up by company domain, scored by rules/account.json) and the lifecycle
-- funnel (inquiry -> MQL -> SAL -> SQL -> opportunity -> won/lost), both append-only like scores.

-- Which account a lead belongs to, as of its latest score. account_key is the explicit
-- account_id attribute, else the company domain; free-mail leads have no row.
CREATE TABLE lead_accounts (
    lead_id      TEXT PRIMARY KEY REFERENCES leads (lead_id),
    account_key  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX ix_lead_accounts_key ON lead_accounts (account_key);

-- Append-only account score history: a row when the account's card changes. card is the
-- whole account card as JSON (AccountCardJson): reasons, committee roles, members.
CREATE TABLE account_scores (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_key    TEXT NOT NULL,
    as_of          TEXT NOT NULL,
    scored_at      TEXT NOT NULL,
    rules_version  TEXT NOT NULL,
    rules_hash     TEXT NOT NULL,
    score          REAL NOT NULL,
    tier           TEXT,
    tier_rule      TEXT,
    previous_tier  TEXT,
    contacts       INTEGER NOT NULL,
    engaged        INTEGER NOT NULL,
    roles_covered  INTEGER NOT NULL,
    roles_total    INTEGER NOT NULL,
    card           TEXT NOT NULL
);
CREATE INDEX ix_account_scores_key ON account_scores (account_key, id);

-- The latest card per account (history holds every change).
CREATE TABLE account_scores_current (
    account_key    TEXT PRIMARY KEY,
    score_id       INTEGER NOT NULL REFERENCES account_scores (id),
    as_of          TEXT NOT NULL,
    score          REAL NOT NULL,
    tier           TEXT,
    card_sha       TEXT NOT NULL,
    card           TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX ix_account_current_tier ON account_scores_current (tier);

-- Lifecycle stage moves, never updated or deleted. source names the event that caused the move
-- (lead:created, score:<id>, disposition:<id>, deal:<id>:created|closed) so an event is applied
-- once. recycle = 1 marks a backwards move (rejected by sales, or a lost/won lead qualifying
-- again), with its reason; the funnel counts such leads instead of losing them.
CREATE TABLE lifecycle_transitions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id      TEXT NOT NULL REFERENCES leads (lead_id),
    from_stage   TEXT,
    to_stage     TEXT NOT NULL CHECK (to_stage IN ('inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won', 'lost')),
    at           TEXT NOT NULL,
    source       TEXT NOT NULL,
    tier         TEXT,                      -- the lead's tier when it moved, for the funnel by tier
    recycle      INTEGER NOT NULL DEFAULT 0,
    reason       TEXT,
    recorded_at  TEXT NOT NULL,
    UNIQUE (lead_id, source)
);
CREATE INDEX ix_lifecycle_lead ON lifecycle_transitions (lead_id, id);
CREATE TRIGGER lifecycle_no_update BEFORE UPDATE ON lifecycle_transitions
BEGIN SELECT RAISE(ABORT, 'lifecycle_transitions is append-only'); END;
CREATE TRIGGER lifecycle_no_delete BEFORE DELETE ON lifecycle_transitions
BEGIN SELECT RAISE(ABORT, 'lifecycle_transitions is append-only'); END;
