//! What each export last wrote into each file of a folder: the bases of the three-way merge.

use crate::Result;
use rusqlite::{params, Connection};

/// The bases of the exports into `folder`, as (article UUID, file name, content).
pub(crate) fn export_bases(
    conn: &Connection,
    folder: &str,
) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT article_uuid, file_name, content FROM export_base WHERE folder = ?1",
    )?;
    let rows = stmt.query_map([folder], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Records what was written for an article into `folder`.
pub(crate) fn set_export_base(
    conn: &Connection,
    folder: &str,
    article_uuid: &str,
    file_name: &str,
    content: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO export_base (folder, article_uuid, file_name, content) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (folder, article_uuid) DO UPDATE SET file_name = ?3, content = ?4",
    )?
    .execute(params![folder, article_uuid, file_name, content])?;
    Ok(())
}

/// The article with this UUID, live or in the trash, as its id.
/// A UUID another device gave the same article (sync) finds it too.
pub(crate) fn article_by_uuid(conn: &Connection, uuid: &str) -> Result<Option<i64>> {
    super::sync::article_by_any_uuid(conn, uuid)
}

/// The highlight with this UUID, as its id.
pub(crate) fn highlight_by_uuid(conn: &Connection, uuid: &str) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT id FROM highlight WHERE uuid = ?1")?
        .query_row([uuid], |r| r.get(0))
        .optional()?)
}

/// The note with this UUID, as its id.
pub(crate) fn note_by_uuid(conn: &Connection, uuid: &str) -> Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .prepare_cached("SELECT id FROM note WHERE uuid = ?1")?
        .query_row([uuid], |r| r.get(0))
        .optional()?)
}

/// A number that changes whenever another connection commits to the library (SQLite's
/// `data_version`): what a watcher polls to learn that something changed.
pub(crate) fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
}
