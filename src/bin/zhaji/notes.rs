//! Notes: `note article|highlight|passage|edit`.

use crate::print;
use anyhow::Context;
use clap::Subcommand;
use zhaji::{Id, Library, Note};

#[derive(Subcommand)]
pub enum NoteOn {
    /// The note on an article as a whole.
    Article {
        id: Id,
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// The note on a highlight.
    Highlight {
        id: Id,
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// A margin note on passage number N of an article.
    Passage {
        article: Id,
        passage: u32,
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// Change an existing note by its id.
    Edit {
        id: Id,
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
}

/// Runs one `note …` subcommand.
/// In JSON the note written, or `null` when an empty text moved it to the trash.
pub fn note(lib: &mut Library, on: NoteOn, json: bool) -> anyhow::Result<()> {
    let note = match on {
        NoteOn::Article { id, text } => lib.set_article_note(id, &text)?,
        NoteOn::Highlight { id, text } => lib.set_highlight_note(id, &text)?,
        NoteOn::Passage { article, passage, text } => {
            Some(on_passage(lib, article, passage, &text)?)
        }
        NoteOn::Edit { id, text } => Some(lib.edit_note(id, &text)?),
    };
    print::either(json, &note, |n| print::note_saved(n.as_ref()))
}

/// Adds a margin note on a whole passage, numbered from 1 as `show` prints them.
fn on_passage(lib: &mut Library, article: Id, passage: u32, text: &str) -> anyhow::Result<Note> {
    let a = lib.article(article)?;
    let p = a.passages.iter().find(|p| p.ordinal + 1 == passage).with_context(|| {
        format!("article {article} has passages 1 to {}, not {passage}", a.passages.len())
    })?;
    Ok(lib.add_passage_note(article, p.start, p.end, text)?)
}
