-- Zhaji library, schema version 14: the orders of the article list, as indexes of live articles;
-- the trash, as indexes of what is in it.
-- Append-only: once landed, this file never changes.
--
-- The desktop reads the list a page at a time (`store::article_page`): with these, the first
-- page of 100,000 articles in any order, a page after a known article, and the count of live
-- articles are index walks rather than a scan and a sort of the whole table. Partial (live
-- articles only), so a walk to an offset reads index entries and no table row. The title order
-- already has `article_by_sort_key`, which holds trashed articles too.
CREATE INDEX article_live_by_imported ON article(imported_at, id) WHERE deleted_at IS NULL;
CREATE INDEX article_live_by_updated ON article(updated_at, id) WHERE deleted_at IS NULL;
CREATE INDEX article_live_by_title ON article(sort_key, id) WHERE deleted_at IS NULL;
CREATE INDEX article_live_by_published ON article(published, imported_at, id)
    WHERE deleted_at IS NULL AND published IS NOT NULL;

-- The trash lists what was deleted: with these, a walk over what is in it, not a scan of every
-- article, highlight and note (the app lists the trash at launch).
CREATE INDEX article_in_trash ON article(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX highlight_trashed ON highlight(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX note_trashed ON note(deleted_at) WHERE deleted_at IS NOT NULL;
