-- Job events for SSE, one NOTIFY per statement instead of one per row. The engine claims and completes jobs
-- hundreds at a time; a NOTIFY per row made every replica's listener parse thousands of notifications a second.
-- The revision bump stays per row (it rewrites NEW); the notification moves to a statement-level trigger that
-- sends the ids whose revision changed, comma-separated, at most 200 per payload (NOTIFY payloads stop at 8000 bytes).
CREATE OR REPLACE FUNCTION jobs_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status OR NEW.progress_percentage IS DISTINCT FROM OLD.progress_percentage
       OR NEW.progress_message IS DISTINCT FROM OLD.progress_message OR NEW.attempts IS DISTINCT FROM OLD.attempts THEN
        NEW.revision := OLD.revision + 1;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION jobs_notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids text;
BEGIN
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
CREATE TRIGGER jobs_events AFTER UPDATE ON jobs REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION jobs_notify_events();
