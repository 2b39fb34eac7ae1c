-- Zhaji library, schema version 15: claims with their evidence, the user's taxonomy entries,
-- the colours' names and reading progress sync too. Append-only: once landed, this file never
-- changes.
--
-- As in 011, the triggers stop at their WHEN clause until the library joins a folder.

-- Documents other than an article's written since they last took in SQLite's state: a claim's
-- ('claim:<uuid>'; by UUID, since a purged claim has no row left to name it) and the
-- preferences' ('preferences': taxonomy entries and colour names).
CREATE TABLE sync_dirty_doc (
    doc  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- Documents whose projection named something this library does not have yet (a claim's
-- evidence in an article that has not arrived): projected again after each round's merge.
CREATE TABLE sync_waiting (
    doc  TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- A new claim has no UUID until migration 009's trigger gives it one: that update marks it.
CREATE TRIGGER sync_claim_insert AFTER INSERT ON claim
WHEN NEW.uuid IS NOT NULL AND EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'claim:' || NEW.uuid
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty_doc WHERE doc = 'claim:' || NEW.uuid);
END;
CREATE TRIGGER sync_claim_update AFTER UPDATE ON claim
WHEN NEW.uuid IS NOT NULL AND EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'claim:' || NEW.uuid
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty_doc WHERE doc = 'claim:' || NEW.uuid);
END;
CREATE TRIGGER sync_claim_delete AFTER DELETE ON claim
WHEN OLD.uuid IS NOT NULL AND EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'claim:' || OLD.uuid
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty_doc WHERE doc = 'claim:' || OLD.uuid);
    INSERT INTO sync_purged (uuid) SELECT OLD.uuid
        WHERE NOT EXISTS (SELECT 1 FROM sync_purged WHERE uuid = OLD.uuid);
END;
CREATE TRIGGER sync_claim_link_insert AFTER INSERT ON claim_link
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'claim:' || c.uuid FROM claim c
        WHERE c.id = NEW.claim_id AND c.uuid IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sync_dirty_doc d WHERE d.doc = 'claim:' || c.uuid);
END;
CREATE TRIGGER sync_claim_link_update AFTER UPDATE ON claim_link
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'claim:' || c.uuid FROM claim c
        WHERE c.id = NEW.claim_id AND c.uuid IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sync_dirty_doc d WHERE d.doc = 'claim:' || c.uuid);
END;
CREATE TRIGGER sync_claim_link_delete AFTER DELETE ON claim_link
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'claim:' || c.uuid FROM claim c
        WHERE c.id = OLD.claim_id AND c.uuid IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM sync_dirty_doc d WHERE d.doc = 'claim:' || c.uuid);
END;

CREATE TRIGGER sync_taxonomy_insert AFTER INSERT ON taxonomy_override
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'preferences'
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty_doc WHERE doc = 'preferences');
END;
CREATE TRIGGER sync_taxonomy_update AFTER UPDATE ON taxonomy_override
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'preferences'
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty_doc WHERE doc = 'preferences');
END;
CREATE TRIGGER sync_taxonomy_delete AFTER DELETE ON taxonomy_override
WHEN EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'preferences'
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty_doc WHERE doc = 'preferences');
END;
-- Of the settings, only the colours' names ('color.yellow'…) are the reader's work.
CREATE TRIGGER sync_color_name_insert AFTER INSERT ON setting
WHEN NEW.key LIKE 'color.%' AND EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'preferences'
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty_doc WHERE doc = 'preferences');
END;
CREATE TRIGGER sync_color_name_update AFTER UPDATE ON setting
WHEN NEW.key LIKE 'color.%' AND EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty_doc (doc) SELECT 'preferences'
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty_doc WHERE doc = 'preferences');
END;

-- Reading progress is the article document's: only a real change marks it.
CREATE TRIGGER sync_article_reading AFTER UPDATE OF read_progress, read_at ON article
WHEN (NEW.read_progress IS NOT OLD.read_progress OR NEW.read_at IS NOT OLD.read_at)
    AND EXISTS (SELECT 1 FROM sync_device) BEGIN
    INSERT INTO sync_dirty (article_id) SELECT NEW.id
        WHERE NOT EXISTS (SELECT 1 FROM sync_dirty WHERE article_id = NEW.id);
END;
