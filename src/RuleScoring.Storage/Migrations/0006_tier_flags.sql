-- The tier's MQL and SQL flags as columns of the score history. The report and the lifecycle
-- funnel read them for every history row; out of the card's JSON that was the slowest part of a
-- tick on PostgreSQL (jsonb parsed per row: 5.9 s for 45k cards). Filled from the cards already stored.
ALTER TABLE scores ADD COLUMN is_mql INTEGER NOT NULL DEFAULT 0;
ALTER TABLE scores ADD COLUMN is_sql INTEGER NOT NULL DEFAULT 0;
UPDATE scores SET is_mql = COALESCE(json_extract(card, '$.tier.mql'), 0), is_sql = COALESCE(json_extract(card, '$.tier.sql'), 0);
