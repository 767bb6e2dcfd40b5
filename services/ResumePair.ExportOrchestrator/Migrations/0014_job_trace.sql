-- The W3C trace id of the request that created the job: operators go from a job on the ops page to its one trace
-- (request, outbox, broker, renderer, result) in the Aspire dashboard. Null for jobs created before this column.
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS trace_id text;
