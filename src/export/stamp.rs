//! The stamp in an exported file's front matter, and the merge bases kept inside the folder.
//!
//! Several writers can export into one folder: two devices whose libraries sync, exporting into
//! one synced vault, or a library restored from a backup exporting where its later self did.
//! The merge base one library keeps (`export_base`) knows only what *it* wrote, so the file
//! another writer left would look like the reader's edit of it. Two things make every writer's
//! files recognisable by any other:
//! - **The stamp.** Each file states, as the last line of its front matter,
//!   `zhaji_hash: "<SHA-256>"`: the hash of the file exactly as Zhaji wrote it, without that line.
//!   A file that still hashes to its stamp is unedited, whoever wrote it, and is replaced by a new
//!   rendering like one's own. A file that does not was edited by the reader.
//! - **The bases in the folder.** Before a file is written, the rendering it states is written
//!   to `.zhaji/bases/<hash>` (content-addressed, so two writers never write different bytes
//!   under one name, and a syncing tool never sees a conflict there; Obsidian and other vault
//!   tools skip dot folders). An edited file's stamp names its base, so the three-way merge has
//!   the right base whatever library wrote it.
//!
//! A base is read only when it hashes to its name, so a damaged or forged one is ignored (the
//! merge then keeps both sides' lines, as for any unknown base).

use crate::export::write_atomically;
use crate::text::content_hash;
use crate::{Error, Result};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// The front-matter key of the stamp.
pub const KEY: &str = "zhaji_hash";

/// The folder, inside the export folder, that holds the merge bases.
pub const BASES: &str = ".zhaji/bases";

/// A base no file names any more is removed once it is this old: a file naming it may still be
/// on its way from another device.
pub const UNUSED_BASE_AGE: Duration = Duration::from_secs(14 * 24 * 3600);

/// The byte range of the front matter's inner lines (after the opening `---` line, up to the
/// start of the closing one), when `text` starts with front matter.
fn front_matter(text: &str) -> Option<(usize, usize)> {
    if !text.starts_with("---\n") {
        return None;
    }
    let start = "---\n".len();
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((start, at));
        }
        at += line.len();
    }
    None
}

/// The byte range of the last stamp line of the front matter, line break included.
fn stamp_line(text: &str) -> Option<(usize, usize)> {
    let (start, end) = front_matter(text)?;
    let mut at = start;
    let mut found = None;
    for line in text[start..end].split_inclusive('\n') {
        if line.strip_prefix(KEY).is_some_and(|rest| rest.starts_with(':')) {
            found = Some((at, at + line.len()));
        }
        at += line.len();
    }
    found
}

/// `text` with its stamp: a last front-matter line holding the hash of `text`. A text with no
/// front matter (a reader's template without one) is returned as it is: nothing in it could
/// name its article either.
pub fn stamp(text: &str) -> String {
    let Some((_, end)) = front_matter(text) else { return text.to_owned() };
    let line = format!("{KEY}: \"{}\"\n", content_hash(text));
    let mut out = String::with_capacity(text.len() + line.len());
    out.push_str(&text[..end]);
    out.push_str(&line);
    out.push_str(&text[end..]);
    out
}

/// The hash a file's stamp states, when it has a well-formed one.
pub fn stated(text: &str) -> Option<&str> {
    let (s, e) = stamp_line(text)?;
    let value = text[s..e][KEY.len() + 1..].trim().trim_matches(|c| c == '"' || c == '\'');
    is_hash(value).then_some(value)
}

/// True if and only if `text` carries a stamp and is exactly what was stamped: a file as Zhaji
/// wrote it, by whichever library.
pub fn is_unedited(text: &str) -> bool {
    let (Some(hash), Some((s, e))) = (stated(text), stamp_line(text)) else { return false };
    let mut bare = String::with_capacity(text.len());
    bare.push_str(&text[..s]);
    bare.push_str(&text[e..]);
    content_hash(&bare) == hash
}

