-- Webhook delivery (push, not poll): one row per outbox event per subscription, filled from the
-- outbox through a cursor (cursors.name = 'webhooks.outbox'), and every attempt to send it.

-- The body is fixed when the row is made, so every retry and a re-send carry the same bytes and
-- the same webhook_id (receivers dedupe on it). state: pending (to send, at next_attempt_at),
-- delivered (a 2xx came back), dead (max attempts spent; a re-send makes it pending again).
-- A lead's rows for one subscription are sent in id order: a later one waits while an earlier
-- one is pending.
CREATE TABLE webhook_deliveries (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id       TEXT NOT NULL UNIQUE,
    subscription     TEXT NOT NULL,
    change_id        INTEGER NOT NULL REFERENCES score_changes (id),
    lead_id          TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    body             TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT,
    last_status      INTEGER,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    delivered_at     TEXT,
    UNIQUE (subscription, change_id)
);
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX ix_webhook_deliveries_lead ON webhook_deliveries (subscription, lead_id, id);

-- Every attempt, kept after a re-send: what came back (status, or the error: timeout, refused, closed).
CREATE TABLE webhook_attempts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id   INTEGER NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at  TEXT NOT NULL,
    status        INTEGER,
    error         TEXT,
    elapsed_ms    INTEGER NOT NULL
);
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
