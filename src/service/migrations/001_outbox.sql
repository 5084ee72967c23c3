-- The outbox in PostgreSQL: one row per submission, its files beside it. The submission
-- column holds the same JSON the files backend writes to submission.json, and is cleared
-- (with the files) once both e-mails are delivered: a receipt row keeps no personal data.
CREATE TABLE porth_outbox (
    reference    text PRIMARY KEY,
    form         text NOT NULL,
    status       text NOT NULL CHECK (status IN ('pending', 'failed', 'delivered', 'corrupt')),
    accepted_at  timestamptz NOT NULL,
    team_sent_at timestamptz,
    ack_sent_at  timestamptz,
    attempts     integer NOT NULL DEFAULT 0,
    last_error   text,
    submission   text,
    -- SHA-256 of submission: kept after delivery, so the same submission accepted again
    -- is recognised; nothing personal can be read back from it.
    fingerprint  text,
    -- Why an entry was set aside (status 'corrupt').
    reason       text,
    -- The instance delivering it, until lease_until; after that anyone may take it over.
    lease_owner  text,
    lease_until  timestamptz,
    -- When it was delivered, failed or set aside: the retention period counts from here.
    finished_at  timestamptz
);

CREATE INDEX porth_outbox_pending ON porth_outbox (accepted_at, reference) WHERE status = 'pending';
CREATE INDEX porth_outbox_finished ON porth_outbox (status, finished_at) WHERE status <> 'pending';

CREATE TABLE porth_outbox_attachment (
    reference text NOT NULL REFERENCES porth_outbox (reference) ON DELETE CASCADE,
    n         integer NOT NULL,
    bytes     bytea NOT NULL,
    PRIMARY KEY (reference, n)
);
