-- Whose request a cached answer came from, so deleting an account deletes the answers made from its text. Null for
-- rows written before (they expire within the cache lifetime).
ALTER TABLE ai_cache ADD COLUMN IF NOT EXISTS user_id uuid NULL;
CREATE INDEX IF NOT EXISTS ai_cache_user ON ai_cache (user_id);
