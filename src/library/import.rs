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
        batch::import_many(&mut self.conn, sources, keep_going).0
    }

    /// Imports parsed documents, as [`Library::import_document`] each: one result per
    /// document, in order (see [`Library::import_files`] on why many at once are faster).
    pub fn import_documents(
        &mut self,
        docs: Vec<(Document, Option<String>)>,
    ) -> Vec<Result<ImportOutcome>> {
        let sources =
            docs.into_iter().map(|(d, source)| Source::Doc(Box::new(d), source)).collect();
        batch::import_many(&mut self.conn, sources, &mut |_| true).0
    }

    fn import_one(&mut self, source: Source) -> Result<ImportOutcome> {
        let (mut results, _) = batch::import_many(&mut self.conn, vec![source], &mut |_| true);
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
        progress: &mut dyn FnMut(&FolderProgress) -> bool,
    ) -> Result<FolderReport> {
        let files = import::folder_files(dir)?;
        let mut report = FolderReport { found: files.len() as u32, ..FolderReport::default() };
        let sources = files.iter().map(|f| Source::Path(f.clone())).collect();
        let total = files.len() as u32;
        let (results, cancelled) = batch::import_many(&mut self.conn, sources, &mut |i| {
            progress(&FolderProgress {
                done: i as u32,
                total,
                current: files[i].display().to_string(),
            })
        });
        report.cancelled = cancelled;
        for (f, r) in files.iter().zip(results) {
            match r {
                Ok(o) => {
                    match o.status {
                        ImportStatus::Imported => report.imported += 1,
                        ImportStatus::AlreadyPresent => report.already_present += 1,
                        ImportStatus::Updated { .. } => report.updated += 1,
                    }
                    report.articles.push(o.article.id);
                }
                Err(e) => report.failed.push(FolderFailure {
                    path: f.display().to_string(),
                    reason: e.message().to_owned(),
                }),
            }
        }
        Ok(report)
    }

    /// Replaces the text of article `id` with the document at `path`, re-anchoring its
    /// highlights and passage notes. Metadata the user may have edited is kept.
    pub fn update_article_from_file(&mut self, id: Id, path: &Path) -> Result<ImportOutcome> {
        let doc = import::read_document(path)?;
        self.update_article(id, doc).map_err(|e| e.context(path.display()))
    }

    /// Replaces the text of article `id` with `doc`'s, re-anchoring its highlights.
    pub fn update_article(&mut self, id: Id, doc: Document) -> Result<ImportOutcome> {
        let (text, passages) = crate::article::assemble(&doc.blocks)?;
        let hash = text::content_hash(&text);
        let now = now_rfc3339();
        let tx = self.write()?;
        live_article(&tx, id)?;
        let report = batch::replace_content(&tx, id, &doc.format, &text, &hash, &passages, &now)?;
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
