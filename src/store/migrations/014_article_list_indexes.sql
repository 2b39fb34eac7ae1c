-- Zhaji library, schema version 14: the orders of the article list, as indexes of live articles.
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
