-- Zhaji library, schema version 4: highlights and notes get a full-text index of their own.
-- Append-only: once landed, this file never changes.
--
-- Until now one index held titles and passages (written by imports) and highlights and notes
-- (written a few rows at a time while reading). FTS5 merges its segments as it goes, and a
-- highlight's commit could end up merging segments made of whole articles. In a small index of
-- their own, highlights and notes only ever merge with each other. Same columns, tokens and rowids
-- as `search` (3 << 56 | highlight id, 4 << 56 | note id); Zhaji fills it when it next opens
-- the library (setting search.marks), since the tokens are made by its Rust code.
CREATE VIRTUAL TABLE search_marks USING fts5(
    u, b, w,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"
);

-- The highlight and note rows leave the first index: exactly the live ones are there.
DELETE FROM search WHERE rowid IN (
    SELECT (3 << 56) | h.id FROM highlight h
    WHERE h.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM article a WHERE a.id = h.article_id AND a.deleted_at IS NULL));
DELETE FROM search WHERE rowid IN (
    SELECT (4 << 56) | n.id FROM note n
    WHERE n.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM article a WHERE a.id = n.article_id AND a.deleted_at IS NULL)
      AND (n.highlight_id IS NULL OR EXISTS (SELECT 1 FROM highlight h
          WHERE h.id = n.highlight_id AND h.deleted_at IS NULL)));
DELETE FROM setting WHERE key = 'search.marks';

-- `search` now takes only imports, a whole article per transaction: merging segments when 8 of
-- a level have gathered, not 4, halves the times each byte is rewritten (imports 20% faster,
-- updates of an article about 10 times faster in the benchmarks) for a few more segments for each
-- query to read.
INSERT INTO search (search, rank) VALUES ('automerge', 8);
