//! Whether the library file is sound, and consistent copies of it.
//!
//! [`check`] asks SQLite to read every page of the database (`PRAGMA quick_check`: the b-trees,
//! their order and their free lists, without comparing every index with its table). It costs a
//! read of the whole file, so the façade runs it only when it cannot tell otherwise: a
//! [`Stamp`] of the file as it was last found sound, kept in a small file beside the library,
//! says whether the file is still the one that was checked.
//!
//! [`snapshot`] writes a consistent copy of the library with `VACUUM INTO` (one read
//! transaction, never a copy of a file that another connection may be writing).

use crate::{Error, Result};
use rusqlite::config::DbConfig;
use rusqlite::Connection;
use std::path::Path;

/// What [`check`] found: nothing wrong, or the first problem SQLite named.
pub(crate) fn check(conn: &Connection) -> Result<Option<String>> {
    let first = conn.query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0));
    match first {
        Ok(s) if s == "ok" => Ok(None),
        Ok(problem) => Ok(Some(one_line(&problem))),
        Err(rusqlite::Error::SqliteFailure(e, msg))
            if matches!(
                e.code,
                rusqlite::ffi::ErrorCode::DatabaseCorrupt | rusqlite::ffi::ErrorCode::NotADatabase
            ) =>
        {
            Ok(Some(one_line(msg.as_deref().unwrap_or("the file is malformed"))))
        }
        Err(e) => Err(e.into()),
    }
}

fn one_line(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut s = s.trim().to_owned();
    if s.chars().count() > 160 {
        s = s.chars().take(160).collect::<String>() + "…";
    }
    s
}

/// Keeps this connection, when it is the last one to close, from copying the write-ahead log
/// into the database file (SQLite does that by default): a damaged file is written to by nobody.
pub(crate) fn never_checkpoint_on_close(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    Ok(())
}

/// Writes a consistent, compact copy of the library to `to`, which must not exist.
pub(crate) fn snapshot(conn: &Connection, to: &Path) -> Result<()> {
    let target = to.to_str().ok_or_else(|| {
        Error::invalid(format!("{}: a backup's path must be valid Unicode", to.display()))
    })?;
    conn.execute("VACUUM INTO ?1", [target])
        .map_err(|e| Error::from(e).context(format!("cannot write the backup {}", to.display())))?;
    Ok(())
}

/// How many articles outside the trash a library holds (for showing a backup).
pub(crate) fn live_articles(conn: &Connection) -> Result<u64> {
    let n: i64 =
        conn.query_row("SELECT count(*) FROM article WHERE deleted_at IS NULL", [], |r| r.get(0))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The schema version of a library file, read without changing it.
pub(crate) fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// The identity of a library file as it was when found sound: its device, inode, size and
/// modification time, and SQLite's file change counter (bytes 24..28 of its header). Any write
/// through SQLite or by anything else changes one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp(String);

impl Stamp {
    /// The stamp of the file at `path` now (`None` if it cannot be read).
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        use std::io::Read;
        let meta = std::fs::metadata(path).ok()?;
        let mut header = [0u8; 28];
        let counter = match std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut header)) {
            Ok(()) => u32::from_be_bytes([header[24], header[25], header[26], header[27]]),
            Err(_) => 0,
        };
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        #[cfg(unix)]
        let (dev, ino) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (dev, ino) = (0u64, 0u64);
        Some(Stamp(format!("{dev} {ino} {} {modified} {counter}", meta.len())))
    }

    /// The stamp recorded in the file `at` (`None` if there is none).
    pub(crate) fn recorded(at: &Path) -> Option<Stamp> {
        let s = std::fs::read_to_string(at).ok()?;
        Some(Stamp(s.trim().to_owned()))
    }

    /// Records this stamp in the file `at` (best effort: without it, the next process checks
    /// the whole library again).
    pub(crate) fn record(&self, at: &Path) {
        let tmp = at.with_extension("tmp");
        if std::fs::write(&tmp, format!("{}\n", self.0)).is_ok() {
            let _ = std::fs::rename(&tmp, at);
        }
    }
}
