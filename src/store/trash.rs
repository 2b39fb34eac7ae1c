//! The trash: what is in it, moving things in and out, and emptying it.

use crate::model::*;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};

fn table(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Article => "article",
        ItemKind::Highlight => "highlight",
        ItemKind::Note => "note",
        ItemKind::Tag => "tag",
        ItemKind::Claim => "claim",
    }
}

/// `Some(true)` if the item is in the trash, `Some(false)` if live, `None` if it does not exist.
pub(crate) fn item_deleted(conn: &Connection, item: ItemRef) -> Result<Option<bool>> {
    let sql = format!("SELECT deleted_at IS NOT NULL FROM {} WHERE id = ?1", table(item.kind));
    Ok(conn.query_row(&sql, [item.id], |r| r.get(0)).optional()?)
}

/// Moves an item into the trash (`at` the time) or out of it (`None`). A note that comes out is
/// no longer merged into another (see [`merge_note_into`](super::merge_note_into)).
pub(crate) fn set_deleted(conn: &Connection, item: ItemRef, at: Option<&str>) -> Result<()> {
    let sql = match item.kind {
        ItemKind::Note => {
            "UPDATE note SET deleted_at = ?2, merged_into = NULL WHERE id = ?1".into()
        }
        kind => format!("UPDATE {} SET deleted_at = ?2 WHERE id = ?1", table(kind)),
    };
    conn.execute(&sql, params![item.id, at])?;
    Ok(())
}

/// Everything in the trash, newest first; notes merged into another are left out.
pub(crate) fn trash(conn: &Connection) -> Result<Vec<TrashItem>> {
    let mut stmt = conn.prepare(
        "SELECT 'article', id, title, NULL, deleted_at FROM article WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'highlight', h.id, h.exact, a.title, h.deleted_at FROM highlight h
           JOIN article a ON a.id = h.article_id WHERE h.deleted_at IS NOT NULL
         UNION ALL
         SELECT 'note', n.id, n.body, a.title, n.deleted_at FROM note n
           JOIN article a ON a.id = n.article_id
          WHERE n.deleted_at IS NOT NULL AND n.merged_into IS NULL
         UNION ALL
         SELECT 'tag', id, name, NULL, deleted_at FROM tag WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'claim', id, text, NULL, deleted_at FROM claim WHERE deleted_at IS NOT NULL
         ORDER BY 5 DESC, 1, 2",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(0)?;
        let kind = match kind.as_str() {
            "article" => ItemKind::Article,
            "highlight" => ItemKind::Highlight,
            "note" => ItemKind::Note,
            "claim" => ItemKind::Claim,
            _ => ItemKind::Tag,
        };
        Ok(TrashItem {
            item: ItemRef { kind, id: r.get(1)? },
            label: r.get(2)?,
            article_title: r.get(3)?,
            deleted_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Removes for good everything in the trash (and what belongs to trashed articles and
/// highlights); returns how many trashed items were removed.
pub(crate) fn empty_trash(conn: &Connection) -> Result<u32> {
    let mut n = 0;
    for t in ["note", "highlight", "tag", "claim", "article"] {
        n += conn.execute(&format!("DELETE FROM {t} WHERE deleted_at IS NOT NULL"), [])?;
    }
    // The removed articles took their image rows with them: their bytes go unless shown elsewhere.
    super::images::purge_unused_images(conn)?;
    Ok(n as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{insert_note, merge_note_into, open_in_memory};

    #[test]
    fn a_merged_note_stays_out_of_the_list_and_comes_back_unmerged() {
        let c = open_in_memory().unwrap();
        c.execute_batch(
            "INSERT INTO article (id, title, format, content_hash, chars, imported_at, updated_at)
               VALUES (1, '算力的账本', 'text', 'h', 7, 't', 't');",
        )
        .unwrap();
        let now = "2026-01-01T00:00:00Z";
        let old = insert_note(&c, 1, None, None, "旧的", now).unwrap();
        let new = insert_note(&c, 1, None, None, "新的", now).unwrap();
        let old_ref = ItemRef { kind: ItemKind::Note, id: old };
        set_deleted(&c, old_ref, Some(now)).unwrap();
        assert_eq!(trash(&c).unwrap().len(), 1);
        merge_note_into(&c, old, new).unwrap();
        assert!(trash(&c).unwrap().is_empty(), "a merged note is not listed");
        assert_eq!(item_deleted(&c, old_ref).unwrap(), Some(true));
        set_deleted(&c, old_ref, None).unwrap();
        let into: Option<Id> =
            c.query_row("SELECT merged_into FROM note WHERE id = ?1", [old], |r| r.get(0)).unwrap();
        assert_eq!((item_deleted(&c, old_ref).unwrap(), into), (Some(false), None));
    }
}
