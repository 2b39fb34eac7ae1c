//! The statements of images in sync: an article's image list as stored (placeholders waiting
//! for their bytes included), the images whose bytes this device has put in the folder, and
//! those an article names but whose bytes have not arrived.

use crate::model::{ArticleImage, Id};
use crate::Result;
use rusqlite::{params, Connection};

/// Article `article_id`'s images as its rows hold them, in order (whether or not their bytes
/// are here; `format` and the sizes are left empty).
pub(crate) fn stored_images(conn: &Connection, article_id: Id) -> Result<Vec<ArticleImage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ordinal, position, hash, src, alt, caption, error FROM article_image
         WHERE article_id = ?1 ORDER BY ordinal",
    )?;
    let rows = stmt.query_map([article_id], |r| {
        Ok(ArticleImage {
            ordinal: r.get(0)?,
            position: r.get(1)?,
            hash: r.get(2)?,
            format: None,
            bytes: 0,
            width: 0,
            height: 0,
            src: r.get(3)?,
            alt: r.get(4)?,
            caption: r.get(5)?,
            error: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The images stored here that device `device` has not put in the folder yet.
pub(crate) fn unsent_images(conn: &Connection, device: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT b.hash FROM image_blob b WHERE NOT EXISTS
           (SELECT 1 FROM sync_image s WHERE s.device = ?1 AND s.hash = b.hash)
         ORDER BY b.hash",
    )?;
    let rows = stmt.query_map([device], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records that image `hash` is in the folder for device `device` (written or taken in).
pub(crate) fn mark_image_sent(conn: &Connection, device: &str, hash: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO sync_image (device, hash) VALUES (?1, ?2)")?
        .execute(params![device, hash])?;
    Ok(())
}

/// The images some article names whose bytes are not here.
pub(crate) fn missing_images(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT i.hash FROM article_image i WHERE i.hash IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM image_blob b WHERE b.hash = i.hash)
         ORDER BY i.hash",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
