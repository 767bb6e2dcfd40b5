-- Job events from the engine's batches are sent after their commit, by the engine (PostCommitNotifier): a NOTIFY
-- inside a transaction holds PostgreSQL's notify lock from pre-commit until the commit record is flushed, so every
-- durable completion batch serialized all other notifying commits (claims, the relay's wake-up) behind its fsync.
-- A transaction that sets jobs.events_after_commit = 'on' (SET LOCAL) promises to announce the ids it changed
-- itself; every other writer (cancel, progress, failures, the scheduler) still notifies from the trigger.
CREATE OR REPLACE FUNCTION jobs_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text;
BEGIN
    IF current_setting('jobs.events_after_commit', true) = 'on' THEN
        RETURN NULL;
    END IF;
    FOR ids IN
        SELECT string_agg(c.id::text, ',') FROM (
            SELECT n.id, row_number() OVER () AS k
            FROM changed_new n JOIN changed_old o ON o.id = n.id WHERE n.revision <> o.revision
        ) c GROUP BY (c.k - 1) / 200
    LOOP
        -- Delivered at commit, to every replica listening on job_events.
        PERFORM pg_notify('job_events', ids);
    END LOOP;
    RETURN NULL;
END $$;

-- Unused since export POSTs moved to the shared Idempotency-Key store (ServiceDefaults/Idempotency, migration 0006).
DROP INDEX IF EXISTS jobs_idempotency;
ALTER TABLE jobs DROP COLUMN idempotency_key, DROP COLUMN request_hash;
