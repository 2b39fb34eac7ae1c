-- Zhaji library, schema version 9: stable ids for sync and links, and what an export last wrote.
-- Append-only: once landed, this file never changes.
--
-- Rowids are local to one library file. A link written into a vault (`zhaji://highlight/<id>`), an
-- annotation exported to another tool or a future sync needs an id that stays the same when the
-- row is copied elsewhere: a random (version 4) UUID, lower-case, on articles, highlights, notes,
-- tags and claims. Existing rows get one now; new rows get one from a trigger when the insert does
-- not name one, so that no writer has to remember it.
ALTER TABLE article ADD COLUMN uuid TEXT;
ALTER TABLE highlight ADD COLUMN uuid TEXT;
ALTER TABLE note ADD COLUMN uuid TEXT;
ALTER TABLE tag ADD COLUMN uuid TEXT;
ALTER TABLE claim ADD COLUMN uuid TEXT;

-- A version 4 UUID: 122 random bits, the version nibble 4, the variant bits 10.
UPDATE article SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE highlight SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE note SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE tag SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));
UPDATE claim SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
    || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
    || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)));

CREATE UNIQUE INDEX article_uuid ON article (uuid);
CREATE UNIQUE INDEX highlight_uuid ON highlight (uuid);
CREATE UNIQUE INDEX note_uuid ON note (uuid);
CREATE UNIQUE INDEX tag_uuid ON tag (uuid);
CREATE UNIQUE INDEX claim_uuid ON claim (uuid);

CREATE TRIGGER article_uuid_new AFTER INSERT ON article WHEN NEW.uuid IS NULL BEGIN
    UPDATE article SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
        || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE id = NEW.id;
END;
CREATE TRIGGER highlight_uuid_new AFTER INSERT ON highlight WHEN NEW.uuid IS NULL BEGIN
    UPDATE highlight SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
        || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE id = NEW.id;
END;
CREATE TRIGGER note_uuid_new AFTER INSERT ON note WHEN NEW.uuid IS NULL BEGIN
    UPDATE note SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
        || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE id = NEW.id;
END;
CREATE TRIGGER tag_uuid_new AFTER INSERT ON tag WHEN NEW.uuid IS NULL BEGIN
    UPDATE tag SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
        || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE id = NEW.id;
END;
CREATE TRIGGER claim_uuid_new AFTER INSERT ON claim WHEN NEW.uuid IS NULL BEGIN
    UPDATE claim SET uuid = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4'
        || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (random() & 3), 1)
        || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
    WHERE id = NEW.id;
END;

-- What an export last wrote into each file of a folder: the base of the three-way merge that keeps
-- what the reader wrote into the file since. `folder` is the export folder's absolute path;
-- `file_name` the file's name in it when it was written; `content` the text as rendered (not
-- as merged), so that the reader's additions are the difference between it and the file.
CREATE TABLE export_base (
    folder       TEXT NOT NULL,
    article_uuid TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content      TEXT NOT NULL,
    PRIMARY KEY (folder, article_uuid)
) WITHOUT ROWID;
