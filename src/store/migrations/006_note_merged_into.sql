-- Zhaji library, schema version 6: a note restored into another one says so in a column.
-- Append-only: once landed, this file never changes.
--
-- An article or a highlight has one note. A note restored from the trash when a newer one is on
-- the same article or highlight has its text appended to the newer one, and stays in the trash,
-- out of its list, until the trash is emptied. Until now the word 'merged' written into its
-- `deleted_at`, a column that otherwise holds times, said so. Now `merged_into` names the note
-- that holds its text, and `deleted_at` holds a time again.
ALTER TABLE note ADD COLUMN merged_into INTEGER;

-- Those merged before: the note on the same article or highlight, live ones first, then the
-- newest, holds their text. When they were deleted is not known: their last change stands in.
UPDATE note SET
    merged_into = (SELECT t.id FROM note t
                    WHERE t.article_id = note.article_id
                      AND t.highlight_id IS note.highlight_id AND t.start IS NULL
                      AND t.id <> note.id AND t.deleted_at IS NOT 'merged'
                    ORDER BY t.deleted_at IS NOT NULL, t.id DESC LIMIT 1),
    deleted_at = updated_at
WHERE deleted_at = 'merged';
