-- Documents (resumes, cover letters), their saved versions, and stored Idempotency-Key answers.

CREATE TABLE documents (
    id          uuid        PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type        text        NOT NULL CHECK (type IN ('resume', 'cover_letter')),
    title       text        NOT NULL,
    data        jsonb       NOT NULL,
    version     bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    deleted_at  timestamptz NULL
);
-- Keyset pagination, newest first, per user and optionally per type.
CREATE INDEX documents_user_updated_idx ON documents (user_id, updated_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX documents_user_type_updated_idx ON documents (user_id, type, updated_at DESC, id DESC)
    WHERE deleted_at IS NULL;

CREATE TABLE document_versions (
    document_id  uuid        NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version      bigint      NOT NULL,
    title        text        NOT NULL,
    data         jsonb       NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (document_id, version)
);

-- idempotency_keys was created here before ResumePair.Web shipped it (its 0001_idempotency.sql, the one home now).
