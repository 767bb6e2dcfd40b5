-- Accounts: users, login sessions (one per login = one refresh-token family), refresh tokens, signing keys.

CREATE TABLE users (
    id                   uuid        PRIMARY KEY,
    -- Stored lowercased (the API lowercases before every read and write), so a plain unique index is
    -- case-insensitive without the citext extension.
    email                text        NOT NULL CHECK (email = lower(email)),
    name                 text        NOT NULL,
    password_hash        text        NOT NULL,
    email_verified       boolean     NOT NULL DEFAULT false,
    role                 text        NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    created_at           timestamptz NOT NULL,
    failed_login_count   integer     NOT NULL DEFAULT 0,
    locked_until         timestamptz NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);

-- A session is one login: its id is the access token's `sid` and the refresh-token family id.
CREATE TABLE sessions (
    id            uuid        PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent    text        NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz NOT NULL,
    revoked_at    timestamptz NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id, created_at DESC);

CREATE TABLE refresh_tokens (
    id            uuid        PRIMARY KEY,
    -- SHA-256 of the token: a database leak does not hand out usable refresh tokens.
    token_hash    bytea       NOT NULL,
    family_id     uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id     uuid        NULL REFERENCES refresh_tokens (id) ON DELETE SET NULL,
    user_agent    text        NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz NULL,
    revoked_at    timestamptz NULL,
    last_used_at  timestamptz NULL
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

-- RSA keys for access tokens, shared by every replica. Generated on first use; a retired key stays
-- published in the JWKS until the tokens it signed have expired.
CREATE TABLE signing_keys (
    kid              text        PRIMARY KEY,
    algorithm        text        NOT NULL DEFAULT 'RS256',
    private_key_pem  text        NOT NULL,
    created_at       timestamptz NOT NULL,
    retired_at       timestamptz NULL
);
