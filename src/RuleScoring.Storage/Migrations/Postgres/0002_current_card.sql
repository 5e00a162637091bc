-- PostgreSQL dialect of ../0002_current_card.sql: same tables, columns and meaning; keep the two in step.
-- History gets a row when a lead's score changes (points, tier, reasons, rules), not at every
-- rescore: a weekly rescore of a quiet lead no longer copies its card. The current row keeps the
-- latest card itself when it is newer than that history row (NULL: the history row is it), so
-- `explain` shows today's ages ("3 days ago") while score_id points at the last change.
ALTER TABLE scores_current ADD COLUMN card TEXT COLLATE "C";
