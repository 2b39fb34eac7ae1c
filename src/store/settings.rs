//! The `setting` table: small values by key (the colours' names, the index's state).

use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};

pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub(crate) fn delete_setting(conn: &Connection, key: &str) -> Result<()> {
    conn.execute("DELETE FROM setting WHERE key = ?1", [key])?;
    Ok(())
}

/// `bytes` random bytes from SQLite's generator (seeded from the system's), in lower-case hex.
pub(crate) fn random_hex(conn: &Connection, bytes: u32) -> Result<String> {
    Ok(conn.query_row("SELECT lower(hex(randomblob(?1)))", [bytes], |r| r.get(0))?)
}
