-- Routing (rules/routing.json, teams.json): who works each lead, why, and every step after
-- (escalation, re-route), in tables of their own: the score card is not touched.

-- Where each routed lead is now: one row per lead. status: assigned (owner has it), held (nobody
-- could take it; offered again on the SLA monitor's passes), escalated (the escalation contact has it).
CREATE TABLE lead_routes (
    lead_id      TEXT PRIMARY KEY REFERENCES leads (lead_id),
    account_key  TEXT,
    queue        TEXT NOT NULL,
    owner        TEXT,
    status       TEXT NOT NULL CHECK (status IN ('assigned', 'held', 'escalated')),
    tier         TEXT NOT NULL,
    rule         TEXT,                     -- the routing rule that matched; NULL: fallback queue
    why          TEXT NOT NULL,
    error        TEXT,                     -- a routing rule that failed on this lead
    play         TEXT,                     -- the play chosen when it was routed
    routed_at    TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX ix_lead_routes_account ON lead_routes (account_key, routed_at) WHERE account_key IS NOT NULL AND owner IS NOT NULL;
CREATE INDEX ix_lead_routes_held ON lead_routes (status) WHERE status = 'held';

-- Every step, with its time: routed (owner NULL: held), escalated (told the escalation contact
-- after an SLA breach), rerouted (a second breach moved it), released (a held lead assigned).
CREATE TABLE route_steps (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    lead_id      TEXT NOT NULL REFERENCES leads (lead_id),
    kind         TEXT NOT NULL CHECK (kind IN ('routed', 'escalated', 'rerouted', 'released')),
    at           TEXT NOT NULL,
    queue        TEXT NOT NULL,
    owner        TEXT,
    why          TEXT NOT NULL,
    score_id     INTEGER REFERENCES scores (id),
    sla_task_id  INTEGER REFERENCES sla_tasks (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX ix_route_steps_lead ON route_steps (lead_id, id);
CREATE INDEX ix_route_steps_owner ON route_steps (owner, at) WHERE owner IS NOT NULL;
CREATE INDEX ix_route_steps_task ON route_steps (sla_task_id, kind) WHERE sla_task_id IS NOT NULL;

-- The step an outbox row of kind routed or escalated announces.
ALTER TABLE score_changes ADD COLUMN route_step_id INTEGER REFERENCES route_steps (id);

-- The outbox carries routed and escalated events too. Last in this script: SQLite's own ALTER
-- TABLE reads the definition it parsed, which this edit changes. SQLite cannot alter a CHECK constraint, and
-- rebuilding the outbox would break webhook_deliveries' references to it; SQLite's documented way
-- for a change that leaves the stored rows valid is to edit the table's definition in place (the
-- migrator bumps the schema cookie after a script that does this).
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'CHECK (kind IN (''tier_changed'', ''sla_breached''))', 'CHECK (kind IN (''tier_changed'', ''sla_breached'', ''routed'', ''escalated''))')
WHERE type = 'table' AND name = 'score_changes';
PRAGMA writable_schema = OFF;
