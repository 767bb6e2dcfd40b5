-- LinkedIn's data export (a ZIP of CSV files) is imported like a PDF or DOCX: its upload waits here for its job.
ALTER TABLE import_uploads DROP CONSTRAINT import_uploads_format_check;
ALTER TABLE import_uploads ADD CONSTRAINT import_uploads_format_check CHECK (format IN ('pdf', 'docx', 'linkedin'));
