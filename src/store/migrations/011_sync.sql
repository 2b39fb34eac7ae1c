-- Zhaji library, schema version 11: sync between devices through a shared folder.
-- Append-only: once landed, this file never changes.
--
-- A library that has joined a sync folder has one row in `sync_device`. Until then every table
-- here stays empty, and the triggers below stop at their WHEN clause (one probe of an empty
-- table), so a library that never syncs behaves as before.

-- This device: its id (the folder it writes in, its Automerge actor), its name, the folder, the
-- number of the next file it will write there, and the folder's key when it is encrypted (made
-- from the passphrase when joining; the passphrase itself is not kept).
CREATE TABLE sync_device (
    only       INTEGER PRIMARY KEY CHECK (only = 1),
    device_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    folder     TEXT NOT NULL,
    next_file  INTEGER NOT NULL DEFAULT 1,
    joined_at  TEXT NOT NULL,
    key        BLOB
) STRICT;

-- Articles written since their document last took in SQLite's state (0: the library document,
-- for tags). Marked by the triggers, in the writer's own transaction. (The triggers test for an
-- existing mark rather than say INSERT OR IGNORE: inside an upsert's DO UPDATE, SQLite makes a
-- trigger's OR IGNORE an ABORT.)
CREATE TABLE sync_dirty (
    article_id INTEGER PRIMARY KEY
) STRICT;

-- Each Automerge document, saved whole ('library', or 'article:<content hash>').
CREATE TABLE sync_doc (
    key    TEXT PRIMARY KEY,
    bytes  BLOB NOT NULL
) STRICT;

-- Which document holds each article (`uuid`: the article's, since a rowid can be used again
-- after a purge). No foreign key: an article purged from the trash keeps its document, which
-- then says so.
CREATE TABLE sync_article (
    article_id  INTEGER PRIMARY KEY,
    doc         TEXT NOT NULL UNIQUE,
    uuid        TEXT NOT NULL
) STRICT;

-- Changes made here and not yet in a file of the folder. `file` is the number of the file that
-- carries them, given before the file is written, so that writing it again after a crash
-- writes the same bytes under the same name; rows go once their file is in the folder.
CREATE TABLE sync_outbox (
    id      INTEGER PRIMARY KEY,
    doc     TEXT NOT NULL,
    change  BLOB NOT NULL,
    file    INTEGER
) STRICT;

-- Files of other devices whose every change is in the documents (and so in SQLite).
CREATE TABLE sync_seen (
    device  TEXT NOT NULL,
    file    INTEGER NOT NULL,
    PRIMARY KEY (device, file)
) STRICT, WITHOUT ROWID;

-- Another UUID for the same thing: the article (or tag) another device knew by `uuid` is the one
-- this library knows by `target`, so that links made there still open here.
CREATE TABLE sync_alias (
    uuid    TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,
    target  TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- UUIDs of rows removed for good here (the trash emptied, a tag merged into another), so that
-- their documents say so and an arriving copy does not bring them back.
CREATE TABLE sync_purged (
    uuid  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

CREATE TRIGGER sync_article_insert AFTER INSERT ON article
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = NEW.id);
END;
CREATE TRIGGER sync_article_update AFTER UPDATE OF title, author, site, source, url, published,
    language, format, content_hash, deleted_at ON article
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = NEW.id);
END;
CREATE TRIGGER sync_article_delete AFTER DELETE ON article
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT OLD.id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = OLD.id);
    INSERT INTO sync_purged (uuid) SELECT OLD.uuid WHERE OLD.uuid IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sync_purged WHERE uuid = OLD.uuid);
END;
CREATE TRIGGER sync_highlight_insert AFTER INSERT ON highlight
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT NEW.article_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER sync_highlight_update AFTER UPDATE ON highlight
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT NEW.article_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER sync_highlight_delete AFTER DELETE ON highlight
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT OLD.article_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = OLD.article_id);
    INSERT INTO sync_purged (uuid) SELECT OLD.uuid WHERE OLD.uuid IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sync_purged WHERE uuid = OLD.uuid);
END;
CREATE TRIGGER sync_note_insert AFTER INSERT ON note
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT NEW.article_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER sync_note_update AFTER UPDATE ON note
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT NEW.article_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER sync_note_delete AFTER DELETE ON note
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT OLD.article_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = OLD.article_id);
    INSERT INTO sync_purged (uuid) SELECT OLD.uuid WHERE OLD.uuid IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sync_purged WHERE uuid = OLD.uuid);
END;
CREATE TRIGGER sync_highlight_tag_insert AFTER INSERT ON highlight_tag
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT h.article_id FROM highlight h
        WHERE h.id = NEW.highlight_id
        AND NOT EXISTS (SELECT 1 FROM sync_dirty d WHERE d.article_id = h.article_id);
END;
CREATE TRIGGER sync_highlight_tag_delete AFTER DELETE ON highlight_tag
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT h.article_id FROM highlight h
        WHERE h.id = OLD.highlight_id
        AND NOT EXISTS (SELECT 1 FROM sync_dirty d WHERE d.article_id = h.article_id);
END;
CREATE TRIGGER sync_article_tag_insert AFTER INSERT ON article_tag
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT NEW.article_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = NEW.article_id);
END;
CREATE TRIGGER sync_article_tag_delete AFTER DELETE ON article_tag
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT OLD.article_id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = OLD.article_id);
END;
CREATE TRIGGER sync_tag_insert AFTER INSERT ON tag
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT 0
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = 0);
END;
CREATE TRIGGER sync_tag_update AFTER UPDATE OF name, color, deleted_at ON tag
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT 0
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = 0);
END;
CREATE TRIGGER sync_tag_delete AFTER DELETE ON tag
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT 0
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = 0);
    INSERT INTO sync_purged (uuid) SELECT OLD.uuid WHERE OLD.uuid IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sync_purged WHERE uuid = OLD.uuid);
END;
