-- Files uploaded for import_resume jobs. They live here (every replica can read them; nothing on local disk or in
-- a process's memory) only while the job can still run: the trigger deletes the file in the same transaction
-- that makes the job terminal, and ON DELETE CASCADE covers a job row that is pruned or deleted.
CREATE TABLE import_uploads (
    job_id       uuid        PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    file_name    text        NOT NULL,
    format       text        NOT NULL CHECK (format IN ('pdf', 'docx')),
    content      bytea       NOT NULL,
    size         bigint      NOT NULL,
    created_at   timestamptz NOT NULL
);

CREATE FUNCTION import_uploads_drop_finished() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM import_uploads WHERE job_id = NEW.id;
    RETURN NULL;
END $$;
-- Terminal states only: a retryable failure goes back to 'pending' and still needs the file.
CREATE TRIGGER import_uploads_finished AFTER UPDATE OF status ON jobs FOR EACH ROW
    WHEN (NEW.type = 'import_resume' AND NEW.status IN ('completed', 'failed', 'cancelled', 'dead_letter'))
    EXECUTE FUNCTION import_uploads_drop_finished();
