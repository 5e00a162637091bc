-- The worker claims due leads in (next_change_at, lead_id) order, a batch at a time (issue 19). On
-- an index of next_change_at alone both stores sorted each run of leads due at the same instant
-- in full before the first of a batch came out: all of them, for every batch. Signals from an
-- export that carries dates only, or imported with one timestamp, put whole days of leads (all of
-- them, at worst) on one instant, and a decay tick became quadratic. With lead_id in the index the
-- order is the index's, and a claim reads the batch it takes.
DROP INDEX ix_current_due;
CREATE INDEX ix_current_due ON scores_current (next_change_at, lead_id) WHERE next_change_at IS NOT NULL;
