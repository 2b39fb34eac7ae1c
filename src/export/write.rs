//! Writing export files without ever leaving a half-written one.

use crate::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `content` to `path` atomically, and only when it changes the file.
///
/// Returns `Ok(false)`, touching nothing (not even the modification time, so that sync tools
/// and Obsidian see no change), when the file already holds exactly `content`; `Ok(true)` after
/// writing it.
///
/// The content goes to a temporary file in the same folder (`.zhaji-*.tmp`, hidden, so a vault
/// never shows it), then is renamed over `path`: a reader (Obsidian, a sync tool) or a full disk
/// sees either the old file or the new one, never a truncated mix. The file is deliberately not
/// forced to disk with fsync: an export is a copy of what the library holds and can be written
/// again, and an fsync per file made exporting 10,000 articles take 40 s instead of about one. The temporary file is removed
/// when anything fails. An existing file's permissions are kept; a new file gets the usual
/// permissions of a new file (read-write for the owner, readable by others as the umask allows).
///
/// Errors are [`crate::ErrorKind::Io`] and name `path` (a missing folder, a read-only folder, a
/// full disk).
pub fn write_atomically(path: &Path, content: &str) -> Result<bool> {
    write_bytes_atomically(path, content.as_bytes())
}

/// [`write_atomically`] for bytes (an image in the attachments folder).
pub fn write_bytes_atomically(path: &Path, content: &[u8]) -> Result<bool> {
    let existing = std::fs::metadata(path).ok();
    if existing.as_ref().is_some_and(|m| m.is_file() && m.len() == content.len() as u64) {
        if let Ok(bytes) = std::fs::read(path) {
            if bytes == content {
                return Ok(false);
            }
        }
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".zhaji-").suffix(".tmp");
    if let Some(m) = existing.as_ref().filter(|m| m.is_file()) {
        builder.permissions(m.permissions());
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
    }
    let fail = |e: &std::io::Error| Error::io(path, "cannot write", e);
    let mut tmp = builder.tempfile_in(folder).map_err(|e| fail(&e))?;
    tmp.write_all(content).map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(true)
}

/// What [`write_checked`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    Written,
    /// The file already held the content.
    Unchanged,
    /// The file was not what the caller last read (the reader saved it, or created it, in the
    /// meantime): it was left alone.
    ChangedMeanwhile,
}

/// Writes `content` to `path` atomically, but only if the file still is what the caller read:
/// `expected` its content, or `None` for no file at all. A file created since is never
/// overwritten (the rename refuses to replace one), and a file changed since is left alone; so
/// a save the reader made while the export ran is never lost. Errors as [`write_atomically`].
pub fn write_checked(path: &Path, expected: Option<&str>, content: &str) -> Result<Checked> {
    match expected {
        Some(expected) => {
            if expected == content {
                return Ok(Checked::Unchanged);
            }
            match std::fs::read(path) {
                Ok(bytes) if bytes == expected.as_bytes() => {}
                Ok(_) => return Ok(Checked::ChangedMeanwhile),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return Ok(Checked::ChangedMeanwhile)
                }
                Err(e) => return Err(Error::io(path, "cannot read", &e)),
            }
            write_atomically(path, content)?;
            Ok(Checked::Written)
        }
        None => {
            let folder = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            let mut builder = tempfile::Builder::new();
            builder.prefix(".zhaji-").suffix(".tmp");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(std::fs::Permissions::from_mode(0o666));
            }
            let fail = |e: &std::io::Error| Error::io(path, "cannot write", e);
            let mut tmp = builder.tempfile_in(folder).map_err(|e| fail(&e))?;
            tmp.write_all(content.as_bytes()).map_err(|e| fail(&e))?;
            match tmp.persist_noclobber(path) {
                Ok(_) => Ok(Checked::Written),
                Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                    Ok(Checked::ChangedMeanwhile)
                }
                Err(e) => Err(fail(&e.error)),
            }
        }
    }
}

/// Removes `path` if it still holds `expected` (a file moved to its new name); leaves it when
/// the reader changed it since. Returns whether it was removed.
pub fn remove_if_unchanged(path: &Path, expected: &str) -> Result<bool> {
    match std::fs::read(path) {
        Ok(bytes) if bytes == expected.as_bytes() => {
            std::fs::remove_file(path).map_err(|e| Error::io(path, "cannot remove", &e))?;
            Ok(true)
        }
        Ok(_) => Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(Error::io(path, "cannot read", &e)),
    }
}
