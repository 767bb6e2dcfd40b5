-- Single-use account tokens (email verification, password reset) and the transactional mail outbox.

CREATE TABLE account_tokens (
    token_hash  bytea       PRIMARY KEY,   -- SHA-256 of the token mailed to the user
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     text        NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz NULL
);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

-- Written in the same transaction as the change that causes the mail; a background sender delivers it.
CREATE TABLE mail_outbox (
    id          uuid        PRIMARY KEY,
    to_address  text        NOT NULL,
    subject     text        NOT NULL,
    body_text   text        NOT NULL,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz NULL,
    attempts    integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NULL,      -- backoff after a failed attempt
    last_error  text        NULL
);
CREATE INDEX mail_outbox_pending_idx ON mail_outbox (created_at) WHERE sent_at IS NULL;
