-- Zhaji library, schema version 16: images travel through the sync folder, and an article
-- remembers the text it was first imported with.
-- Append-only: once landed, this file never changes.
--
-- The images whose bytes a device has put in the sync folder (written there by `device`, or
-- found there and taken in), so that a round writes only the new ones. A new device id (a
-- restored backup) writes its images again under its own folder.
CREATE TABLE sync_image (
    device  TEXT NOT NULL,
    hash    TEXT NOT NULL,
    PRIMARY KEY (device, hash)
) STRICT, WITHOUT ROWID;

-- Articles that synced before their image list did: the next round writes their list into
-- their documents.
INSERT INTO sync_dirty (article_id)
    SELECT DISTINCT i.article_id FROM article_image i
    WHERE EXISTS (SELECT 1 FROM sync_device)
      AND NOT EXISTS (SELECT 1 FROM sync_dirty d WHERE d.article_id = i.article_id);

-- The content hash of the text an article had before its first update (NULL while it was never
-- updated): an article's document is keyed by its first text, so two devices that imported the
-- same text and updated it differently before they synced still share one document.
ALTER TABLE article ADD COLUMN first_hash TEXT;
CREATE TRIGGER article_first_hash AFTER UPDATE OF content_hash ON article
WHEN OLD.first_hash IS NULL AND OLD.content_hash IS NOT NEW.content_hash BEGIN
    UPDATE article SET first_hash = OLD.content_hash WHERE id = NEW.id;
END;
