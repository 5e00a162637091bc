-- Pilot with a control group (rulescore pilot): which leads are routed by score (pilot) and
-- which follow the baseline process (control). A lead's group comes from a stable hash of its id
-- and the pilot's seed; once recorded it is never changed or removed, so the comparison in
-- `report --pilot` always reads the groups the leads were actually in.

-- The pilot's settings, one row: every run must use the same share, seed and start, or the
-- groups of later leads would follow another rule than the earlier ones.
CREATE TABLE pilot_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    share       REAL NOT NULL CHECK (share > 0 AND share < 1),
    seed        INTEGER NOT NULL,
    from_at     TEXT,                       -- leads that entered before this are not in the pilot
    started_at  TEXT NOT NULL
);

CREATE TABLE pilot_assignments (
    lead_id      TEXT PRIMARY KEY REFERENCES leads (lead_id),
    grp          TEXT NOT NULL CHECK (grp IN ('pilot', 'control')),
    bucket       REAL NOT NULL,             -- the hash in [0, 1); pilot when below the share
    entered_at   TEXT NOT NULL,             -- the lead's created_at, else its first signal: the cohort month and the start of speed-to-lead
    assigned_at  TEXT NOT NULL
);
CREATE INDEX ix_pilot_assignments_grp ON pilot_assignments (grp, entered_at);
CREATE TRIGGER pilot_assignments_no_update BEFORE UPDATE ON pilot_assignments
BEGIN SELECT RAISE(ABORT, 'pilot_assignments are never changed'); END;
CREATE TRIGGER pilot_assignments_no_delete BEFORE DELETE ON pilot_assignments
BEGIN SELECT RAISE(ABORT, 'pilot_assignments are never removed'); END;
CREATE TRIGGER pilot_settings_no_update BEFORE UPDATE ON pilot_settings
BEGIN SELECT RAISE(ABORT, 'pilot_settings are never changed'); END;
