-- Preferences the web app applies at sign-in on every device: theme, language, and the template and page size new
-- documents start with. One row per user, written on the first change (until then the defaults apply).
CREATE TABLE IF NOT EXISTS user_preferences (
    user_id            uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    theme              text        NOT NULL,
    language           text        NOT NULL,
    default_template   text        NULL,
    default_page_size  text        NULL,
    updated_at         timestamptz NOT NULL
);
