-- Export jobs: the queue state machine and, once completed, the export history row (one row per export).
CREATE TABLE jobs (
    id                  uuid        PRIMARY KEY,
    type                text        NOT NULL CHECK (type IN ('export_pdf')),
    queue               text        NOT NULL DEFAULT 'render',
    priority            int         NOT NULL DEFAULT 0,
    -- the document snapshot taken at request time plus render options: the renderer never reads the documents service
    payload             jsonb       NOT NULL,
    status              text        NOT NULL
        CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled', 'dead_letter')),
    -- the current attempt; also the fencing token every renderer message and upload must carry
    attempts            int         NOT NULL DEFAULT 1,
    max_attempts        int         NOT NULL DEFAULT 5,
    -- the attempt for which RenderPdfRequested went into the outbox; < attempts means a retry is waiting for run_after
    dispatched_attempt  int         NOT NULL DEFAULT 0,
    dispatched_at       timestamptz,
    run_after           timestamptz NOT NULL,
    progress_percentage int         NOT NULL DEFAULT 0,
    progress_message    text,
    result              jsonb,
    error               text,
    worker_id           text,
    heartbeat_at        timestamptz,
    created_by          uuid        NOT NULL,
    created_at          timestamptz NOT NULL,
    started_at          timestamptz,
    completed_at        timestamptz,
    -- history (denormalised from payload/result for listing without parsing json)
    document_id         uuid        NOT NULL,
    document_version    bigint      NOT NULL,
    template_id         text        NOT NULL,
    page_size           text        NOT NULL CHECK (page_size IN ('A4', 'Letter')),
    title               text        NOT NULL,
    file_key            text,
    size_bytes          bigint,
    pages               int,
    download_count      int         NOT NULL DEFAULT 0,
    expires_at          timestamptz
);
CREATE INDEX jobs_unfinished_by_user ON jobs (created_by) WHERE status IN ('pending', 'processing');
CREATE INDEX jobs_due ON jobs (run_after) WHERE status = 'pending' AND dispatched_attempt < attempts;
CREATE INDEX jobs_in_flight ON jobs (dispatched_at)
    WHERE status IN ('pending', 'processing') AND dispatched_attempt = attempts;
CREATE INDEX jobs_history ON jobs (created_by, completed_at DESC) WHERE status = 'completed';

CREATE TABLE job_logs (
    id      bigserial   PRIMARY KEY,
    job_id  uuid        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt int         NOT NULL,
    at      timestamptz NOT NULL,
    level   text        NOT NULL,
    message text        NOT NULL
);
CREATE INDEX job_logs_job ON job_logs (job_id, id);

-- The orchestrator's own file storage, reachable by every replica (an S3 bucket would replace it).
CREATE TABLE export_files (
    key          text        PRIMARY KEY,
    content      bytea       NOT NULL,
    size         bigint      NOT NULL,
    content_type text        NOT NULL,
    created_at   timestamptz NOT NULL
);

-- Secrets generated at first use and shared by every replica (URL signatures).
CREATE TABLE signing_keys (
    name       text        PRIMARY KEY,
    key        bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
