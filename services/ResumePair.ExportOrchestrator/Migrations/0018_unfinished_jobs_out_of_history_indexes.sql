-- Jobs on their way through the queue (pending, processing) no longer enter the two indexes that serve the hourly
-- limit and the admin listing by status (#21): every enqueue, claim and retry wrote an entry into each, which the next
-- transition left dead (status is in their keys or predicates, so no queue update is HOT). The enqueue now writes 3
-- index entries instead of 5 and the claim 4 instead of 6. Unfinished jobs are found through jobs_unfinished_by_user
-- (per user) and the queue's own partial indexes; "all of a user's jobs" reads both partial per-user indexes
-- (JobStatus.AnySql).
CREATE INDEX jobs_created_finished ON jobs (created_by, created_at) WHERE status NOT IN ('pending', 'processing');
CREATE INDEX jobs_status_created_finished ON jobs (status, created_at DESC)
    WHERE status NOT IN ('pending', 'processing');
DROP INDEX jobs_created;
DROP INDEX jobs_status_created;
