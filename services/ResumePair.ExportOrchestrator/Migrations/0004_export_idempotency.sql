-- Idempotency-Key on POST /pdf: the key lives on the job it created, so the key and the job commit together.
ALTER TABLE jobs ADD COLUMN idempotency_key text, ADD COLUMN request_hash text;
CREATE UNIQUE INDEX jobs_idempotency ON jobs (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
