-- Zhaji library, schema version 18: the articles each tag reaches, kept by triggers.
-- Append-only: once landed, this file never changes.
--
-- A tag reaches an article when it is on the article (`on_article` = 1) or on some of its live
-- highlights (`marks` of them). A row exists if and only if `on_article` = 1 or `marks` > 0.
-- Whether the article itself is in the trash is not kept here: readers join `article`, so that
-- trashing or restoring an article writes nothing in this table. Filtering the article list by
-- a tag reads the tag's rows here (one per article), not every highlight link of the tag with
-- each highlight looked up.
CREATE TABLE tag_article (
    tag_id      INTEGER NOT NULL,
    article_id  INTEGER NOT NULL,
    on_article  INTEGER NOT NULL,
    marks       INTEGER NOT NULL,
    PRIMARY KEY (tag_id, article_id)
) STRICT, WITHOUT ROWID;

INSERT INTO tag_article (tag_id, article_id, on_article, marks)
SELECT tag_id, article_id, max(on_article), sum(marks) FROM (
    SELECT tag_id, article_id, 1 AS on_article, 0 AS marks FROM article_tag
    UNION ALL
    SELECT ht.tag_id, h.article_id, 0, 1 FROM highlight_tag ht
      JOIN highlight h ON h.id = ht.highlight_id
     WHERE h.deleted_at IS NULL
) GROUP BY tag_id, article_id;

-- A tag put on an article, or taken off (a purged article or tag takes its links with it, and
-- foreign-key actions fire these triggers too).
CREATE TRIGGER tag_article_on_article AFTER INSERT ON article_tag BEGIN
    INSERT INTO tag_article (tag_id, article_id, on_article, marks)
    VALUES (NEW.tag_id, NEW.article_id, 1, 0)
    ON CONFLICT (tag_id, article_id) DO UPDATE SET on_article = 1;
END;
CREATE TRIGGER tag_article_off_article AFTER DELETE ON article_tag BEGIN
    DELETE FROM tag_article
     WHERE tag_id = OLD.tag_id AND article_id = OLD.article_id AND marks = 0;
    UPDATE tag_article SET on_article = 0
     WHERE tag_id = OLD.tag_id AND article_id = OLD.article_id;
END;
-- A tag put on a highlight, or taken off: it counts only while the highlight is live. When a
-- highlight is purged its links go after its row, so they find no live highlight here: the
-- highlight's own trigger below has taken its marks away already.
CREATE TRIGGER tag_article_on_highlight AFTER INSERT ON highlight_tag BEGIN
    INSERT INTO tag_article (tag_id, article_id, on_article, marks)
    SELECT NEW.tag_id, h.article_id, 0, 1 FROM highlight h
     WHERE h.id = NEW.highlight_id AND h.deleted_at IS NULL
    ON CONFLICT (tag_id, article_id) DO UPDATE SET marks = marks + 1;
END;
CREATE TRIGGER tag_article_off_highlight AFTER DELETE ON highlight_tag BEGIN
    UPDATE tag_article SET marks = marks - 1
     WHERE tag_id = OLD.tag_id AND article_id = (
        SELECT h.article_id FROM highlight h
         WHERE h.id = OLD.highlight_id AND h.deleted_at IS NULL);
    DELETE FROM tag_article
     WHERE tag_id = OLD.tag_id AND marks = 0 AND on_article = 0 AND article_id = (
        SELECT h.article_id FROM highlight h
         WHERE h.id = OLD.highlight_id AND h.deleted_at IS NULL);
END;
-- A highlight trashed, restored or moved to another article takes its tags' marks along; one
-- purged (alone, or with its article) takes them away before its links go.
CREATE TRIGGER tag_article_highlight_changed AFTER UPDATE OF deleted_at, article_id ON highlight
WHEN (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL) OR OLD.article_id <> NEW.article_id
BEGIN
    UPDATE tag_article SET marks = marks - 1
     WHERE OLD.deleted_at IS NULL AND article_id = OLD.article_id
       AND tag_id IN (SELECT tag_id FROM highlight_tag WHERE highlight_id = OLD.id);
    DELETE FROM tag_article
     WHERE OLD.deleted_at IS NULL AND article_id = OLD.article_id
       AND marks = 0 AND on_article = 0
       AND tag_id IN (SELECT tag_id FROM highlight_tag WHERE highlight_id = OLD.id);
    INSERT INTO tag_article (tag_id, article_id, on_article, marks)
    SELECT tag_id, NEW.article_id, 0, 1 FROM highlight_tag
     WHERE highlight_id = NEW.id AND NEW.deleted_at IS NULL
    ON CONFLICT (tag_id, article_id) DO UPDATE SET marks = marks + 1;
END;
CREATE TRIGGER tag_article_highlight_purged BEFORE DELETE ON highlight
WHEN OLD.deleted_at IS NULL
BEGIN
    UPDATE tag_article SET marks = marks - 1
     WHERE article_id = OLD.article_id
       AND tag_id IN (SELECT tag_id FROM highlight_tag WHERE highlight_id = OLD.id);
    DELETE FROM tag_article
     WHERE article_id = OLD.article_id AND marks = 0 AND on_article = 0
       AND tag_id IN (SELECT tag_id FROM highlight_tag WHERE highlight_id = OLD.id);
END;

-- A link is a pair of keys: it is taken off and put on, never changed in place (nothing
-- writes one so), which the triggers above would not see.
CREATE TRIGGER tag_article_article_link_fixed BEFORE UPDATE ON article_tag BEGIN
    SELECT RAISE(ABORT, 'a tag link is deleted and inserted, not updated');
END;
CREATE TRIGGER tag_article_highlight_link_fixed BEFORE UPDATE ON highlight_tag BEGIN
    SELECT RAISE(ABORT, 'a tag link is deleted and inserted, not updated');
END;

-- A tag removed for good leaves no row behind, whatever order its links went in.
CREATE TRIGGER tag_article_tag_purged AFTER DELETE ON tag BEGIN
    DELETE FROM tag_article WHERE tag_id = OLD.id;
END;
