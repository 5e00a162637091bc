-- Each lead's account classification (committee role, engaged, researching) kept beside its
-- current card (issue 19): a roll-up then takes it instead of reading the lead's attributes and
-- signals back and classifying it again. Written where several workers roll up accounts they did
-- not score (PostgreSQL); NULL where none was kept, and a roll-up classifies that lead as before.
-- Its text is "<as-of UTC ticks>:<flags>:<role>", flags e (engaged), r (researching) or - (neither),
-- the role last (see StoredContact): taken only for the as-of it names.
ALTER TABLE scores_current ADD COLUMN contact TEXT;
