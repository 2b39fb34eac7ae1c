//! Documents in: files, folders, parsed documents and pasted text, all through the import
//! pipeline (`crate::batch`); and an article's text replaced by a new version.

use super::{live_article, Library};
use crate::batch::{self, Source};
use crate::import::{self, Document};
use crate::model::*;
use crate::text::{self, now_rfc3339};
use crate::{store, Error, Result};
use std::path::{Path, PathBuf};

impl Library {
    /// Imports the file at `path`. Identical text already in the library is not added again;
    /// a changed version of a file imported before from the same path updates that article
    /// and re-anchors its highlights.
    pub fn import_file(&mut self, path: &Path) -> Result<ImportOutcome> {
        self.import_one(Source::Path(path.to_owned()))
    }

    /// Imports files, as [`Library::import_file`] each: one result per file, in order. Many at
    /// once are much faster than one by one: the files are read on another thread while the
    /// ones before are written, several to a transaction (each still all or nothing).
    /// `keep_going` is asked before each file is written (with its index); when it says no, the
    /// import stops there and the results end with the file before.
    pub fn import_files(
        &mut self,
        paths: &[PathBuf],
        keep_going: &mut dyn FnMut(usize) -> bool,
    ) -> Vec<Result<ImportOutcome>> {
        let sources = paths.iter().map(|p| Source::Path(p.clone())).collect();
        self.import_sources(sources, keep_going).0
    }

    /// Imports parsed documents, as [`Library::import_document`] each: one result per
    /// document, in order (see [`Library::import_files`] on why many at once are faster).
    pub fn import_documents(
        &mut self,
        docs: Vec<(Document, Option<String>)>,
    ) -> Vec<Result<ImportOutcome>> {
        let sources =
            docs.into_iter().map(|(d, source)| Source::Doc(Box::new(d), source)).collect();
        self.import_sources(sources, &mut |_| true).0
    }

    /// Imports `sources` through the pipeline, once the library is known to be writable (else
    /// each gets the refusal).
    fn import_sources(
        &mut self,
        sources: Vec<Source>,
        before: &mut dyn FnMut(usize) -> bool,
    ) -> (Vec<Result<ImportOutcome>>, bool) {
        if let Err(e) = self.writable() {
            return (sources.iter().map(|_| Err(e.clone())).collect(), false);
        }
        let fetcher = self.image_fetcher.clone();
        batch::import_many(&mut self.conn, sources, fetcher.as_deref(), before)
    }

    /// Sets how imports fetch the remote images of a page (an HTTP client that refuses what
    /// a page must not reach); without one, remote images are kept as placeholders naming
    /// their address.
    pub fn set_image_fetcher(&mut self, fetcher: std::sync::Arc<crate::images::Fetcher>) {
        self.image_fetcher = Some(fetcher);
    }

    fn import_one(&mut self, source: Source) -> Result<ImportOutcome> {
        let (mut results, _) = self.import_sources(vec![source], &mut |_| true);
        results.pop().unwrap_or_else(|| Err(Error::internal("the import gave no result")))
    }

    /// Imports text the user pasted as a new article.
    pub fn import_pasted(&mut self, text: &str) -> Result<ImportOutcome> {
        let doc = import::parse_pasted(text);
        self.import_document(doc, None)
    }

    /// Imports HTML the user pasted (a selection copied from a browser, or a whole page).
    pub fn import_pasted_html(&mut self, html: &str) -> Result<ImportOutcome> {
        let doc = import::parse_pasted_html(html);
        self.import_document(doc, None)
    }

    /// Imports a parsed document; `source` is where it came from (a canonical path).
    pub fn import_document(
        &mut self,
        doc: Document,
        source: Option<String>,
    ) -> Result<ImportOutcome> {
        self.import_one(Source::Doc(Box::new(doc), source))
    }

