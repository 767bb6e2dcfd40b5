-- Transactional outbox, second version (see 0001_outbox.sql): rows a writer publishes itself right after its commit
-- (OutboxRelay.PublishCommitted) carry a lease. The relay's claim skips a leased row until the lease runs out, so the
-- row is not published twice; if the writer's process dies before publishing, any relay publishes it once the lease
-- has expired. Rows without a lease (NULL) are the relay's at once, as before.
ALTER TABLE outbox_messages ADD COLUMN IF NOT EXISTS lease_until timestamptz;
