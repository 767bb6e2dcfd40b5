-- The resume score, memoised per document version (one row per document: the newest version scored). `scorer` is
-- ResumeScorer.Version, so a rule change is not answered from scores of the old rules.
CREATE TABLE IF NOT EXISTS resume_scores (
    document_id  uuid        PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    version      bigint      NOT NULL,
    scorer       int         NOT NULL,
    result       jsonb       NOT NULL,
    computed_at  timestamptz NOT NULL
);
