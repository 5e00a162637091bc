-- PostgreSQL dialect of ../0014_account_current_card.sql: same column and meaning; keep the two in step.
-- An account's current row keeps its card only where that card is not its history row's (issue 19):
-- NULL where it is the card of score_id's row; readers take COALESCE(current.card, history.card).
ALTER TABLE account_scores_current ALTER COLUMN card DROP NOT NULL;