    /// Imports every supported file under `dir` (recursively, hidden files skipped), each all or
    /// nothing, so that one bad file never stops or spoils the rest (see
    /// [`Library::import_files`]). `progress` is called before each file is written; returning
    /// `false` cancels the import after the files already done (nothing half-imported is left).
    pub fn import_folder(
        &mut self,
        dir: &Path,
        progress: &mut dyn FnMut(&ImportProgress) -> bool,
    ) -> Result<FolderReport> {
        self.writable()?;
        let listing = import::folder_listing(dir)?;
        let files = listing.files;
        let folder = dir.display().to_string();
        let total = files.len() as u32;
        let mut report = FolderReport { found: total, ..FolderReport::default() };
        let sources = files.iter().map(|f| Source::Path(f.clone())).collect();
        let (results, cancelled) = self.import_sources(sources, &mut |i| {
            progress(&ImportProgress {
                folder: folder.clone(),
                done: i as u32,
                total,
                current: files[i].display().to_string(),
            })
        });
        report.cancelled = cancelled;
        for (f, r) in files.iter().zip(results) {
            let path = f.display().to_string();
            match &r {
                Ok(o) => {
                    match o.status {
                        ImportStatus::Imported => report.imported += 1,
                        ImportStatus::AlreadyPresent => report.already_present += 1,
                        ImportStatus::Updated { .. } => report.updated += 1,
                    }
                    report.articles.push(o.article.id);
                }
                Err(e) => report
                    .failed
                    .push(FolderFailure { path: path.clone(), reason: e.message().to_owned() }),
            }
            report.documents.push(PathImport::of(path, r));
        }
        for u in listing.unreadable {
            let reason = format!("{}: {}", u.path, u.reason);
            report.failed.push(FolderFailure { path: u.path, reason });
        }
        report.skipped = listing
            .skipped
            .into_iter()
            .map(|s| FolderFailure { path: s.path, reason: s.reason })
            .collect();
        Ok(report)
    }

    /// Imports paths as dropped on the app or named on the command line: one result per path
    /// reached, in order. Each run of files between folders is imported together (as
    /// [`Library::import_files`]: read on another thread while the ones before are written);
    /// each folder whole and on its own (as [`Library::import_folder`]), with a report.
    ///
    /// `progress` is called before each file is written, with where the import is in the
    /// current run of files or folder; returning `false` cancels the import there: the files
    /// already done are kept, the run or folder being imported reports what it did, and no
    /// later path is started.
    pub fn import_paths(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&ImportProgress) -> bool,
    ) -> Vec<PathImport> {
        let mut out = Vec::with_capacity(paths.len());
        let mut cancelled = false;
        let mut rest = paths;
        while let Some(first) = rest.first() {
            if cancelled {
                break;
            }
            let mut step = |p: &ImportProgress| {
                let keep_going = progress(p);
                cancelled |= !keep_going;
                keep_going
            };
            if first.is_dir() {
                let path = first.display().to_string();
                out.push(match self.import_folder(first, &mut step) {
                    Ok(report) => PathImport { folder: Some(report), ..PathImport::new(path) },
                    Err(e) => PathImport { error: Some(e.into()), ..PathImport::new(path) },
                });
                rest = &rest[1..];
                continue;
            }
            // The files up to the next folder, all at once.
            let n = rest.iter().take_while(|p| !p.is_dir()).count();
            let (files, after) = rest.split_at(n);
            let folder = first.parent().map(|d| d.display().to_string()).unwrap_or_default();
            let total = n as u32;
            let results = self.import_files(files, &mut |i| {
                step(&ImportProgress {
                    folder: folder.clone(),
                    done: i as u32,
                    total,
                    current: files[i].display().to_string(),
                })
            });
            for (path, r) in files.iter().zip(results) {
                out.push(PathImport::of(path.display().to_string(), r));
            }
            rest = after;
        }
        out
    }

    /// Replaces the text of article `id` with the document at `path`, re-anchoring its
    /// highlights and passage notes. Metadata the user may have edited is kept.
    pub fn update_article_from_file(&mut self, id: Id, path: &Path) -> Result<ImportOutcome> {
        let doc = import::read_document(path)?;
        self.update_article_in(id, doc, path.parent()).map_err(|e| e.context(path.display()))
    }

    /// Replaces the text of article `id` with `doc`'s, re-anchoring its highlights.
    pub fn update_article(&mut self, id: Id, doc: Document) -> Result<ImportOutcome> {
        self.update_article_in(id, doc, None)
    }

    /// [`Library::update_article`] for a document read from a file in `dir`.
    fn update_article_in(
        &mut self,
        id: Id,
        mut doc: Document,
        dir: Option<&Path>,
    ) -> Result<ImportOutcome> {
        let (text, passages, passage_of) = crate::article::assemble(&doc.blocks)?;
        let fetcher = self.image_fetcher.clone();
        let images = batch::prepare_images(&mut doc, &passage_of, dir, fetcher.as_deref());
        let hash = text::content_hash(&text);
        let now = now_rfc3339();
        let tx = self.write()?;
        live_article(&tx, id)?;
        let report = batch::replace_content(&tx, id, &doc.format, &text, &hash, &passages, &now)?;
        batch::write_images(&tx, id, &images)?;
        let article = store::article_summary(&tx, id)?
            .ok_or_else(|| Error::internal("the updated article vanished"))?;
        tx.commit()?;
        Ok(ImportOutcome {
            article,
            status: ImportStatus::Updated { report },
            encoding: doc.encoding,
            warnings: doc.warnings,
        })
    }
}
