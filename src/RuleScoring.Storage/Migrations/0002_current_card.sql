-- History gets a row when a lead's score changes (points, tier, reasons, rules), not at every
-- rescore: a weekly rescore of a quiet lead no longer copies its card. The current row keeps the
-- latest card itself, so `explain` shows today's ages ("3 days ago") while the history row it
-- points to is the one at which the score last changed.
ALTER TABLE scores_current ADD COLUMN card TEXT;
