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
    Ok(n as u32)
}
