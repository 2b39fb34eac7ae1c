//! Finding the files of a folder import: recursive, in a stable (sorted) order, importable
//! extensions only, hidden files and folders skipped (`.git`, `.DS_Store` are never articles).
//!
//! Only regular files are imported. Symbolic links to folders are not followed, so a link loop
//! cannot make the walk endless; a link to a file is followed only when the file is inside the
//! folder, so that importing `~/notes` never turns `/etc/hostname` into an article. What is left
//! out for either reason, and every entry that cannot be read, is listed, never dropped silently.

use crate::model::FolderFailure;
use crate::{Error, Result};
use std::fs::FileType;
use std::path::{Path, PathBuf};

/// Extensions a folder import picks up. PDF is included so that the summary says it is not
/// supported rather than silently leaving it out.
pub const FOLDER_EXTENSIONS: &[&str] =
    &["txt", "text", "md", "markdown", "mdx", "html", "htm", "xhtml", "shtml", "epub", "pdf"];

/// What a walk through a folder found. Each `FolderFailure` has the entry's path and a reason
/// that does not repeat it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FolderListing {
    /// The files to import, sorted by path.
    pub files: Vec<PathBuf>,
    /// Entries left out on purpose: links that lead outside the folder, and named pipes, sockets
    /// or devices with an importable extension. Sorted by path.
    pub skipped: Vec<FolderFailure>,
    /// Files and folders that could not be read (a subfolder without permission, a broken
    /// link). Sorted by path.
    pub unreadable: Vec<FolderFailure>,
}

/// The importable files under `dir`, sorted by path (see [`folder_listing`] for what is left out
/// and why).
pub fn folder_files(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(folder_listing(dir)?.files)
}

/// Walks `dir`: the files to import, and what was skipped or could not be read. Fails only when
/// `dir` itself is not a readable folder.
pub fn folder_listing(dir: &Path) -> Result<FolderListing> {
    let meta = std::fs::metadata(dir).map_err(|e| Error::io(dir, "cannot read", &e))?;
    if !meta.is_dir() {
        return Err(Error::invalid(format!("{}: is not a folder", dir.display())));
    }
    let root = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, "cannot read", &e))?;
    let mut out = FolderListing::default();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) if d == dir => return Err(Error::io(dir, "cannot read", &e)),
            Err(e) => {
                out.unreadable
                    .push(problem(&d, format!("cannot read this folder: {}", reason(&e))));
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    out.unreadable
                        .push(problem(&d, format!("cannot list this folder: {}", reason(&e))));
                    break;
                }
            };
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(ft) if ft.is_dir() => stack.push(path),
                Ok(ft) if ft.is_file() => {
                    if importable(&path) {
                        out.files.push(path);
                    }
                }
                Ok(ft) if ft.is_symlink() => follow_link(&root, path, &mut out),
                Ok(ft) => {
                    if importable(&path) {
                        let why = format!("{}, not a regular file", special_kind(&ft));
                        out.skipped.push(problem(&path, why));
                    }
                }
                Err(e) => {
                    out.unreadable.push(problem(&path, format!("cannot read: {}", reason(&e))))
                }
            }
        }
    }
    out.files.sort();
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    out.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// A symbolic link met in the walk: a file inside the folder is imported; a link that leads
/// outside is skipped and said so; a link to a folder inside is not followed (what it holds is
/// reached by its own path); a broken link to an importable name cannot be read.
fn follow_link(root: &Path, path: PathBuf, out: &mut FolderListing) {
    let target = match std::fs::canonicalize(&path) {
        Ok(t) => t,
        Err(e) => {
            if importable(&path) {
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => "a link to nothing that exists".to_owned(),
                    _ => format!("cannot follow the link: {}", reason(&e)),
                };
                out.unreadable.push(problem(&path, why));
            }
            return;
        }
    };
    let is_dir = target.is_dir();
    if !target.starts_with(root) {
        if is_dir || importable(&path) {
            let why = format!(
                "a link to {}, outside the folder: not followed",
                target.display().to_string().escape_debug()
            );
            out.skipped.push(problem(&path, why));
        }
    } else if target.is_file() && importable(&path) {
        out.files.push(path);
    }
}

/// True if and only if the name's extension is one a folder import picks up.
fn importable(path: &Path) -> bool {
    let ext =
        path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    FOLDER_EXTENSIONS.contains(&ext.as_str())
}

/// An I/O error in a few words (the path is said before it).
fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        std::io::ErrorKind::NotFound => "it no longer exists".to_owned(),
        _ => e.to_string(),
    }
}

fn problem(path: &Path, reason: String) -> FolderFailure {
    FolderFailure { path: path.display().to_string(), reason }
}

/// What a file that is neither a regular file, a folder nor a link is, in a few words.
pub(crate) fn special_kind(ft: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    let _ = ft;
    "a special file"
}
