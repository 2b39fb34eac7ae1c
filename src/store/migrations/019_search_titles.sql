-- Zhaji library, schema version 19: titles get a full-text index of their own.
-- Append-only: once landed, this file never changes.
--
-- Titles and passages shared `search`, titles with the smallest rowids (1 << 56 | article id).
-- A group's matches are read newest first, and FTS5 reads a term's rowids from the end of its
-- list down to the range asked for: finding the titles that hold a common word walked past every
-- passage that holds it (20-30 ms at 100,000 articles). In a table of their own, the titles'
-- walk passes nothing else. Same columns, tokens and rowids as `search`; Zhaji moves the titles
-- here when it next opens the library (setting search.titles), since the tokens are made by its
-- Rust code.
CREATE VIRTUAL TABLE search_titles USING fts5(
    t, u,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);

-- As `search` (migrations 5 and 12): written by imports, so merged while the library is idle
-- and between a bulk import's batches, 8 segments of a level at a time, not as it is written;
-- a bulk import's batch of titles makes one segment.
INSERT INTO search_titles (search_titles, rank) VALUES ('automerge', 0);
INSERT INTO search_titles (search_titles, rank) VALUES ('usermerge', 8);
INSERT INTO search_titles (search_titles, rank) VALUES ('hashsize', 33554432);

DELETE FROM setting WHERE key = 'search.titles';
