-- Answers to identical requests, shared by every replica; rows past expires_at are never read and are purged.
CREATE TABLE ai_cache (
    key        text        PRIMARY KEY,  -- sha256 of feature, provider, model and the normalised prompt
    feature    text        NOT NULL,
    model      text        NOT NULL,
    response   text        NOT NULL,
    tokens_in  integer     NOT NULL,
    tokens_out integer     NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX ai_cache_expires_at ON ai_cache (expires_at);

-- The vendor's quota as token buckets (requests and tokens per minute), one row per provider, refilled lazily.
CREATE TABLE provider_budget (
    provider   text             PRIMARY KEY,
    requests   double precision NOT NULL,
    tokens     double precision NOT NULL,
    updated_at timestamptz      NOT NULL
);

-- Every AI answer (or failure) for operators: who, what, which model, tokens, cost, latency, cache.
CREATE TABLE ai_usage (
    id          bigserial     PRIMARY KEY,
    user_id     uuid          NOT NULL,
    feature     text          NOT NULL,
    provider    text          NOT NULL,
    model       text          NOT NULL,
    tokens_in   integer       NOT NULL,
    tokens_out  integer       NOT NULL,
    cost_usd    numeric(12,6) NOT NULL,
    latency_ms  integer       NOT NULL,
    cache_hit   boolean       NOT NULL,
    outcome     text          NOT NULL,  -- ok, invalid_output, unavailable, cancelled
    created_at  timestamptz   NOT NULL
);
CREATE INDEX ai_usage_created_at ON ai_usage (created_at);
CREATE INDEX ai_usage_user ON ai_usage (user_id, created_at);
