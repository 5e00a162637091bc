-- PostgreSQL dialect of ../0006_tier_flags.sql: same tables, columns and meaning; keep the two in step.
-- The tier's MQL and SQL flags as columns of the score history. The report and the lifecycle
-- funnel read them for every history row; out of the card's JSON that was the slowest part of a
-- tick on PostgreSQL (jsonb parsed per row: 5.9 s for 45k cards). Filled from the cards already stored.
ALTER TABLE scores ADD COLUMN is_mql BIGINT NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN is_sql BIGINT NOT NULL DEFAULT 0;
UPDATE scores SET is_mql = CASE WHEN card::json #>> '{tier,mql}' = 'true' THEN 1 ELSE 0 END,
                  is_sql = CASE WHEN card::json #>> '{tier,sql}' = 'true' THEN 1 ELSE 0 END;
