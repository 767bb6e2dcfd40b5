-- The engine's queue tables churn: every job inserts and updates its jobs row twice, and inserts an outbox, an inbox
-- and a log row. At the default scale factor (20% of the table) autovacuum visits a table of a few hundred thousand
-- rows only after tens of thousands of dead tuples, which meanwhile fill the partial indexes on unfinished jobs and
-- unsent messages that the scheduler and the relay scan (measured after the bench's bulk phases: ~250 index buffers
-- per relay claim). Vacuum them after a small, fixed amount of churn instead.
ALTER TABLE jobs SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                      autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000);
ALTER TABLE outbox_messages SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                 autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000);
ALTER TABLE inbox_messages SET (autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000);
ALTER TABLE job_logs SET (autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 20000);
