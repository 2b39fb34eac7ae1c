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

/// Decodes an anchor from the six columns from `first` on: `start, end, exact, prefix, suffix,
/// orphaned`, in that order wherever an anchor is read (`highlight` and `note` store it alike).
/// `None` when `start` is NULL: a note on an article or on a highlight has no anchor of its own.
/// A NULL `end` or text column of a passage note reads as an empty stretch or text.
pub(super) fn anchor_at(r: &Row, first: usize) -> rusqlite::Result<Option<Anchor>> {
    let Some(start) = r.get::<_, Option<u32>>(first)? else { return Ok(None) };
    let text = |i: usize| r.get::<_, Option<String>>(first + i).map(Option::unwrap_or_default);
    let orphaned: bool = r.get(first + 5)?;
    Ok(Some(Anchor {
        start,
        end: r.get::<_, Option<u32>>(first + 1)?.unwrap_or(start),
        exact: text(2)?,
        prefix: text(3)?,
        suffix: text(4)?,
        status: if orphaned { AnchorStatus::Orphaned } else { AnchorStatus::Anchored },
    }))
}

/// [`anchor_at`] for a row that always has one (a highlight, or a note selected by its `start`).
pub(super) fn required_anchor_at(r: &Row, first: usize) -> rusqlite::Result<Anchor> {
    anchor_at(r, first)?.ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(first, "start".to_owned(), rusqlite::types::Type::Null)
    })
}

/// A row of `id` and the anchor columns, as [`StoredAnchor`].
pub(super) fn stored_anchor_from_row(r: &Row) -> rusqlite::Result<StoredAnchor> {
    Ok(StoredAnchor { id: r.get(0)?, anchor: required_anchor_at(r, 1)? })
}
