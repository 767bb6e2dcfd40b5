-- Profile photos: the original as uploaded (through a single-use, short-lived upload URL) and the small version
-- made by the background resizer. Kept in Postgres so every replica can serve and resize any photo.
CREATE TABLE photos (
    id                  uuid        PRIMARY KEY,
    user_id             uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status              text        NOT NULL CHECK (status IN ('awaiting_upload', 'pending', 'ready', 'failed')),
    upload_token_hash   bytea       NULL UNIQUE,   -- SHA-256 of the upload URL's token; NULL once used
    upload_expires_at   timestamptz NOT NULL,
    content_type        text        NULL,
    original            bytea       NULL,
    original_size       integer     NULL,
    small               bytea       NULL,
    small_content_type  text        NULL,
    attempts            integer     NOT NULL DEFAULT 0,
    last_error          text        NULL,
    created_at          timestamptz NOT NULL,
    uploaded_at         timestamptz NULL,
    processed_at        timestamptz NULL
);
CREATE INDEX photos_user_idx ON photos (user_id);
-- The resizer's queue: only what is waiting.
CREATE INDEX photos_pending_idx ON photos (uploaded_at) WHERE status = 'pending';
