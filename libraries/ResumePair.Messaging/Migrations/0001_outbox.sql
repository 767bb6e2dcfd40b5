-- Transactional outbox (ResumePair.Messaging/Outbox). Library migrations are written to be idempotent: databases
-- created before the libraries had their own migrations already hold these tables under the service's numbering.
CREATE TABLE IF NOT EXISTS outbox_messages (
    id           bigserial   PRIMARY KEY,
    message_id   uuid        NOT NULL UNIQUE,
    message_type text        NOT NULL,
    body         jsonb       NOT NULL,
    trace_parent text,
    created_at   timestamptz NOT NULL,
    sent_at      timestamptz,
    -- set when a row can never be published (unknown type, unreadable body): kept for inspection, skipped by the relay
    dead_at      timestamptz,
    attempts     int         NOT NULL DEFAULT 0,
    last_error   text
);
-- The relay only ever scans unsent rows; the partial index stays as small as the backlog.
CREATE INDEX IF NOT EXISTS outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_messages_sent_at ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;
