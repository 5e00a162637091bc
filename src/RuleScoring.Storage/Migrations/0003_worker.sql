-- The worker (rulescore run): which rule set was active when, the outbox's second kind of row,
-- and what closed an SLA task.

-- Every rule set the worker made active, in order. A row is written when a changed rules folder
-- passed validation; the last row is the active version. changes lists what differed from the
-- version before (one line per change), for the log and the API.
CREATE TABLE rule_activations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    rules_name     TEXT NOT NULL,
    rules_version  TEXT NOT NULL,
    rules_hash     TEXT NOT NULL,
    activated_at   TEXT NOT NULL,
    changes        TEXT NOT NULL DEFAULT ''
);

-- The outbox carries tier changes and SLA breaches, one id sequence for both: a CRM consumer
-- keeps one cursor. Old rows are tier changes.
ALTER TABLE score_changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'tier_changed' CHECK (kind IN ('tier_changed', 'sla_breached'));
ALTER TABLE score_changes ADD COLUMN sla_task_id INTEGER REFERENCES sla_tasks (id);

-- What closed a worked task: a disposition, or a "worked" call (the rep's name, when given).
ALTER TABLE sla_tasks ADD COLUMN worked_by TEXT;
