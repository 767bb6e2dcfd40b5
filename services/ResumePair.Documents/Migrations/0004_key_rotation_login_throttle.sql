-- Key rotation without logging anyone out: a new key is published (JWKS) before it signs anything,
-- so every validator has seen it by the time tokens carry its kid. NULL = usable from created_at.
ALTER TABLE signing_keys ADD COLUMN not_before timestamptz NULL;

-- Failed-login throttle, per account (keyed by the normalised email, whether or not an account has it,
-- so a lockout never tells who is registered) and per client address.
CREATE TABLE login_throttle (
    scope         text        NOT NULL CHECK (scope IN ('account', 'address')),
    key           text        NOT NULL,
    failures      integer     NOT NULL,    -- failures since the last lockout (or the window's start)
    lockouts      integer     NOT NULL,    -- lockouts so far: each one lasts twice as long as the one before
    locked_until  timestamptz NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX login_throttle_updated_idx ON login_throttle (updated_at);
