-- Zhaji library, schema version 20: the notes written on articles and passages, in the
-- notebook's two orders.
-- Append-only: once landed, this file never changes.
--
-- The notebook merges these notes (the ones not on a highlight) into its pages of highlights.
-- Until now it read all of them, with their texts and their articles' titles, and sorted them,
-- for every page: 40 ms at 10,000 such notes. With these partial indexes the first notes of a
-- page are an index walk that stops at the page's end, and their number is a count of index
-- entries (the columns the count's conditions name are all in the index, so that it reads no
-- row; the last two are always empty). The order by article is the notebook's: newest article
-- first, the article's own note before its passages' notes, those in reading order.
CREATE INDEX note_loose_by_time ON note(created_at, id, article_id, highlight_id, deleted_at)
    WHERE highlight_id IS NULL AND deleted_at IS NULL;
CREATE INDEX note_loose_by_article ON note(article_id DESC, start IS NOT NULL, orphaned, start, id)
    WHERE highlight_id IS NULL AND deleted_at IS NULL;
