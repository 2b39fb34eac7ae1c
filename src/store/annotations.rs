//! The statements about imported annotations: highlights made in another tool written with the
//! times the tool recorded, and the list of those that matched no article (`unmatched_import`).

use super::rows::split_names;
use crate::annotations::UnmatchedImport;
use crate::model::*;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

const COLUMNS: &str = "id, format, quote, note, tags, color, created, modified, location, title,
                       author, url, imported_at";

fn from_row(r: &Row) -> rusqlite::Result<UnmatchedImport> {
    Ok(UnmatchedImport {
        id: r.get(0)?,
        format: r.get(1)?,
        quote: r.get(2)?,
        note: r.get(3)?,
        tags: split_names(r.get(4)?),
        color: r.get(5)?,
        created: r.get(6)?,
        modified: r.get(7)?,
        location: r.get(8)?,
        title: r.get(9)?,
        author: r.get(10)?,
        url: r.get(11)?,
        imported_at: r.get(12)?,
    })
}

/// Keeps an entry that matched nothing; `u.id` is ignored. Gives its id.
pub(crate) fn insert_unmatched(conn: &Connection, u: &UnmatchedImport) -> Result<Id> {
    conn.prepare_cached(
        "INSERT INTO unmatched_import (format, quote, note, tags, color, created, modified,
                                       location, title, author, url, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        u.format,
        u.quote,
        u.note,
        u.tags.join("\u{1f}"),
        u.color,
        u.created,
        u.modified,
        u.location,
        u.title,
        u.author,
        u.url,
        u.imported_at
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The id of a kept entry with the same quote, title and location, if any (an import of the
/// same file again keeps nothing twice).
pub(crate) fn unmatched_like(
    conn: &Connection,
    quote: &str,
    title: Option<&str>,
    location: Option<&str>,
    note: Option<&str>,
) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM unmatched_import WHERE quote = ?1 AND title IS ?2 AND location IS ?3
               AND note IS ?4 LIMIT 1",
        )?
        .query_row(params![quote, title, location, note], |r| r.get(0))
        .optional()?)
}

/// Every kept entry, oldest first.
pub(crate) fn unmatched_imports(conn: &Connection) -> Result<Vec<UnmatchedImport>> {
    let sql = format!("SELECT {COLUMNS} FROM unmatched_import ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn unmatched_import(conn: &Connection, id: Id) -> Result<Option<UnmatchedImport>> {
    let sql = format!("SELECT {COLUMNS} FROM unmatched_import WHERE id = ?1");
    Ok(conn.prepare_cached(&sql)?.query_row([id], from_row).optional()?)
}

pub(crate) fn delete_unmatched(conn: &Connection, id: Id) -> Result<()> {
    conn.execute("DELETE FROM unmatched_import WHERE id = ?1", [id])?;
    Ok(())
}

/// Writes a highlight brought from another tool, with the times it recorded.
pub(crate) fn insert_imported_highlight(
    conn: &Connection,
    article_id: Id,
    anchor: &Anchor,
    color: Color,
    created: &str,
    updated: &str,
) -> Result<Id> {
    conn.prepare_cached(
        "INSERT INTO highlight (article_id, start, end, exact, prefix, suffix, orphaned, color,
                                created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8, ?9)",
    )?
    .execute(params![
        article_id,
        anchor.start,
        anchor.end,
        anchor.exact,
        anchor.prefix,
        anchor.suffix,
        color.as_str(),
        created,
        updated
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The ranges of an article's live anchored highlights, as `(start, end, highlight id)`: what an
/// import compares its entries with to find duplicates.
pub(crate) fn highlight_ranges(conn: &Connection, article_id: Id) -> Result<Vec<(u32, u32, Id)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT start, end, id FROM highlight
         WHERE article_id = ?1 AND deleted_at IS NULL AND orphaned = 0",
    )?;
    let rows = stmt.query_map([article_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A live passage note of `article_id` on the same words (`anchor`'s range) with this body: an
/// imported margin note that is already there.
pub(crate) fn passage_note_like(
    conn: &Connection,
    article_id: Id,
    anchor: &Anchor,
    body: &str,
) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM note WHERE article_id = ?1 AND highlight_id IS NULL
               AND deleted_at IS NULL AND orphaned = 0 AND start = ?2 AND end = ?3 AND body = ?4",
        )?
        .query_row(params![article_id, anchor.start, anchor.end, body], |r| r.get(0))
        .optional()?)
}
