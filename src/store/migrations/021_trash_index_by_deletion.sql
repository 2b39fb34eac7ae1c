-- Zhaji library, schema version 21: one index of trashed articles, on their deletion time.
-- Append-only: once landed, this file never changes.
--
-- Migration 12 makes `article_trashed` on the article's id and migration 14 `article_in_trash`
-- on the deletion time (migration 17 drops the latter again), while libraries made by builds in
-- between hold `article_trashed` on the deletion time instead. Whatever a library holds, it
-- ends with the one index the queries name, in one form: `article_trashed` on `deleted_at`, the
-- trashed articles in the order the trash lists them (their ids come with every entry).
DROP INDEX IF EXISTS article_in_trash;
DROP INDEX IF EXISTS article_trashed;
CREATE INDEX article_trashed ON article(deleted_at) WHERE deleted_at IS NOT NULL;
