-- Public share links (/r/{slug}): at most one per document, off until the owner publishes. Unpublishing deletes the
-- row and rotating replaces the slug, so an old link finds nothing (404).
CREATE TABLE shares (
    document_id    uuid        PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    slug           text        NOT NULL UNIQUE,
    password_hash  text        NULL,       -- ASP.NET Core Identity's PBKDF2 hash; NULL = open link
    indexable      boolean     NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX shares_user_idx ON shares (user_id);

-- What the owner sees: views and downloads per UTC day. Counters only: nothing about a visitor is stored.
-- Kept per document (not per slug) so rotating a link or publishing again does not lose the history.
CREATE TABLE share_daily_stats (
    document_id  uuid    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    day          date    NOT NULL,
    views        integer NOT NULL DEFAULT 0,
    downloads    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (document_id, day)
);
