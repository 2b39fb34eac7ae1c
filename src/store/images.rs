//! The statements about images: their bytes, stored once by content hash, and where each
//! article shows them.

use crate::model::*;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// An image's bytes to store: its SHA-256 (hex), format name, size in pixels and data.
pub(crate) struct Blob<'a> {
    pub hash: &'a str,
    pub format: &'a str,
    pub width: u32,
    pub height: u32,
    pub data: &'a [u8],
}

/// Stores an image's bytes unless the same bytes are already stored.
pub(crate) fn insert_blob(conn: &Connection, blob: &Blob) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO image_blob (hash, format, bytes, width, height, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (hash) DO NOTHING",
    )?;
    stmt.execute(params![
        blob.hash,
        blob.format,
        blob.data.len() as i64,
        blob.width,
        blob.height,
        blob.data
    ])?;
    Ok(())
}

/// Replaces the list of images article `article_id` shows (their blobs must be stored first).
pub(crate) fn replace_article_images(
    conn: &Connection,
    article_id: Id,
    images: &[ArticleImage],
) -> Result<()> {
    conn.execute("DELETE FROM article_image WHERE article_id = ?1", [article_id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO article_image (article_id, ordinal, position, hash, src, alt, caption, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for img in images {
        stmt.execute(params![
            article_id,
            img.ordinal,
            img.position,
            img.hash,
            img.src,
            img.alt,
            img.caption,
            img.error
        ])?;
    }
    Ok(())
}

/// How many images article `article_id` has.
pub(crate) fn article_image_count(conn: &Connection, article_id: Id) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT count(*) FROM article_image WHERE article_id = ?1",
        [article_id],
        |r| r.get(0),
    )?)
}

const IMAGE_COLUMNS: &str = "i.article_id, i.ordinal, i.position, i.hash, b.format, b.bytes,
    b.width, b.height, i.alt, i.caption, i.src, i.error
    FROM article_image i LEFT JOIN image_blob b ON b.hash = i.hash";

/// The reason shown for an image whose list came from another device before its bytes did.
pub(crate) const NOT_ARRIVED: &str = "the image has not arrived from the other device yet";

fn image_row(r: &rusqlite::Row) -> rusqlite::Result<(Id, ArticleImage)> {
    let format: Option<String> = r.get(4)?;
    // A hash without its bytes (a synced list whose image is still on its way) shows as a
    // placeholder until the bytes arrive.
    let (hash, error) = match (r.get::<_, Option<String>>(3)?, &format) {
        (Some(_), None) => (None, Some(NOT_ARRIVED.to_owned())),
        (hash, _) => (hash, r.get(11)?),
    };
    Ok((
        r.get(0)?,
        ArticleImage {
            ordinal: r.get(1)?,
            position: r.get(2)?,
            hash,
            format,
            bytes: r.get::<_, Option<u32>>(5)?.unwrap_or(0),
            width: r.get::<_, Option<u32>>(6)?.unwrap_or(0),
            height: r.get::<_, Option<u32>>(7)?.unwrap_or(0),
            alt: r.get(8)?,
            caption: r.get(9)?,
            src: r.get(10)?,
            error,
        },
    ))
}

/// Article `article_id`'s images, in order.
pub(crate) fn article_images(conn: &Connection, article_id: Id) -> Result<Vec<ArticleImage>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {IMAGE_COLUMNS} WHERE i.article_id = ?1 ORDER BY i.ordinal"
    ))?;
    let rows = stmt.query_map([article_id], image_row)?;
    Ok(rows.map(|r| r.map(|(_, img)| img)).collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The images of every live article, by article id then order.
pub(crate) fn all_live_article_images(conn: &Connection) -> Result<Vec<(Id, ArticleImage)>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {IMAGE_COLUMNS} JOIN article a ON a.id = i.article_id
         WHERE a.deleted_at IS NULL ORDER BY i.article_id, i.ordinal"
    ))?;
    let rows = stmt.query_map([], image_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The format name and bytes of the image whose SHA-256 is `hash`.
pub(crate) fn image_blob(conn: &Connection, hash: &str) -> Result<Option<(String, Vec<u8>)>> {
    Ok(conn
        .query_row("SELECT format, data FROM image_blob WHERE hash = ?1", [hash], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// Removes the bytes of images no article (live or in the trash) shows any more; gives how many.
pub(crate) fn purge_unused_images(conn: &Connection) -> Result<u32> {
    let n = conn.execute(
        "DELETE FROM image_blob WHERE NOT EXISTS
           (SELECT 1 FROM article_image i WHERE i.hash = image_blob.hash)",
        [],
    )?;
    Ok(n as u32)
}
