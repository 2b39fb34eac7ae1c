//! Markdown export: one file per article, written in parallel, each atomically.

use super::Library;
use crate::article::with_notes;
use crate::model::*;
use crate::{store, Error, Result};
use rusqlite::Connection;
use std::collections::HashMap;
use std::path::Path;

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportOptions {
    /// Only these articles (each exported whatever it holds); the library when empty.
    #[ts(type = "Array<number>")]
    pub articles: Vec<Id>,
    /// With `articles` empty: every live article when true; otherwise only those with a
    /// highlight or a note (a library of 2,000 articles should not make 2,000 empty notes).
    #[serde(default)]
    pub all: bool,
    /// The language of the files' own words (headings, default colour names).
    #[serde(default)]
    pub lang: crate::export::ExportLang,
}

/// The most threads that render and write the files.
const MAX_THREADS: usize = 8;

impl Library {
    /// Writes one Markdown file per article into `dir` (created if needed), each atomically;
    /// files whose content is unchanged are left alone.
    pub fn export_markdown(&self, dir: &Path, opts: &ExportOptions) -> Result<ExportReport> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, "cannot create the export folder", &e))?;
        // One read snapshot, so that a write from elsewhere (the CLI while the app runs) cannot
        // make the files disagree with each other.
        let snapshot = store::tx::read_snapshot(&self.conn)?;
        let labels = self.color_labels()?;
        let articles = self.articles_to_export(&snapshot, opts)?;
        let mut claims = crate::export::HighlightClaims::new();
        for (highlight, role, text) in store::debate::live_claims_by_highlight(&snapshot)? {
            let side = match role {
                crate::debate::types::EvidenceRole::Supports => crate::export::ClaimSide::Supports,
                crate::debate::types::EvidenceRole::Opposes => crate::export::ClaimSide::Opposes,
                crate::debate::types::EvidenceRole::Context => crate::export::ClaimSide::Context,
            };
            claims.entry(highlight).or_default().push((side, text));
        }
        drop(snapshot);
        let list: Vec<(Id, String)> =
            articles.iter().map(|a| (a.summary.id, a.summary.meta.title.clone())).collect();
        let names: HashMap<Id, String> =
            crate::export::plan_file_names(&list).into_iter().collect();
        // Rendering and writing the files touches no database: spread it over the cores, in
        // contiguous chunks so that the report keeps the articles' order.
        let write_one = |article: &Article| -> Result<ExportedFile> {
            let id = article.summary.id;
            let name =
                names.get(&id).ok_or_else(|| Error::internal("an export file name is missing"))?;
            let md = crate::export::article_markdown_in(article, &labels, opts.lang, &claims);
            let path = dir.join(name);
            let written = crate::export::write_atomically(&path, &md)?;
            Ok(ExportedFile { article_id: id, path: path.display().to_string(), written })
        };
        let threads =
            std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_THREADS);
        let chunk = articles.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Vec<ExportedFile>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = articles
                .chunks(chunk)
                .map(|part| scope.spawn(|| part.iter().map(&write_one).collect::<Result<Vec<_>>>()))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| Err(Error::internal("an export thread failed")))
                })
                .collect()
        });
        let mut report = ExportReport { folder: dir.display().to_string(), files: Vec::new() };
        for part in parts {
            report.files.extend(part?);
        }
        Ok(report)
    }

    /// The articles to export with their highlights and notes, without their text (an export
    /// needs only the quotes); `snapshot` is the read transaction they are read in.
    fn articles_to_export(
        &self,
        snapshot: &Connection,
        opts: &ExportOptions,
    ) -> Result<Vec<Article>> {
        if !opts.articles.is_empty() {
            return opts.articles.iter().map(|&id| self.load_article(id, false)).collect();
        }
        // The whole library: three statements in all, not three per article.
        let summaries = store::live_articles_by_id(snapshot)?;
        let mut highlights = store::all_live_highlights(snapshot)?.into_iter().peekable();
        let mut notes = store::all_live_notes(snapshot)?.into_iter().peekable();
        Ok(summaries
            .into_iter()
            .filter(|s| opts.all || s.highlight_count > 0 || s.note_count > 0)
            .map(|summary| {
                let id = summary.id;
                while highlights.next_if(|h| h.article_id < id).is_some() {}
                while notes.next_if(|n| n.article_id < id).is_some() {}
                let hs: Vec<Highlight> =
                    std::iter::from_fn(|| highlights.next_if(|h| h.article_id == id)).collect();
                let ns: Vec<Note> =
                    std::iter::from_fn(|| notes.next_if(|n| n.article_id == id)).collect();
                with_notes(summary, String::new(), Vec::new(), hs, ns)
            })
            .collect())
    }
}
