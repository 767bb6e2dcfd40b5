-- The jobs table is the queue of in-process work (#21): workers claim due rows with FOR UPDATE SKIP LOCKED in priority
-- order. Runnable = pending and not handed out (a render out at the renderers has dispatched_attempt = attempts).
-- The index serves the workers' claim and the scheduler's dispatch of due renders, in the order both use.
CREATE INDEX IF NOT EXISTS jobs_runnable ON jobs (priority DESC, run_after, id)
    WHERE status = 'pending' AND dispatched_attempt < attempts;
DROP INDEX IF EXISTS jobs_due;
-- The W3C traceparent of the span that enqueued the job: a worker's run continues that trace (jobs no longer travel
-- in a bus message, which used to carry it).
ALTER TABLE jobs ADD COLUMN IF NOT EXISTS trace_parent text;
