//! The notebook: every highlight of the library, with its note, filtered and one page at a time.

use super::Library;
use crate::model::*;
use crate::tags::normalize_tag;
use crate::{store, Error, Result};
use std::path::Path;

/// The most highlights one page of the notebook gives.
pub const NOTEBOOK_MAX_PAGE: u32 = 500;

impl Library {
    /// The page of the notebook that starts at `offset`: at most `limit` (1 to 500) live
    /// highlights found by `filter`, in its order, each with its note and article's title,
    /// and how many it finds in all. Only the page is read, however large the library.
    pub fn notebook(
        &self,
        filter: &NotebookFilter,
        offset: u32,
        limit: u32,
    ) -> Result<NotebookPage> {
        let mut f = filter.clone();
        f.tags = f.tags.iter().map(|t| normalize_tag(t)).collect::<Result<Vec<_>>>()?;
        if let Some(day) = &f.since {
            let day = day.trim();
            if day.len() != 10 || chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_err() {
                return Err(Error::invalid(format!(
                    "{day} is not a date: write it as YYYY-MM-DD (as in 2025-01-31)"
                )));
            }
            f.since = Some(day.to_owned());
        }
        let limit = limit.clamp(1, NOTEBOOK_MAX_PAGE);
        let (rows, total) = store::notebook_page(&self.conn, &f, offset, limit)?;
        let mut items = Vec::with_capacity(rows.len());
        for (mut highlight, article_title) in rows {
            highlight.note =
                store::live_note_on(&self.conn, highlight.article_id, Some(highlight.id))?;
            items.push(NotebookItem { highlight, article_title });
        }
        Ok(NotebookPage { items, total, offset })
    }

    /// Every highlight `filter` finds, in its order (read a page at a time).
    pub fn notebook_all(&self, filter: &NotebookFilter) -> Result<Vec<NotebookItem>> {
        let mut items = Vec::new();
        loop {
            let offset = u32::try_from(items.len()).unwrap_or(u32::MAX);
            let page = self.notebook(filter, offset, NOTEBOOK_MAX_PAGE)?;
            let done = page.items.len() < NOTEBOOK_MAX_PAGE as usize;
            items.extend(page.items);
            if done {
                return Ok(items);
            }
        }
    }

    /// Writes the highlights `filter` finds as one Markdown file in `dir` (made if needed),
    /// atomically, named after `title`; gives the file's path.
    pub fn export_notebook(
        &self,
        dir: &Path,
        title: &str,
        filter: &NotebookFilter,
    ) -> Result<String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, "cannot create the export folder", &e))?;
        let items = self.notebook_all(filter)?;
        let md = crate::export::notebook_markdown(title, &items, &self.color_labels()?);
        let path = dir.join(format!("{}.md", crate::export::file_stem(title)));
        crate::export::write_atomically(&path, &md)?;
        Ok(path.display().to_string())
    }

    /// A colour by its name (`blue`), its number (`3`) or the name the user gave it (`反驳`).
    pub fn color_named(&self, name: &str) -> Result<Color> {
        let labels = self.color_labels()?;
        Color::parse_named(name, &labels).ok_or_else(|| {
            let names: Vec<&str> = labels.iter().map(|l| l.label.as_str()).collect();
            Error::invalid(format!(
                "{name} is not a colour: use yellow, green, blue, pink, purple, 1–5, or a colour's name ({})",
                names.join(", ")
            ))
        })
    }
}
