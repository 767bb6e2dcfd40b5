-- Second job type; history reuse; job events for SSE (fanned out across replicas by LISTEN/NOTIFY).
ALTER TABLE jobs DROP CONSTRAINT jobs_type_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_type_check CHECK (type IN ('export_pdf', 'export_json'));
ALTER TABLE jobs ALTER COLUMN page_size DROP NOT NULL;

-- Identical requests (same user, document version, template, page size) reuse a live export's file.
CREATE INDEX jobs_reusable ON jobs (created_by, document_id, document_version, template_id, page_size, type)
    WHERE status = 'completed' AND file_key IS NOT NULL;
-- Per-user storage quota: bytes of the user's live exports.
CREATE INDEX jobs_storage ON jobs (created_by, expires_at) WHERE status = 'completed' AND file_key IS NOT NULL;
-- Hourly creation limit and admin listing.
CREATE INDEX jobs_created ON jobs (created_by, created_at);
CREATE INDEX jobs_status_created ON jobs (status, created_at DESC);

-- revision: the SSE event id. Bumped on every change a client can see, so Last-Event-ID tells whether the
-- client already has the current state.
ALTER TABLE jobs ADD COLUMN revision bigint NOT NULL DEFAULT 1;

CREATE FUNCTION jobs_bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status OR NEW.progress_percentage IS DISTINCT FROM OLD.progress_percentage
       OR NEW.progress_message IS DISTINCT FROM OLD.progress_message OR NEW.attempts IS DISTINCT FROM OLD.attempts THEN
        NEW.revision := OLD.revision + 1;
        -- Delivered at commit, to every replica listening on job_events (payload: job id).
        PERFORM pg_notify('job_events', NEW.id::text);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER jobs_revision BEFORE UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_bump_revision();

-- A batch request's jobs share a batch id; the unfinished-exports limit counts a batch once.
ALTER TABLE jobs ADD COLUMN batch_id uuid;
CREATE INDEX jobs_batch ON jobs (batch_id) WHERE batch_id IS NOT NULL;
