//! The stored sort keys of article titles and tag names (see `crate::collate`): making them for
//! every row, and knowing when they must be made again.

use crate::collate::{sort_key, RECIPE};
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The setting that names the recipe the stored keys were made with.
const SETTING: &str = "sort.keys";

/// True when the library has sort-key columns whose keys were not made with this build's recipe.
pub(crate) fn stale(conn: &Connection) -> Result<bool> {
    let has_column: bool = conn.query_row(
        "SELECT count(*) > 0 FROM pragma_table_info('article') WHERE name = 'sort_key'",
        [],
        |r| r.get(0),
    )?;
    if !has_column {
        return Ok(false);
    }
    let made_with: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [SETTING], |r| r.get(0))
        .optional()?;
    Ok(made_with.as_deref() != Some(RECIPE))
}

/// Makes the key of every article and tag again (trashed ones too), in the caller's transaction.
pub(crate) fn refill(conn: &Connection) -> Result<()> {
    for table in ["article", "tag"] {
        let column = if table == "article" { "title" } else { "name" };
        let rows: Vec<(i64, String)> = {
            let mut stmt = conn.prepare(&format!("SELECT id, {column} FROM {table}"))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut update =
            conn.prepare(&format!("UPDATE {table} SET sort_key = ?2 WHERE id = ?1"))?;
        for (id, text) in rows {
            update.execute(params![id, sort_key(&text)])?;
        }
    }
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![SETTING, RECIPE],
    )?;
    Ok(())
}