fn is_hash(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn base_path(dir: &Path, hash: &str) -> PathBuf {
    dir.join(BASES).join(hash)
}

/// The base the folder `dir` holds for `hash`: a stamped rendering that is unedited and states
/// that hash. `None` when there is none or it does not check.
pub fn read_base(dir: &Path, hash: &str) -> Option<String> {
    if !is_hash(hash) {
        return None;
    }
    let text = std::fs::read_to_string(base_path(dir, hash)).ok()?;
    (stated(&text) == Some(hash) && is_unedited(&text)).then_some(text)
}

/// Keeps `rendering` (a stamped text) in the folder as the base its stamp names, atomically;
/// nothing to do when it is there already (its name is its content). A text with no stamp has
/// no base to keep.
pub fn write_base(dir: &Path, rendering: &str) -> Result<()> {
    let Some(hash) = stated(rendering) else { return Ok(()) };
    let path = base_path(dir, hash);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() == rendering.len() as u64) {
        return Ok(());
    }
    let folder = dir.join(BASES);
    std::fs::create_dir_all(&folder)
        .map_err(|e| Error::io(&folder, "cannot create the folder of merge bases", &e))?;
    write_atomically(&path, rendering).map(|_| ())
}

/// Removes the bases in `dir` that no file names (`in_use`: the hashes the folder's files
/// state) and that were last written at least `older_than` ago. Returns how many went.
pub fn remove_unused_bases(
    dir: &Path,
    in_use: &HashSet<&str>,
    older_than: Duration,
) -> Result<u32> {
    let folder = dir.join(BASES);
    let Ok(entries) = std::fs::read_dir(&folder) else { return Ok(0) };
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else { continue };
        if !is_hash(&name) || in_use.contains(name.as_str()) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let age = meta.modified().ok().and_then(|m| now.duration_since(m).ok());
        if meta.is_file() && age.is_some_and(|a| a >= older_than) {
            let path = entry.path();
            std::fs::remove_file(&path)
                .map_err(|e| Error::io(&path, "cannot remove an unused merge base", &e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\ntitle: \"算力\"\nzhaji_uuid: \"x\"\n---\n\n# 算力\n\n> 一个钱字\n";

    #[test]
    fn a_stamped_text_is_unedited_until_a_byte_changes() {
        let s = stamp(TEXT);
        assert!(s.starts_with("---\ntitle: \"算力\"\nzhaji_uuid: \"x\"\nzhaji_hash: \""), "{s}");
        assert_eq!(stated(&s), Some(content_hash(TEXT).as_str()));
        assert!(is_unedited(&s));
        assert!(!is_unedited(&s.replace("一个钱字", "一个钱")));
        assert!(!is_unedited(&format!("{s}\n我的想法。\n")));
        assert!(!is_unedited(TEXT), "no stamp: not known to be Zhaji's");
    }

    #[test]
    fn text_without_front_matter_is_not_stamped() {
        assert_eq!(stamp("# 标题\n\n正文\n"), "# 标题\n\n正文\n");
        assert_eq!(stamp("---\nnot closed\n"), "---\nnot closed\n");
        assert_eq!(stated("# x\nzhaji_hash: \"00\"\n"), None);
    }

    /// A stamp the template wrote itself comes before Zhaji's, which is the one read.
    #[test]
    fn the_last_stamp_line_is_the_one_read() {
        let text =
            TEXT.replace("zhaji_uuid", &format!("{KEY}: \"{}\"\nzhaji_uuid", "0".repeat(64)));
        let s = stamp(&text);
        assert!(is_unedited(&s));
        assert_eq!(stated(&s), Some(content_hash(&text).as_str()));
    }

    #[test]
    fn bases_are_read_back_only_when_they_check() {
        let dir = tempfile::tempdir().unwrap();
        let s = stamp(TEXT);
        let hash = stated(&s).unwrap().to_owned();
        assert_eq!(read_base(dir.path(), &hash), None);
        write_base(dir.path(), &s).unwrap();
        assert_eq!(read_base(dir.path(), &hash).as_deref(), Some(s.as_str()));
        std::fs::write(base_path(dir.path(), &hash), s.replace("钱", "钞")).unwrap();
        assert_eq!(read_base(dir.path(), &hash), None, "a damaged base is ignored");
        assert_eq!(read_base(dir.path(), "../../etc/passwd"), None);
        let in_use = HashSet::new();
        assert_eq!(remove_unused_bases(dir.path(), &in_use, Duration::from_secs(3600)).unwrap(), 0);
        let used: HashSet<&str> = [hash.as_str()].into();
        assert_eq!(remove_unused_bases(dir.path(), &used, Duration::ZERO).unwrap(), 0);
        assert_eq!(remove_unused_bases(dir.path(), &in_use, Duration::ZERO).unwrap(), 1);
    }
}
