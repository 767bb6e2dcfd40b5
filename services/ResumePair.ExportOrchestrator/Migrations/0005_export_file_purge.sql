-- The purge asks "does a live export still point at this file?" for every old file.
CREATE INDEX jobs_file_key ON jobs (file_key) WHERE file_key IS NOT NULL;
