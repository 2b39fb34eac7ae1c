-- Zhaji library, schema version 7: an article's images, kept in the library.
-- Append-only: once landed, this file never changes.
--
-- An image's bytes are stored once, by the SHA-256 of its bytes, however many articles show it.
-- Its format is sniffed from the bytes and its size read from the headers when it is stored.
CREATE TABLE image_blob (
    id      INTEGER PRIMARY KEY,
    hash    TEXT NOT NULL UNIQUE,  -- SHA-256 of data, lowercase hex
    format  TEXT NOT NULL,         -- png, jpeg, gif, webp, avif or svg
    bytes   INTEGER NOT NULL,
    width   INTEGER NOT NULL,
    height  INTEGER NOT NULL,
    data    BLOB NOT NULL
) STRICT;

-- Where an article shows an image: before the passage numbered `position` (its number of
-- passages when the image comes last). Images sit between passages, so an article's text, its
-- offsets and its search rows are the same with or without them. `hash` is NULL when the image
-- could not be kept (`error` says why): the reader shows a placeholder. Rows stay while their
-- article is in the trash; emptying the trash removes them, then the blobs no row names.
CREATE TABLE article_image (
    article_id  INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    hash        TEXT,
    src         TEXT NOT NULL,
    alt         TEXT NOT NULL DEFAULT '',
    caption     TEXT NOT NULL DEFAULT '',
    error       TEXT,
    PRIMARY KEY (article_id, ordinal)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_image_by_hash ON article_image(hash);
