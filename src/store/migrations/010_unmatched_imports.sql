-- Zhaji library, schema version 10: highlights brought from other tools that matched no article.
-- Append-only: once landed, this file never changes.
--
-- An import of Kindle clippings, a Readwise export, 微信读书 notes, Hypothesis or Web Annotation
-- files never makes articles: an entry whose book or page is not in the library (or whose words
-- are not in it) waits here, with everything the file said of it, until the reader attaches it
-- to an article (it then becomes a highlight and leaves this table). `tags` holds the tag names
-- separated by char(31), as the highlight queries give them.
CREATE TABLE unmatched_import (
    id          INTEGER PRIMARY KEY,
    format      TEXT NOT NULL,
    quote       TEXT NOT NULL,
    note        TEXT,
    tags        TEXT NOT NULL DEFAULT '',
    color       TEXT,
    created     TEXT,
    modified    TEXT,
    location    TEXT,
    title       TEXT,
    author      TEXT,
    url         TEXT,
    imported_at TEXT NOT NULL
) STRICT;
CREATE INDEX unmatched_import_by_quote ON unmatched_import(quote);
