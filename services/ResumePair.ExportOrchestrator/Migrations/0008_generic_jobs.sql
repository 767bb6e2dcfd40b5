-- Job types are registered handlers in code, so the table no longer lists them; jobs that are not document
-- exports (maintenance, benchmarks) have no document columns.
ALTER TABLE jobs DROP CONSTRAINT jobs_type_check;
ALTER TABLE jobs ALTER COLUMN document_id DROP NOT NULL, ALTER COLUMN document_version DROP NOT NULL,
                 ALTER COLUMN template_id DROP NOT NULL, ALTER COLUMN title DROP NOT NULL;
-- Rescue: processing jobs whose worker stopped heartbeating.
CREATE INDEX jobs_heartbeat ON jobs (heartbeat_at) WHERE status = 'processing';
-- Pruning finished jobs.
CREATE INDEX jobs_finished ON jobs (completed_at) WHERE status IN ('completed', 'failed', 'cancelled', 'dead_letter');
CREATE INDEX job_logs_at ON job_logs (at);
