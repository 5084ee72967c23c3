-- What a receipt keeps for `porth outbox export` (route, statutory dates, languages, the
-- number of children and files; nothing personal), as JSON, written when a submission is
-- delivered and its personal data deleted.
ALTER TABLE porth_outbox ADD COLUMN handoff text;
