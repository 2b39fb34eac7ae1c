//! Notes: on an article as a whole, on a highlight, or in the margin of a passage.

use super::{live_article, live_note, live_text, load_highlight, Library};
use crate::anchor::reanchor::describe;
use crate::anchor::AnchorText;
use crate::model::*;
use crate::text::now_rfc3339;
use crate::{store, Error, Result};
use rusqlite::Connection;

impl Library {
    /// Sets the note on the article as a whole; an empty body moves it to the trash.
    pub fn set_article_note(&mut self, article_id: Id, body: &str) -> Result<Option<Note>> {
        let tx = self.write()?;
        live_article(&tx, article_id)?;
        let note = upsert_note(&tx, article_id, None, body)?;
        tx.commit()?;
        Ok(note)
    }

    /// Sets the note on a highlight; an empty body moves it to the trash.
    pub fn set_highlight_note(&mut self, highlight_id: Id, body: &str) -> Result<Option<Note>> {
        let tx = self.write()?;
        let h = load_highlight(&tx, highlight_id)?;
        let note = upsert_note(&tx, h.article_id, Some(highlight_id), body)?;
        tx.commit()?;
        Ok(note)
    }

    /// Adds a margin note on the text `start..end` (usually a whole passage) of an article.
    pub fn add_passage_note(
        &mut self,
        article_id: Id,
        start: u32,
        end: u32,
        body: &str,
    ) -> Result<Note> {
        let body = body.trim();
        if body.is_empty() {
            return Err(Error::invalid("a note cannot be empty"));
        }
        let tx = self.write()?;
        let text = live_text(&tx, article_id)?;
        let anchor = describe(&AnchorText::new(&text), start as usize, end as usize)?;
        let id = store::insert_note(&tx, article_id, None, Some(&anchor), body, &now_rfc3339())?;
        let note = live_note(&tx, id)?;
        tx.commit()?;
        Ok(note)
    }

    /// Changes a note's text. An empty body is refused: delete the note instead.
    pub fn edit_note(&mut self, note_id: Id, body: &str) -> Result<Note> {
        let body = body.trim();
        if body.is_empty() {
            return Err(Error::invalid("a note cannot be empty; delete it instead"));
        }
        let tx = self.write()?;
        live_note(&tx, note_id)?;
        store::set_note_body(&tx, note_id, body, &now_rfc3339())?;
        let note = live_note(&tx, note_id)?;
        tx.commit()?;
        Ok(note)
    }
}

/// Writes the one note on an article (`highlight_id` `None`) or on a highlight: creates it,
/// changes it, or with an empty body moves it to the trash. Gives the live note, if any.
fn upsert_note(
    tx: &Connection,
    article_id: Id,
    highlight_id: Option<Id>,
    body: &str,
) -> Result<Option<Note>> {
    let body = body.trim();
    let now = now_rfc3339();
    let current = store::live_note_on(tx, article_id, highlight_id)?;
    match (current, body.is_empty()) {
        (Some(n), true) => {
            store::set_deleted(tx, ItemRef { kind: ItemKind::Note, id: n.id }, Some(&now))?;
            Ok(None)
        }
        (None, true) => Ok(None),
        (Some(n), false) => {
            if n.body != body {
                store::set_note_body(tx, n.id, body, &now)?;
            }
            live_note(tx, n.id).map(Some)
        }
        (None, false) => {
            let id = store::insert_note(tx, article_id, highlight_id, None, body, &now)?;
            live_note(tx, id).map(Some)
        }
    }
}
