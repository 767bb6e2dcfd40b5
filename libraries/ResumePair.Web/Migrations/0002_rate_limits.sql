-- Per-key fixed-window counters (ResumePair.Web/RateLimiting) for every service that limits per user.
-- One row per key and fixed window; rows of past windows are purged by RateLimitPurger.
CREATE TABLE IF NOT EXISTS rate_limit_windows (
    key          text        NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX IF NOT EXISTS rate_limit_windows_window_start ON rate_limit_windows (window_start);
