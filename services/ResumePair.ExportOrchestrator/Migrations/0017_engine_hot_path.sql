-- The engine's claim and completion batches write two row versions per job; everything else their UPDATEs fired per row
-- was overhead (#21, bench/README.md): a PL/pgSQL call per row to bump the revision, and the statement trigger's
-- transition tables, which copy every updated row twice even when the trigger then returns at once (engine batches
-- announce their own events after commit, migration 0011).
-- Now a statement that bumps revision itself (the engine's batches: revision = revision + 1, announced after commit)
-- fires no trigger at all; every other writer gets the bump and its NOTIFY from the row trigger as before. The NOTIFY
-- moves back to the row trigger: the batches that made per-row notifications costly (migration 0010) no longer reach
-- it.
CREATE OR REPLACE FUNCTION jobs_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := OLD.revision + 1;
    IF current_setting('jobs.events_after_commit', true) IS DISTINCT FROM 'on' THEN
        -- Delivered at commit, to every replica listening on job_events (payload: the job id).
        PERFORM pg_notify('job_events', NEW.id::text);
    END IF;
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS jobs_revision ON jobs;
CREATE TRIGGER jobs_revision BEFORE UPDATE ON jobs FOR EACH ROW
    WHEN (NEW.revision = OLD.revision AND (NEW.status IS DISTINCT FROM OLD.status
          OR NEW.progress_percentage IS DISTINCT FROM OLD.progress_percentage
          OR NEW.progress_message IS DISTINCT FROM OLD.progress_message OR NEW.attempts IS DISTINCT FROM OLD.attempts))
    EXECUTE FUNCTION jobs_bump_revision();

DROP TRIGGER IF EXISTS jobs_events ON jobs;
DROP FUNCTION IF EXISTS jobs_notify_events();
