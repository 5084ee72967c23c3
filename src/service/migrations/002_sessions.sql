-- Answers in progress, so a family can be served by any instance between pages. The
-- record is the same JSON the files backend writes to session.json; uploads are streamed
-- to a local spool first and moved in here when the session that names them is saved.
CREATE TABLE porth_session (
    id       text PRIMARY KEY,
    record   text NOT NULL,
    -- Unix seconds of the last save: idle sessions are swept by it.
    saved_at bigint NOT NULL
);

CREATE INDEX porth_session_saved ON porth_session (saved_at);

CREATE TABLE porth_session_upload (
    id    text NOT NULL REFERENCES porth_session (id) ON DELETE CASCADE,
    name  text NOT NULL,
    bytes bytea NOT NULL,
    PRIMARY KEY (id, name)
);

-- Secrets every instance must share (the CSRF key), created on first use.
CREATE TABLE porth_secret (
    name  text PRIMARY KEY,
    value bytea NOT NULL
);
