-- The account's plan, issued in access tokens as the `plan` claim: other services key per-plan limits on it
-- (ai-proxy's daily AI quota, `Ai:Plans:{plan}`). Which plans exist is their configuration, so only the shape is
-- checked here. Existing accounts and new registrations are on 'free'.
ALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free' CHECK (plan ~ '^[a-z0-9][a-z0-9_-]{0,31}$');
