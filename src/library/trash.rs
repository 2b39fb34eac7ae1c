//! The trash: deleting moves an item there, restoring takes it back, emptying removes for good.

use super::Library;
use crate::model::*;
use crate::text::now_rfc3339;
use crate::{store, Error, Result};

/// How long a trash item's label may be, in characters.
const LABEL_CHARS: usize = 80;

impl Library {
    /// Moves an article, highlight, note or tag to the trash.
    pub fn delete(&mut self, item: ItemRef) -> Result<()> {
        let tx = self.write()?;
        match store::item_deleted(&tx, item)? {
            Some(false) => store::set_deleted(&tx, item, Some(&now_rfc3339()))?,
            Some(true) => {
                return Err(Error::not_found(format!(
                    "{} {} is already in the trash",
                    item.kind.as_str(),
                    item.id
                )))
            }
            None => return Err(Error::not_found(format!("no {} {}", item.kind.as_str(), item.id))),
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes an item out of the trash.
    pub fn restore(&mut self, item: ItemRef) -> Result<()> {
        let tx = self.write()?;
        match store::item_deleted(&tx, item)? {
            Some(true) => {}
            Some(false) => {
                return Err(Error::invalid(format!(
                    "{} {} is not in the trash",
                    item.kind.as_str(),
                    item.id
                )))
            }
            None => {
                return Err(Error::not_found(format!(
                    "no {} {} (the trash may have been emptied)",
                    item.kind.as_str(),
                    item.id
                )))
            }
        }
        if item.kind == ItemKind::Note {
            // A highlight or an article has one note; if a new one was written since, the
            // restored text is appended to it rather than lost.
            if let Some((note, _)) = store::note(&tx, item.id)? {
                let on = match note.target {
                    NoteTarget::Article => Some(None),
                    NoteTarget::Highlight { highlight_id } => Some(Some(highlight_id)),
                    NoteTarget::Passage { .. } => None,
                };
                if let Some(h) = on {
                    if let Some(current) = store::live_note_on(&tx, note.article_id, h)? {
                        let merged = format!("{}\n\n{}", current.body, note.body);
                        store::set_note_body(&tx, current.id, &merged, &now_rfc3339())?;
                        store::merge_note_into(&tx, item.id, current.id)?;
                        tx.commit()?;
                        return Ok(());
                    }
                }
            }
        }
        store::set_deleted(&tx, item, None)?;
        tx.commit()?;
        Ok(())
    }

    /// Everything in the trash, newest first.
    pub fn trash(&self) -> Result<Vec<TrashItem>> {
        let mut items = store::trash(&self.conn)?;
        for i in &mut items {
            i.label = short_label(&i.label);
        }
        Ok(items)
    }

    /// Removes everything in the trash for good; returns how many items were removed.
    pub fn empty_trash(&mut self) -> Result<u32> {
        let tx = self.write()?;
        let n = store::empty_trash(&tx)?;
        tx.commit()?;
        Ok(n)
    }
}

/// Shortens a label for lists: its first non-blank line, at most [`LABEL_CHARS`] characters,
/// with an ellipsis when anything was left out.
fn short_label(s: &str) -> String {
    let first = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    let mut t: String = first.chars().take(LABEL_CHARS).collect();
    if first.chars().count() > LABEL_CHARS || s.trim().lines().count() > 1 {
        t.push('…');
    }
    t
}

#[cfg(test)]
mod tests {
    use super::short_label;

    #[test]
    fn a_label_is_the_first_line_cut_with_an_ellipsis() {
        assert_eq!(short_label("算力之争"), "算力之争");
        assert_eq!(short_label("\n  算力之争\n第二行"), "算力之争…");
        assert_eq!(short_label(&"长".repeat(81)), format!("{}…", "长".repeat(80)));
        assert_eq!(short_label(&"长".repeat(80)), "长".repeat(80));
        assert_eq!(short_label("  "), "");
    }
}
