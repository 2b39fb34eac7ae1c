//! Tags on articles and highlights: adding, removing, renaming (and merging), colours.

use super::{live_article, load_highlight, Library};
use crate::model::*;
use crate::tags::{is_inside, normalize_tag, renamed};
use crate::text::now_rfc3339;
use crate::{store, Error, Result};
use rusqlite::Connection;

impl Library {
    /// Every live tag with its counts, by name.
    pub fn tags(&self) -> Result<Vec<Tag>> {
        store::tags(&self.conn)
    }

    /// Puts tag `name` (created if new) on an article or a highlight.
    pub fn add_tag(&mut self, item: ItemRef, name: &str) -> Result<()> {
        let name = normalize_tag(name)?;
        let tx = self.write()?;
        check_taggable(&tx, item)?;
        let tag_id = store::ensure_tag(&tx, &name, &now_rfc3339())?;
        store::link_tag(&tx, item, tag_id)?;
        tx.commit()?;
        Ok(())
    }

    /// Takes tag `name` off an article or a highlight.
    pub fn remove_tag(&mut self, item: ItemRef, name: &str) -> Result<()> {
        let name = normalize_tag(name)?;
        let tx = self.write()?;
        check_taggable(&tx, item)?;
        let removed = match store::live_tag_id(&tx, &name)? {
            Some(tag_id) => store::unlink_tag(&tx, item, tag_id)?,
            None => false,
        };
        if !removed {
            return Err(Error::not_found(format!("the {} has no tag {name}", item.kind.as_str())));
        }
        tx.commit()?;
        Ok(())
    }

    /// Renames tag `from` and its children (`from/…`) to `to`; where a new name is already a
    /// tag, the two are merged.
    pub fn rename_tag(&mut self, from: &str, to: &str) -> Result<()> {
        let from = normalize_tag(from)?;
        let to = normalize_tag(to)?;
        if from == to {
            return Ok(());
        }
        if is_inside(&to, &from) {
            return Err(Error::invalid(format!("cannot move tag {from} inside itself ({to})")));
        }
        let tx = self.write()?;
        if rename_subtree(&tx, &from, &to)? == 0 {
            return Err(Error::not_found(format!("no tag {from}")));
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets (or with `None` clears) a tag's colour: a CSS hex colour such as `#c0392b`.
    pub fn set_tag_color(&mut self, name: &str, color: Option<&str>) -> Result<()> {
        let name = normalize_tag(name)?;
        if let Some(c) = color {
            let ok =
                c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|c| c.is_ascii_hexdigit());
            if !ok {
                return Err(Error::invalid(format!("not a colour: {c} (expected #rrggbb)")));
            }
        }
        let tx = self.write()?;
        let id = store::live_tag_id(&tx, &name)?
            .ok_or_else(|| Error::not_found(format!("no tag {name}")))?;
        store::set_tag_color(&tx, id, color)?;
        tx.commit()?;
        Ok(())
    }
}

/// Renames the live tag `from` and its children to `to` inside the caller's transaction; where
/// a new name is already a tag (live or in the trash), the renamed tag is merged into that one,
/// which is live afterwards. Both names are normalised, different, and `to` is not inside
/// `from`. Gives the number of tags renamed or merged: 0 when there is no live tag `from`.
pub(super) fn rename_subtree(conn: &Connection, from: &str, to: &str) -> Result<usize> {
    let subtree = store::tag_subtree(conn, from)?;
    for (id, name) in &subtree {
        let Some(new_name) = renamed(name, from, to) else {
            return Err(Error::internal(format!("tag {name} is not under {from}")));
        };
        match store::tag_name_taken(conn, &new_name)? {
            Some((other, deleted)) => {
                if deleted {
                    store::set_deleted(conn, ItemRef { kind: ItemKind::Tag, id: other }, None)?;
                }
                store::merge_tag_rows(conn, *id, other)?;
            }
            None => store::rename_tag_row(conn, *id, &new_name)?,
        }
    }
    Ok(subtree.len())
}

/// Only a live article or a live highlight can carry a tag.
fn check_taggable(conn: &Connection, item: ItemRef) -> Result<()> {
    match item.kind {
        ItemKind::Article => live_article(conn, item.id).map(|_| ()),
        ItemKind::Highlight => load_highlight(conn, item.id).map(|_| ()),
        _ => Err(Error::invalid(format!("a {} cannot be tagged", item.kind.as_str()))),
    }
}
