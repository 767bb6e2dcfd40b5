-- Idempotent consumers (ResumePair.ServiceDefaults/Messaging/Inbox). A service links this file into its own
-- Migrations folder under its own version number; never edit it once shipped.
CREATE TABLE inbox_messages (
    consumer     text        NOT NULL,
    message_id   uuid        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_messages_processed_at ON inbox_messages (processed_at);
