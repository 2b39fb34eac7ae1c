//! The export folder as it is before an export: which Markdown files are there, which of them
//! Zhaji wrote (the article's UUID in their front matter), and the temporary files an
//! interrupted export left behind.

use crate::{Error, Result};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// A temporary file younger than this may belong to an export running now; older ones were
/// left by an export that was killed.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

/// A Markdown file found in the export folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderFile {
    /// The file's name (not its path).
    pub name: String,
    /// The article UUID of its front matter (`zhaji_uuid`), when it has a valid one.
    pub uuid: Option<String>,
    /// The article id of its front matter (`zhaji_id`), kept to recognise files exported before
    /// UUIDs existed.
    pub legacy_id: Option<i64>,
    pub content: String,
}

/// Reads the `.md` files directly in `dir` (not in subfolders; not links, not hidden files).
/// A file that is not UTF-8 is listed with empty content and no UUID: it is not Zhaji's.
pub fn scan(dir: &Path) -> Result<Vec<FolderFile>> {
    scan_except(dir, &HashMap::new())
}

/// [`scan`], except that the files named in `known` are not read: each is listed with the
/// content and article UUID `known` gives for its name (what the caller knows it holds, or
/// need not know: see `Library::export_markdown`). A file whose size is not that content's is
/// read all the same: someone else wrote it since (another device exporting into the same
/// synced folder, or this library's later self before a backup of it was restored).
pub fn scan_except(dir: &Path, known: &HashMap<&str, (&str, &str)>) -> Result<Vec<FolderFile>> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::io(dir, "cannot list the export folder", &e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, "cannot list the export folder", &e))?;
        let Ok(name) = entry.file_name().into_string() else { continue };
        if name.starts_with('.') || !name.to_lowercase().ends_with(".md") {
            continue;
        }
        let Ok(kind) = entry.file_type() else { continue };
        if !kind.is_file() {
            continue;
        }
        let same_size = |c: &str| entry.metadata().is_ok_and(|m| m.len() == c.len() as u64);
        if let Some((uuid, content)) = known.get(name.as_str()).filter(|(_, c)| same_size(c)) {
            let (uuid, content) = (Some((*uuid).to_owned()), (*content).to_owned());
            files.push(FolderFile { name, uuid, legacy_id: None, content });
            continue;
        }
        let path = entry.path();
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "cannot read", &e))?;
        let (uuid, legacy_id, content) = match String::from_utf8(bytes) {
            Ok(text) => {
                let (uuid, id) = front_matter_ids(&text);
                (uuid, id, text)
            }
            Err(_) => (None, None, String::new()),
        };
        files.push(FolderFile { name, uuid, legacy_id, content });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// The `zhaji_uuid` and `zhaji_id` of a file's front matter (a first line `---` up to the next
/// `---`), each only when well formed.
pub fn front_matter_ids(text: &str) -> (Option<String>, Option<i64>) {
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return (None, None);
    }
    let (mut uuid, mut id) = (None, None);
    for line in lines {
        if line.trim_end() == "---" {
            break;
        }
        if let Some(v) = line.strip_prefix("zhaji_uuid:") {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'');
            if let Ok(u) = uuid::Uuid::parse_str(v) {
                uuid = Some(u.hyphenated().to_string());
            }
        } else if let Some(v) = line.strip_prefix("zhaji_id:") {
            id = v.trim().parse().ok();
        }
    }
    (uuid, id)
}

/// Removes the `.zhaji-*.tmp` files in `dir` last modified at least `older_than` ago: an export
/// that was killed between writing one and renaming it left it there. Returns how many went.
pub fn remove_stale_temp_files(dir: &Path, older_than: Duration) -> Result<u32> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| Error::io(dir, "cannot list the export folder", &e))?;
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else { continue };
        if !(name.starts_with(".zhaji-") && name.ends_with(".tmp")) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let age = meta.modified().ok().and_then(|m| now.duration_since(m).ok());
        if age.is_some_and(|a| a >= older_than) {
            let path = entry.path();
            std::fs::remove_file(&path)
                .map_err(|e| Error::io(&path, "cannot remove a stale temporary file", &e))?;
            removed += 1;
        }
    }
    Ok(removed)
}
