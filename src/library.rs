//! The façade: everything a shell or the command line can do with a library.

use crate::model::*;
use crate::Result;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// An open library of articles.
pub struct Library {
    conn: Connection,
    path: Option<PathBuf>,
}

/// How to order the article list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortBy {
    #[default]
    Imported,
    Updated,
    Title,
    Published,
}

/// Which articles to list, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ListOptions {
    pub sort: SortBy,
    /// Oldest (or A–Z) first when true.
    pub ascending: bool,
    /// Only articles that carry this tag or one of its children, or have a highlight that does.
    pub tag: Option<String>,
}

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

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportOptions {
    /// Only these articles; all when empty.
    #[ts(type = "Array<number>")]
    pub articles: Vec<Id>,
}

impl Library {
    /// Opens the library at `path`, creating it if needed.
    pub fn open(path: &Path) -> Result<Library> {
        Ok(Library { conn: crate::store::open(path)?, path: Some(path.to_owned()) })
    }
    /// A library in memory, gone when dropped.
    pub fn open_in_memory() -> Result<Library> {
        Ok(Library { conn: crate::store::open_in_memory()?, path: None })
    }
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
    #[allow(dead_code)]
    fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The default library file: `$XDG_DATA_HOME/zhaji/library.db` on Linux, the platform's
    /// data folder elsewhere.
    pub fn default_path() -> Result<PathBuf> {
        todo!()
    }
    /// True if and only if this open created the library (a first run).
    pub fn is_new(&self) -> bool {
        todo!()
    }
    /// Adds the bundled sample article with a few highlights, tags and notes.
    pub fn add_sample(&mut self) -> Result<Id> {
        todo!()
    }

    // ---- import ----
    pub fn import_file(&mut self, path: &Path) -> Result<ImportOutcome> {
        let _ = path;
        todo!()
    }
    pub fn import_pasted(&mut self, text: &str) -> Result<ImportOutcome> {
        let _ = text;
        todo!()
    }
    pub fn update_article_from_file(&mut self, id: Id, path: &Path) -> Result<ImportOutcome> {
        let _ = (id, path);
        todo!()
    }

    // ---- articles ----
    pub fn articles(&self, opts: &ListOptions) -> Result<Vec<ArticleSummary>> {
        let _ = opts;
        todo!()
    }
    pub fn article(&self, id: Id) -> Result<Article> {
        let _ = id;
        todo!()
    }
    pub fn set_article_meta(&mut self, id: Id, patch: &ArticleMetaPatch) -> Result<ArticleSummary> {
        let _ = (id, patch);
        todo!()
    }

    // ---- highlights ----
    pub fn create_highlight(&mut self, spec: &HighlightSpec) -> Result<Highlight> {
        let _ = spec;
        todo!()
    }
    pub fn highlight(&self, id: Id) -> Result<Highlight> {
        let _ = id;
        todo!()
    }
    pub fn set_highlight_color(&mut self, id: Id, color: Color) -> Result<Highlight> {
        let _ = (id, color);
        todo!()
    }
    pub fn reattach_highlight(&mut self, id: Id, start: u32, end: u32) -> Result<Highlight> {
        let _ = (id, start, end);
        todo!()
    }
    pub fn orphans(&self) -> Result<Vec<Highlight>> {
        todo!()
    }

    // ---- tags ----
    pub fn tags(&self) -> Result<Vec<Tag>> {
        todo!()
    }
    pub fn add_tag(&mut self, item: ItemRef, name: &str) -> Result<()> {
        let _ = (item, name);
        todo!()
    }
    pub fn remove_tag(&mut self, item: ItemRef, name: &str) -> Result<()> {
        let _ = (item, name);
        todo!()
    }
    pub fn rename_tag(&mut self, from: &str, to: &str) -> Result<()> {
        let _ = (from, to);
        todo!()
    }
    pub fn set_tag_color(&mut self, name: &str, color: Option<&str>) -> Result<()> {
        let _ = (name, color);
        todo!()
    }

    // ---- notes ----
    pub fn set_article_note(&mut self, article_id: Id, body: &str) -> Result<Option<Note>> {
        let _ = (article_id, body);
        todo!()
    }
    pub fn set_highlight_note(&mut self, highlight_id: Id, body: &str) -> Result<Option<Note>> {
        let _ = (highlight_id, body);
        todo!()
    }
    pub fn add_passage_note(&mut self, article_id: Id, start: u32, end: u32, body: &str) -> Result<Note> {
        let _ = (article_id, start, end, body);
        todo!()
    }
    pub fn edit_note(&mut self, note_id: Id, body: &str) -> Result<Note> {
        let _ = (note_id, body);
        todo!()
    }

    // ---- trash ----
    pub fn delete(&mut self, item: ItemRef) -> Result<()> {
        let _ = item;
        todo!()
    }
    pub fn restore(&mut self, item: ItemRef) -> Result<()> {
        let _ = item;
        todo!()
    }
    pub fn trash(&self) -> Result<Vec<TrashItem>> {
        todo!()
    }
    pub fn empty_trash(&mut self) -> Result<u32> {
        todo!()
    }

    // ---- settings and export ----
    pub fn color_labels(&self) -> Result<Vec<ColorLabel>> {
        todo!()
    }
    pub fn set_color_label(&mut self, color: Color, label: &str) -> Result<()> {
        let _ = (color, label);
        todo!()
    }
    pub fn export_markdown(&self, dir: &Path, opts: &ExportOptions) -> Result<ExportReport> {
        let _ = (dir, opts);
        todo!()
    }
}
