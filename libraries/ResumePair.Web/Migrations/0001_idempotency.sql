-- Stored Idempotency-Key answers (ResumePair.Web/Idempotency). Idempotent, as ResumePair.Messaging's
-- 0001_outbox.sql says why.
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
