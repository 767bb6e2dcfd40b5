-- Idempotent consumers (ResumePair.Messaging/Inbox). Idempotent, as 0001_outbox.sql says why.
CREATE TABLE IF NOT EXISTS inbox_messages (
    consumer     text        NOT NULL,
    message_id   uuid        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
CREATE INDEX IF NOT EXISTS inbox_messages_processed_at ON inbox_messages (processed_at);
