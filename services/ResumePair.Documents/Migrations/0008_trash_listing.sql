-- The trash listing (GET /api/v1/documents?trashed=true): a user's deleted documents, newest deleted first,
-- keyset-paginated on (deleted_at, id) like the live list. Partial: live documents never enter it.
CREATE INDEX documents_user_deleted_idx ON documents (user_id, deleted_at DESC, id DESC) WHERE deleted_at IS NOT NULL;
