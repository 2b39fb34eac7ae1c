-- Zhaji library, schema version 1.
-- Append-only: once landed, this file never changes. Later versions add files.

CREATE TABLE article (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    author        TEXT,
    site          TEXT,
    source        TEXT,
    url           TEXT,
    published     TEXT,
    language      TEXT,
    format        TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    chars         INTEGER NOT NULL,
    imported_at   TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX article_by_hash ON article(content_hash);
CREATE INDEX article_by_source ON article(source);

-- The article's text is its passages' texts joined by '\n'.
CREATE TABLE passage (
    article_id  INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    level       INTEGER NOT NULL DEFAULT 0,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    links       TEXT,  -- JSON array of {start, end, href}, or NULL
    PRIMARY KEY (article_id, ordinal)
) STRICT, WITHOUT ROWID;

CREATE TABLE highlight (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    exact       TEXT NOT NULL,
    prefix      TEXT NOT NULL,
    suffix      TEXT NOT NULL,
    orphaned    INTEGER NOT NULL DEFAULT 0,
    color       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE INDEX highlight_by_article ON highlight(article_id, start);

-- A note is on an article (highlight_id and start NULL), on a highlight (highlight_id set),
-- or on a stretch of text (start/end/exact/prefix/suffix set).
CREATE TABLE note (
    id            INTEGER PRIMARY KEY,
    article_id    INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    highlight_id  INTEGER REFERENCES highlight(id) ON DELETE CASCADE,
    start         INTEGER,
    end           INTEGER,
    exact         TEXT,
    prefix        TEXT,
    suffix        TEXT,
    orphaned      INTEGER NOT NULL DEFAULT 0,
    body          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    deleted_at    TEXT
) STRICT;
CREATE INDEX note_by_article ON note(article_id);
CREATE INDEX note_by_highlight ON note(highlight_id);

CREATE TABLE tag (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    color       TEXT,
    created_at  TEXT NOT NULL,
    deleted_at  TEXT
) STRICT;
CREATE UNIQUE INDEX tag_by_name ON tag(name);

CREATE TABLE highlight_tag (
    highlight_id  INTEGER NOT NULL REFERENCES highlight(id) ON DELETE CASCADE,
    tag_id        INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    PRIMARY KEY (highlight_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX highlight_tag_by_tag ON highlight_tag(tag_id);

CREATE TABLE article_tag (
    article_id  INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_tag_by_tag ON article_tag(tag_id);

CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT;
