-- PostgreSQL dialect of ../0015_current_contact.sql: same column and meaning; keep the two in step.
-- Each lead's account classification kept beside its current card, so a worker rolls up accounts
-- whose members another worker scored without reading their attributes and signals back.
ALTER TABLE scores_current ADD COLUMN contact TEXT COLLATE "C";
