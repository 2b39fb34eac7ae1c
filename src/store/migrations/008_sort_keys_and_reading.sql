-- Zhaji library, schema version 8: titles and tag names sort by a stored key; articles remember
-- how far they were read. Append-only: once landed, this file never changes.
--
-- `sort_key` is a collation key (the Unicode Collation Algorithm with CLDR's Chinese data:
-- pinyin for Han characters, digits by numeric value, case ignored), compared byte by byte, so
-- that the index orders titles as a reader expects. SQL cannot compute it: the store fills it
-- for every row right after this migration, and again whenever the key's recipe changes (the
-- setting 'sort.keys' names the recipe the stored keys were made with).
ALTER TABLE article ADD COLUMN sort_key BLOB;
CREATE INDEX article_by_sort_key ON article(sort_key, id);
ALTER TABLE tag ADD COLUMN sort_key BLOB;
CREATE INDEX tag_by_sort_key ON tag(sort_key, name);

-- How far the reader got, from 0 (not opened) to 1 (the end was shown), and when the article
-- was marked as read (NULL: unread).
ALTER TABLE article ADD COLUMN read_progress REAL NOT NULL DEFAULT 0;
ALTER TABLE article ADD COLUMN read_at TEXT;
