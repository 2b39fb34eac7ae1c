//! Finding the files of a folder import: recursive, in a stable (sorted) order, importable
//! extensions only, hidden files and folders skipped (`.git`, `.DS_Store` are never articles),
//! and symbolic links to folders not followed, so a link loop cannot make the walk endless.

use crate::{Error, Result};
use std::path::{Path, PathBuf};

/// Extensions a folder import picks up. PDF is included so that the summary says it is not
/// supported rather than silently leaving it out.
pub const FOLDER_EXTENSIONS: &[&str] =
    &["txt", "text", "md", "markdown", "mdx", "html", "htm", "xhtml", "shtml", "epub", "pdf"];

/// The importable files under `dir`, sorted by path.
pub fn folder_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, "cannot read", &e))?;
    if !meta.is_dir() {
        return Err(Error::invalid(format!("{}: is not a folder", dir.display())));
    }
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            // The top folder must be readable; an unreadable subfolder is skipped.
            Err(e) if d == dir => return Err(Error::io(dir, "cannot read", &e)),
            Err(_) => continue,
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(ft) = entry.file_type() else { continue };
            let path = entry.path();
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() || ft.is_symlink() && path.is_file() {
                let ext = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .unwrap_or_default();
                if FOLDER_EXTENSIONS.contains(&ext.as_str()) {
                    out.push(path);
                }
            }
        }
    }
    out.sort();
    Ok(out)
}
