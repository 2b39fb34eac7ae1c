-- Zhaji library: following the debate (taxonomy overrides, claims and their evidence).
-- Append-only: once landed, this file never changes. Later versions add files.

-- The user's changes to the bundled taxonomy, per entry and per field: a NULL field follows
-- the bundled entry (so that newer bundled versions still reach it); a set field wins.
CREATE TABLE taxonomy_override (
    key         TEXT PRIMARY KEY,             -- kind/id, e.g. actor/baidu
    zh          TEXT,
    en          TEXT,
    aliases     TEXT,                         -- JSON array of strings, or NULL
    related     TEXT,                         -- JSON array of keys, or NULL
    removed     INTEGER NOT NULL DEFAULT 0,
    user_added  INTEGER NOT NULL DEFAULT 0,   -- not from the bundled file
    updated_at  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

CREATE TABLE claim (
    id          INTEGER PRIMARY KEY,
    text        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;

-- A highlight as evidence for (supports), against (opposes) or around (context) a claim.
CREATE TABLE claim_link (
    claim_id      INTEGER NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
    highlight_id  INTEGER NOT NULL REFERENCES highlight(id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    note          TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (claim_id, highlight_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX claim_link_by_highlight ON claim_link(highlight_id);
