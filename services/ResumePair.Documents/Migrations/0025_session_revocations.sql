-- Ended sessions as a feed: each gateway replica polls it once a second (GET /internal/v1/sessions/revoked) instead
-- of asking about every signed-in session, and refuses their access tokens until these have expired.
-- Rows are written by triggers, so every way a session ends is in the feed: sign-out, revocation, refresh-token
-- reuse, password reset or change (an UPDATE of revoked_at), and account deletion (its sessions are deleted by the
-- cascade from users: a tombstone row).
CREATE TABLE session_revocations (
    session_id  uuid        NOT NULL,
    revoked_at  timestamptz NOT NULL DEFAULT now(),
    -- The writing transaction. A poller keeps the xmin of the snapshot it read with and next asks for tx >= it: that
    -- finds every row its snapshot could not see, including rows of transactions still running when it read
    -- (a timestamp or sequence cursor misses a row whose transaction commits after a later one's).
    tx          xid8        NOT NULL DEFAULT pg_current_xact_id()
);
CREATE INDEX session_revocations_tx_idx ON session_revocations (tx);

CREATE FUNCTION session_revocations_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO session_revocations (session_id) VALUES (OLD.id);
        RETURN OLD;
    END IF;
    INSERT INTO session_revocations (session_id) VALUES (NEW.id);
    RETURN NEW;
END
$$;

CREATE TRIGGER sessions_revoked AFTER UPDATE OF revoked_at ON sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION session_revocations_record();

-- A session already revoked has its row; an old one deleted later would only repeat it.
CREATE TRIGGER sessions_deleted AFTER DELETE ON sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL)
    EXECUTE FUNCTION session_revocations_record();

-- Sessions that ended shortly before this migration: a gateway started after it loads them like any other.
INSERT INTO session_revocations (session_id, revoked_at)
SELECT id, revoked_at FROM sessions WHERE revoked_at > now() - interval '1 hour';
