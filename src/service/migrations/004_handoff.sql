-- What a receipt keeps for `porth outbox export` (route, statutory dates, languages, the
-- number of children and files; nothing personal), as JSON, written when a submission is
-- delivered and its personal data deleted.
--
-- Numbered 4: 3 is `sender`. `IF NOT EXISTS` on both, because a database migrated by a
-- build that numbered this one 3 is at version 3 already: it gets `sender` here, and does
-- not fail on `handoff` it already has.
ALTER TABLE porth_outbox ADD COLUMN IF NOT EXISTS handoff text;
ALTER TABLE porth_outbox ADD COLUMN IF NOT EXISTS sender text;
