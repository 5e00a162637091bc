-- RuleScoring schema, version 1.
-- Timestamps are ISO 8601 UTC text with 7 fractional digits (2026-11-20T12:00:00.0000000Z):
-- fixed width, so text order is time order and range queries use the indexes.

-- A lead and its CRM attributes. Re-importing merges attributes (new non-empty values win).
CREATE TABLE leads (
    lead_id       TEXT PRIMARY KEY,
    attributes    TEXT NOT NULL,            -- JSON object of text values: what rules see as lead.*
    created_at    TEXT,                     -- the CRM's creation time, when the file has one
    first_seen_at TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Signals are immutable events. seq is the insertion order: "new signals since a score" is
-- seq > scores_current.signal_seq, and a global cursor over seq finds every lead with news.
CREATE TABLE signals (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id       TEXT NOT NULL REFERENCES leads (lead_id),
    event_key     TEXT NOT NULL,            -- event_id, else 'sha256:' + hash of the normalised row
    type          TEXT NOT NULL,
    occurred_at   TEXT NOT NULL,
    event_id      TEXT,
    topic         TEXT,
    value         REAL,
    source        TEXT,
    received_at   TEXT NOT NULL,
    -- Also the index for a lead's signals: one index per row written keeps imports fast.
    UNIQUE (lead_id, event_key)
);

-- Opportunities and how they ended: the ground truth for replay and reports.
CREATE TABLE deals (
    deal_id        TEXT PRIMARY KEY,        -- opportunity_id, else 'lead:' + lead_id (one deal per lead)
    lead_id        TEXT NOT NULL REFERENCES leads (lead_id),
    opportunity_id TEXT,
    outcome        TEXT NOT NULL CHECK (outcome IN ('won', 'lost', 'open')),
    created_at     TEXT,
    closed_at      TEXT,
    amount         REAL,
    segment        TEXT,
    first_seen_at  TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX ix_deals_lead ON deals (lead_id);

-- Sales' verdict on a handed-over lead: the closed loop.
CREATE TABLE dispositions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id       TEXT NOT NULL REFERENCES leads (lead_id),
    status        TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
    at            TEXT NOT NULL,
    reason        TEXT,
    rep           TEXT,
    first_seen_at TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (lead_id, at, status)
);

-- Every rule set that has produced a score.
CREATE TABLE rule_versions (
    rules_version TEXT NOT NULL,
    rules_hash    TEXT NOT NULL,
    rules_name    TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (rules_version, rules_hash)
);

-- Append-only score history. card is the whole score card as JSON (ScoreCardJson): reasons with
-- points, evidence and text, caps, weights and the tier's actions; the columns are for queries.
CREATE TABLE scores (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id        TEXT NOT NULL REFERENCES leads (lead_id),
    as_of          TEXT NOT NULL,
    scored_at      TEXT NOT NULL,
    rules_name     TEXT NOT NULL,
    rules_version  TEXT NOT NULL,
    rules_hash     TEXT NOT NULL,
    motion         TEXT NOT NULL,
    fit_raw        REAL NOT NULL,
    fit_score      REAL NOT NULL,
    intent_raw     REAL NOT NULL,
    intent_score   REAL NOT NULL,
    behavior_raw   REAL NOT NULL,
    behavior_score REAL NOT NULL,
    composite      REAL NOT NULL,
    tier           TEXT,                    -- null only when no tier rule matched (see the card's errors)
    tier_rule      TEXT,
    previous_tier  TEXT,                    -- the tier of this lead's score before this one
    disqualified   INTEGER NOT NULL,
    follow_up_by   TEXT,
    next_change_at TEXT,
    card           TEXT NOT NULL
);
CREATE INDEX ix_scores_lead ON scores (lead_id, id);

-- The latest score per lead. next_change_at is when decay or a window next moves the score
-- without any new signal: the worker rescoring "due" leads reads it through ix_current_due.
CREATE TABLE scores_current (
    lead_id        TEXT PRIMARY KEY REFERENCES leads (lead_id),
    score_id       INTEGER NOT NULL REFERENCES scores (id),
    as_of          TEXT NOT NULL,
    rules_hash     TEXT NOT NULL,
    composite      REAL NOT NULL,
    tier           TEXT,
    disqualified   INTEGER NOT NULL,
    next_change_at TEXT,
    signal_seq     INTEGER NOT NULL,        -- the highest signals.seq this score had seen
    card_sha       TEXT NOT NULL,           -- the card's hash: an identical rescore appends no history
    updated_at     TEXT NOT NULL
);
CREATE INDEX ix_current_due ON scores_current (next_change_at) WHERE next_change_at IS NOT NULL;
CREATE INDEX ix_current_tier ON scores_current (tier);

-- Outbox of tier changes (including a lead's first tier) for CRM sync. Consumers keep the
-- last id they processed (see cursors) and read id > it: ids only ever grow.
CREATE TABLE score_changes (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id        TEXT NOT NULL REFERENCES leads (lead_id),
    score_id       INTEGER NOT NULL REFERENCES scores (id),
    as_of          TEXT NOT NULL,
    from_tier      TEXT,
    to_tier        TEXT,
    composite      REAL NOT NULL,
    rules_version  TEXT NOT NULL,
    rules_hash     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

-- Follow-up tasks a tier's SLA asks for. Opened when a lead enters a tier with an SLA; any
-- tier change supersedes the lead's open task. The SLA monitor sets breached_at.
CREATE TABLE sla_tasks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id       TEXT NOT NULL REFERENCES leads (lead_id),
    score_id      INTEGER NOT NULL REFERENCES scores (id),
    tier          TEXT NOT NULL,
    sales_action  TEXT NOT NULL,
    opened_at     TEXT NOT NULL,            -- the score's as-of: when the clock started
    due_at        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'worked', 'breached', 'superseded')),
    worked_at     TEXT,
    breached_at   TEXT
);
CREATE INDEX ix_sla_open ON sla_tasks (due_at) WHERE status = 'open';
CREATE INDEX ix_sla_lead ON sla_tasks (lead_id, status);

-- Named positions over monotonically growing ids (outbox consumers, the worker's signal cursor).
CREATE TABLE cursors (
    name          TEXT PRIMARY KEY,
    position      INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
);

-- One row per import run: what came in, when, and how it went.
CREATE TABLE imports (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    source        TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    read_rows     INTEGER NOT NULL DEFAULT 0,
    inserted      INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    duplicate     INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0
);
