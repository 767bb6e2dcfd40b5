-- Named snapshots ("Sent to Acme"): a version with a label is never removed by version thinning.
-- restored_from: the version a restore copied (history shows "Restored version N").
ALTER TABLE document_versions ADD COLUMN IF NOT EXISTS label text NULL;
ALTER TABLE document_versions ADD COLUMN IF NOT EXISTS restored_from bigint NULL;
CREATE INDEX IF NOT EXISTS document_versions_named_idx ON document_versions (document_id, version DESC)
    WHERE label IS NOT NULL;
