-- Zhaji library, schema version 5: a leaner search index, two columns instead of three.
-- Append-only: once landed, this file never changes.
--
-- Until now each CJK character was indexed twice with its position: alone (u) and as the first
-- of a pair (b), and words went to a third column (w). Now `t` holds, in text order, the pairs
-- and the words (one column: a token's column costs bytes in every posting), and `u` holds each
-- CJK character a text contains once (one-character queries ask only whether it is there). The
-- tokens are made by Zhaji's Rust code, already folded and separated by spaces, so FTS5's
-- `ascii` tokenizer, which only splits them, replaces `unicode61`, which classified every
-- character again. Together: an index a fifth smaller, and a rebuild a third faster.
--
-- The tables are made again empty; Zhaji fills them from the library when it next opens it
-- (the settings below are what tells it to).
DROP TABLE search;
DROP TABLE search_marks;

CREATE VIRTUAL TABLE search USING fts5(
    t, u,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);
CREATE VIRTUAL TABLE search_marks USING fts5(
    t, u,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii'
);

-- As migration 4 set it: `search` merges 8 segments of a level, not 4, as it is written. (Zhaji
-- also merges it while the library is idle, so that writes seldom find merging left to do.)
INSERT INTO search (search, rank) VALUES ('automerge', 8);
-- An import's index data is written when its transaction commits; a bulk import's batch of
-- articles makes one segment, not one each megabyte (the default). Memory is used only while
-- a transaction has that much to write.
INSERT INTO search (search, rank) VALUES ('hashsize', 33554432);

DELETE FROM setting WHERE key IN ('search.format', 'search.marks');
