-- PostgreSQL dialect of ../0016_due_order.sql: same index and reason; keep the two in step.
-- Claims of due leads go in (next_change_at, lead_id) order; on next_change_at alone an
-- incremental sort read each run of leads due at the same instant in full for every batch.
DROP INDEX ix_current_due;
CREATE INDEX ix_current_due ON scores_current (next_change_at, lead_id) WHERE next_change_at IS NOT NULL;
