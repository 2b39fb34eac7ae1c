//! Notes: `note article|highlight|passage|edit`.

use crate::print;
use anyhow::Context;
use clap::Subcommand;
use zhaji::{Id, Library};

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
pub fn note(lib: &mut Library, on: NoteOn) -> anyhow::Result<()> {
    match on {
        NoteOn::Article { id, text } => on_article(lib, id, &text),
        NoteOn::Highlight { id, text } => on_highlight(lib, id, &text),
        NoteOn::Passage { article, passage, text } => on_passage(lib, article, passage, &text),
        NoteOn::Edit { id, text } => edit(lib, id, &text),
    }
}

/// Writes an article's note; an empty text moves it to the trash.
fn on_article(lib: &mut Library, id: Id, text: &str) -> anyhow::Result<()> {
    print::note_saved(lib.set_article_note(id, text)?.as_ref());
    Ok(())
}

/// Writes a highlight's note; an empty text moves it to the trash.
fn on_highlight(lib: &mut Library, id: Id, text: &str) -> anyhow::Result<()> {
    print::note_saved(lib.set_highlight_note(id, text)?.as_ref());
    Ok(())
}

/// Adds a margin note on a whole passage, numbered from 1 as `show` prints them.
fn on_passage(lib: &mut Library, article: Id, passage: u32, text: &str) -> anyhow::Result<()> {
    let a = lib.article(article)?;
    let p = a.passages.iter().find(|p| p.ordinal + 1 == passage).with_context(|| {
        format!("article {article} has passages 1 to {}, not {passage}", a.passages.len())
    })?;
    let n = lib.add_passage_note(article, p.start, p.end, text)?;
    print::note_saved(Some(&n));
    Ok(())
}

fn edit(lib: &mut Library, id: Id, text: &str) -> anyhow::Result<()> {
    print::note_saved(Some(&lib.edit_note(id, text)?));
    Ok(())
}
