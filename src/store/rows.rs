//! Decoding shared by the areas of the store: the values a row holds in more than one table.

use crate::model::*;
use rusqlite::Row;

/// A highlight or passage-note anchor as stored, for re-anchoring.
pub(crate) struct StoredAnchor {
    pub id: Id,
    pub anchor: Anchor,
}

/// The names a `group_concat(name, char(31))` joined, in order.
pub(super) fn split_names(joined: Option<String>) -> Vec<String> {
    match joined {
        Some(s) if !s.is_empty() => s.split('\u{1f}').map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

pub(super) fn stored_anchor_from_row(r: &Row) -> rusqlite::Result<StoredAnchor> {
    let orphaned: bool = r.get(6)?;
    Ok(StoredAnchor {
        id: r.get(0)?,
        anchor: Anchor {
            start: r.get(1)?,
            end: r.get(2)?,
            exact: r.get(3)?,
            prefix: r.get(4)?,
            suffix: r.get(5)?,
            status: if orphaned { AnchorStatus::Orphaned } else { AnchorStatus::Anchored },
        },
    })
}
