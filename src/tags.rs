//! Tag names: how a name the user typed becomes the one stored, and what a tag is called after
//! its parent is renamed.
//!
//! A tag name is a path: `topic/算力` is a child of `topic`. Renaming `topic` to `议题` renames
//! the whole subtree (`议题/算力`). Pure functions; the rename itself, which merges into tags
//! that already have the new names, is written once in the façade (`library/tags.rs`).

use crate::text;
use crate::{Error, Result};

/// The longest tag name, in characters.
const MAX_TAG_CHARS: usize = 200;

/// Normalises a tag name: NFC, no `#` in front, segments trimmed and separated by `/`, inner
/// white space collapsed. Refuses an empty name and one over [`MAX_TAG_CHARS`] characters.
pub fn normalize_tag(name: &str) -> Result<String> {
    let n = text::normalize(name.trim());
    let n = n.trim_start_matches('#');
    let segments: Vec<String> = n
        .split('/')
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    if segments.is_empty() {
        return Err(Error::invalid(format!("not a tag name: {name:?}")));
    }
    let joined = segments.join("/");
    if text::char_len(&joined) > MAX_TAG_CHARS {
        return Err(Error::invalid("a tag name is limited to 200 characters"));
    }
    Ok(joined)
}

/// True if and only if `name` is a descendant of `parent` (not `parent` itself). Both are
/// normalised names.
pub fn is_inside(name: &str, parent: &str) -> bool {
    name.strip_prefix(parent).is_some_and(|rest| rest.starts_with('/'))
}

/// The name tag `name` takes when tag `from` is renamed `to`: `to` itself, or `to` followed by
/// the rest of the path for a descendant. `None` when `name` is neither `from` nor inside it.
pub fn renamed(name: &str, from: &str, to: &str) -> Option<String> {
    let rest = name.strip_prefix(from)?;
    (rest.is_empty() || rest.starts_with('/')).then(|| format!("{to}{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        assert_eq!(normalize_tag(" #topic / 算力 ").unwrap(), "topic/算力");
        assert_eq!(normalize_tag("stance//规模  派/").unwrap(), "stance/规模 派");
        // NFC: a decomposed é is stored composed.
        assert_eq!(normalize_tag("cafe\u{301}").unwrap(), "caf\u{e9}");
        assert_eq!(normalize_tag("话题/　芯片").unwrap(), "话题/芯片");
    }

    #[test]
    fn empty_and_overlong_names_are_refused() {
        for bad in ["", "  ", "#", "/ /", "#/"] {
            assert_eq!(normalize_tag(bad).unwrap_err().kind(), crate::ErrorKind::InvalidInput);
        }
        assert!(normalize_tag(&"算".repeat(200)).is_ok());
        assert!(normalize_tag(&"算".repeat(201)).is_err());
    }

    #[test]
    fn inside_means_a_strict_descendant() {
        assert!(is_inside("topic/算力", "topic"));
        assert!(is_inside("topic/算力/芯片", "topic/算力"));
        assert!(!is_inside("topic", "topic"));
        assert!(!is_inside("topics/算力", "topic"));
        assert!(!is_inside("算力场景", "算力"));
    }

    #[test]
    fn a_rename_carries_the_subtree() {
        assert_eq!(renamed("topic", "topic", "议题").as_deref(), Some("议题"));
        assert_eq!(renamed("topic/算力/芯片", "topic", "议题").as_deref(), Some("议题/算力/芯片"));
        assert_eq!(renamed("topics/算力", "topic", "议题"), None);
        assert_eq!(renamed("算力场景", "算力", "compute"), None);
    }
}
