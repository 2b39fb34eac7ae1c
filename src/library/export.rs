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
    /// Only these articles; all when empty.
    #[ts(type = "Array<number>")]
    pub articles: Vec<Id>,
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
            let md = crate::export::article_markdown(article, &labels);
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
        self.write_attachments(dir, &articles)?;
        Ok(report)
    }

    /// Writes the images the exported articles show into the attachments folder, each once.
    fn write_attachments(&self, dir: &Path, articles: &[Article]) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for img in articles.iter().flat_map(|a| &a.images) {
            let (Some(hash), Some(format)) = (&img.hash, &img.format) else { continue };
            if !seen.insert(hash.as_str()) {
                continue;
            }
            let path = dir.join(crate::export::attachment_path(hash, format));
            if std::fs::metadata(&path).is_ok_and(|m| m.len() == u64::from(img.bytes)) {
                continue; // named by its content: the same size is the same file
            }
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)
                    .map_err(|e| Error::io(folder, "cannot create the attachments folder", &e))?;
            }
            let (_, data) = self.image(hash)?;
            crate::export::write_bytes_atomically(&path, &data)?;
        }
        Ok(())
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
        let mut images = store::all_live_article_images(snapshot)?.into_iter().peekable();
        Ok(summaries
            .into_iter()
            .map(|summary| {
                let id = summary.id;
                while highlights.next_if(|h| h.article_id < id).is_some() {}
                while notes.next_if(|n| n.article_id < id).is_some() {}
                let hs: Vec<Highlight> =
                    std::iter::from_fn(|| highlights.next_if(|h| h.article_id == id)).collect();
                let ns: Vec<Note> =
                    std::iter::from_fn(|| notes.next_if(|n| n.article_id == id)).collect();
                while images.next_if(|(a, _)| *a < id).is_some() {}
                let mut article = with_notes(summary, String::new(), Vec::new(), hs, ns);
                article.images = std::iter::from_fn(|| images.next_if(|(a, _)| *a == id))
                    .map(|(_, i)| i)
                    .collect();
                article
            })
            .collect())
    }
}
