-- Zhaji library, schema version 12: the article index is merged only while the library is idle,
-- and the notebook reads its pages from indexes.
-- Append-only: once landed, this file never changes.

-- FTS5's automerge charges each write with merging work in proportion to the index's number of
-- levels, which grows with the library: updating one article cost 15 ms at 10,000 articles and
-- 116 ms at 100,000, nearly all of it merging segments of other articles. Zhaji's checkpoint
-- thread merges `search` while the library is idle, and a bulk import between its batches, so
-- writes leave it alone; should writes come without a pause, crisismerge (16 segments of a
-- level) still bounds the segments a query reads. Those merges take 8 segments of a level, as
-- the automerge of migration 4 did, so that an import rewrites its bytes no more often than
-- before.
INSERT INTO search (search, rank) VALUES ('automerge', 0);
INSERT INTO search (search, rank) VALUES ('usermerge', 8);

-- The notebook in the article order and in time order, and how many highlights a filter finds,
-- read from these indexes alone (no highlight's row is read until it is on the page), so that a
-- page far down a million highlights costs a walk of an index, not of the table. Only live
-- highlights are in them; a highlight of a trashed article is left out through `article_trashed`.
CREATE INDEX highlight_live_by_article ON highlight (article_id DESC, orphaned, start, end)
    WHERE deleted_at IS NULL;
CREATE INDEX highlight_live_by_time ON highlight (id, article_id) WHERE deleted_at IS NULL;
CREATE INDEX article_trashed ON article (id) WHERE deleted_at IS NOT NULL;
