-- Zhaji library, schema version 2: the full-text search index.
-- Append-only: once landed, this file never changes.
--
-- Contentless (the text stays in passage, highlight, note and article): each row holds tokens
-- that Zhaji's Rust code made (folded text; CJK characters as unigrams in u and overlapping
-- pairs in b; other words in w). The rowid says what a row is: kind << 56 | id, where kind is
-- 1 title (id = article), 2 passage (id = article << 20 | ordinal), 3 highlight, 4 note.
-- Rows are kept in sync by triggers that each connection installs (they call Rust functions),
-- and the whole index is rebuilt when the setting search.format differs from the build's.
CREATE VIRTUAL TABLE search USING fts5(
    u, b, w,
    content = '',
    contentless_delete = 1,
    tokenize = "unicode61 remove_diacritics 0 categories 'L* N* M* Co'"
);
