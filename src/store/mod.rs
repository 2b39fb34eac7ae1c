//! The store: every line of SQL in Zhaji lives under this module.
//!
//! Opening a library sets the connection's PRAGMAs (WAL, foreign keys, a busy timeout) and brings
//! the schema up to date with the append-only migrations in `migrations/`, in one transaction
//! keyed on `PRAGMA user_version`.

mod queries;

pub(crate) use queries::*;

use crate::{Error, ErrorKind, Result};
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// The migrations, in order. Migration `i` (from 0) takes the schema from version `i` to `i + 1`.
/// Append-only: never edit or remove one that has landed.
pub(crate) const MIGRATIONS: &[&str] = &[include_str!("migrations/001_initial.sql")];

/// The schema version this build writes.
pub(crate) const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Opens (creating if need be) the library database at `path` and migrates it.
pub(crate) fn open(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(dir, "cannot create the library folder", &e))?;
        }
    }
    let conn = Connection::open(path).map_err(|e| {
        Error::from(e).context(format!("cannot open the library {}", path.display()))
    })?;
    configure(&conn).map_err(|e| e.context(format!("library {}", path.display())))?;
    migrate(&conn).map_err(|e| e.context(format!("library {}", path.display())))?;
    Ok(conn)
}

/// Opens a private in-memory library (for tests and benchmarks).
pub(crate) fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // journal_mode answers with a row; a read-only or in-memory database may refuse WAL, which
    // is not an error worth failing on.
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = NORMAL;
         PRAGMA temp_store = MEMORY;",
    )?;
    // Fail early, with a clear message, on a file that is not a database.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(())
}

/// Brings the schema up to [`SCHEMA_VERSION`], in one transaction.
pub(crate) fn migrate(conn: &Connection) -> Result<()> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Brings the schema up to `target` (for tests that build an older library).
pub(crate) fn migrate_to(conn: &Connection, target: i64) -> Result<()> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(Error::new(
            ErrorKind::Database,
            format!(
                "the library was written by a newer Zhaji (schema {version}; this one knows up to {SCHEMA_VERSION}): update Zhaji"
            ),
        ));
    }
    if version >= target {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| -> Result<()> {
        for (i, sql) in MIGRATIONS
            .iter()
            .enumerate()
            .take(target as usize)
            .skip(version as usize)
        {
            conn.execute_batch(sql)
                .map_err(|e| Error::from(e).context(format!("migration {}", i + 1)))?;
        }
        conn.execute_batch(&format!("PRAGMA user_version = {target}"))?;
        Ok(())
    })();
    match result {
        Ok(()) => {
            conn.execute_batch("COMMIT")?;
            Ok(())
        }
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}
