-- Stored Idempotency-Key answers (ResumePair.ServiceDefaults/Idempotency). A service links this file into its
-- own Migrations folder under its own version number; never edit it once shipped: add idempotency_v2.sql instead.
-- IF NOT EXISTS: the documents service had this exact table before it became shared.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    user_id           uuid        NOT NULL,
    key               text        NOT NULL,
    request_hash      bytea       NOT NULL,
    status_code       integer     NULL,      -- NULL while the first request is still running
    response_headers  jsonb       NULL,
    response_body     bytea       NULL,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);
-- Keys are honoured for 24 h; the index lets the sweeper delete old ones cheaply.
CREATE INDEX IF NOT EXISTS idempotency_keys_created_idx ON idempotency_keys (created_at);
