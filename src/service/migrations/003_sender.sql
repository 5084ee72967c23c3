-- Which session's Send a submission is (`Submission::sender`, a keyed digest, never the
-- session id), written in the same transaction as the submission and kept after delivery:
-- a Send retried after a crash between the commit and the reply finds it, and is not
-- stored (or sent) twice.
ALTER TABLE porth_outbox ADD COLUMN sender text;
