-- PostgreSQL dialect of ../0005_pilot.sql: same tables, columns and meaning; keep the two in step.
-- Pilot with a control group (rulescore pilot): which leads are routed by score (pilot) and
-- which follow the baseline process (control). A lead's group comes from a stable hash of its id
-- and the pilot's seed; once recorded it is never changed or removed, so the comparison in
-- `report --pilot` always reads the groups the leads were actually in.

-- The pilot's settings, one row: every run must use the same share, seed and start, or the
-- groups of later leads would follow another rule than the earlier ones.
CREATE TABLE pilot_settings (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    share       DOUBLE PRECISION NOT NULL CHECK (share > 0 AND share < 1),
    seed        BIGINT NOT NULL,
    from_at     TEXT COLLATE "C",                       -- leads that entered before this are not in the pilot
    started_at  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE pilot_assignments (
    lead_id      TEXT COLLATE "C" PRIMARY KEY REFERENCES leads (lead_id),
    grp          TEXT COLLATE "C" NOT NULL CHECK (grp IN ('pilot', 'control')),
    bucket       DOUBLE PRECISION NOT NULL,             -- the hash in [0, 1); pilot when below the share
    entered_at   TEXT COLLATE "C" NOT NULL,             -- the lead's created_at, else its first signal: the cohort month and the start of speed-to-lead
    assigned_at  TEXT COLLATE "C" NOT NULL
);
CREATE INDEX ix_pilot_assignments_grp ON pilot_assignments (grp, entered_at);
CREATE TRIGGER pilot_assignments_no_update BEFORE UPDATE ON pilot_assignments
FOR EACH ROW EXECUTE FUNCTION refuse_change('pilot_assignments are never changed');
CREATE TRIGGER pilot_assignments_no_delete BEFORE DELETE ON pilot_assignments
FOR EACH ROW EXECUTE FUNCTION refuse_change('pilot_assignments are never removed');
CREATE TRIGGER pilot_settings_no_update BEFORE UPDATE ON pilot_settings
FOR EACH ROW EXECUTE FUNCTION refuse_change('pilot_settings are never changed');
