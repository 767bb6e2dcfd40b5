-- Transactional outbox (ResumePair.ServiceDefaults/Messaging/Outbox). A service links this file into its
-- own Migrations folder under its own version number; never edit it once shipped: add outbox_v2.sql instead.
CREATE TABLE outbox_messages (
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
CREATE INDEX outbox_messages_unsent ON outbox_messages (id) WHERE sent_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_messages_sent_at ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;
