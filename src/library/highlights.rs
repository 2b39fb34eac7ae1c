//! Highlights: making one (by range or by quote), its colour, re-attaching an orphan.

use super::{load_highlight, Library};
use crate::anchor::reanchor::{bad_range, describe, find_quote};
use crate::anchor::{AnchorText, CONTEXT_CHARS};
use crate::article::join_passages;
use crate::model::*;
use crate::tags::normalize_tag;
use crate::text::now_rfc3339;
use crate::{store, Error, Result};

/// A highlight to make: by offsets, or by quoting the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct HighlightSpec {
    #[ts(type = "number")]
    pub article_id: Id,
    /// Code-point offsets `[start, end)`; or else `quote`.
    pub range: Option<(u32, u32)>,
    pub quote: Option<String>,
    /// Which occurrence of `quote` (from 1) when it occurs more than once.
    pub occurrence: Option<u32>,
    pub color: Color,
    pub tags: Vec<String>,
    pub note: Option<String>,
}

impl Library {
    /// Makes a highlight, with its tags and note, in one transaction.
    pub fn create_highlight(&mut self, spec: &HighlightSpec) -> Result<Highlight> {
        let tags = spec.tags.iter().map(|t| normalize_tag(t)).collect::<Result<Vec<_>>>()?;
        let now = now_rfc3339();
        let tx = self.write()?;
        let id = spec.article_id;
        let chars = match store::article_chars(&tx, id)? {
            Some((chars, false)) => chars,
            Some((_, true)) => {
                return Err(Error::not_found(format!("article {id} is in the trash")))
            }
            None => return Err(Error::not_found(format!("no article {id}"))),
        };
        let anchor = match (spec.range, &spec.quote) {
            (Some((start, end)), _) => {
                // Only the passages around the range: the quote and its context are all a
                // highlight keeps of the text.
                if start >= end || end > chars {
                    return Err(bad_range(start, end, chars));
                }
                let ctx = CONTEXT_CHARS as u32;
                let (offset, window) = store::text_window(
                    &tx,
                    spec.article_id,
                    start.saturating_sub(ctx),
                    end.saturating_add(ctx),
                )?;
                let at = AnchorText::new(&window);
                let (s, e) = ((start - offset) as usize, (end - offset) as usize);
                Anchor { start, end, ..describe(&at, s, e)? }
            }
            (None, Some(q)) => {
                let text = join_passages(&store::passages(&tx, spec.article_id)?);
                let at = AnchorText::new(&text);
                let (start, end) = find_quote(&at, q, spec.occurrence)?;
                describe(&at, start, end)?
            }
            (None, None) => return Err(Error::invalid("a highlight needs a range or a quote")),
        };
        let id = store::insert_highlight(&tx, spec.article_id, &anchor, spec.color, &now)?;
        for name in &tags {
            let tag_id = store::ensure_tag(&tx, name, &now)?;
            store::link_tag(&tx, ItemRef { kind: ItemKind::Highlight, id }, tag_id)?;
        }
        if let Some(body) = spec.note.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            store::insert_note(&tx, spec.article_id, Some(id), None, body, &now)?;
        }
        let h = load_highlight(&tx, id)?;
        tx.commit()?;
        Ok(h)
    }

    /// A live highlight with its tags and note.
    pub fn highlight(&self, id: Id) -> Result<Highlight> {
        load_highlight(&self.conn, id)
    }

    /// Changes a highlight's colour.
    pub fn set_highlight_color(&mut self, id: Id, color: Color) -> Result<Highlight> {
        let tx = self.write()?;
        load_highlight(&tx, id)?;
        store::set_highlight_color(&tx, id, color, &now_rfc3339())?;
        let h = load_highlight(&tx, id)?;
        tx.commit()?;
        Ok(h)
    }

    /// Attaches a highlight (usually an orphan) to the text at `start..end`.
    pub fn reattach_highlight(&mut self, id: Id, start: u32, end: u32) -> Result<Highlight> {
        let tx = self.write()?;
        let h = load_highlight(&tx, id)?;
        let text = join_passages(&store::passages(&tx, h.article_id)?);
        let anchor = describe(&AnchorText::new(&text), start as usize, end as usize)?;
        store::set_highlight_anchor(&tx, id, &anchor, Some(&now_rfc3339()))?;
        let h = load_highlight(&tx, id)?;
        tx.commit()?;
        Ok(h)
    }

    /// Every orphaned highlight in the library, by article.
    pub fn orphans(&self) -> Result<Vec<Highlight>> {
        let mut list = store::orphans(&self.conn)?;
        for h in &mut list {
            h.note = store::live_note_on(&self.conn, h.article_id, Some(h.id))?;
        }
        Ok(list)
    }
}
