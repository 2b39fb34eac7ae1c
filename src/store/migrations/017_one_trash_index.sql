-- Zhaji library, schema version 17: one index of trashed articles.
-- Append-only: once landed, this file never changes.
--
-- Migration 14 makes `article_trashed`, the index of trashed articles. A library made by a build
-- in which migration 12 had made an `article_trashed` of its own (on the id) got migration 14's
-- index under the name `article_in_trash`: the same rows twice. It goes; `article_trashed`, in
-- either form, is the one the queries name.
DROP INDEX IF EXISTS article_in_trash;
