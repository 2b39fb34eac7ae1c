//! Documents in: files, folders, parsed documents and pasted text, all through the import
//! pipeline (`crate::batch`); and an article's text replaced by a new version.

use super::{live_article, Library};
use crate::batch::{self, Source};
use crate::fetch::{is_web_url, FetchOptions};
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

    pub(super) fn import_one(&mut self, source: Source) -> Result<ImportOutcome> {
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
    /// reached, in order (see [`Library::import_inputs`], which this is for paths only).
    pub fn import_paths(
        &mut self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(&ImportProgress) -> bool,
    ) -> Vec<PathImport> {
        let inputs: Vec<ImportSource> = paths.iter().cloned().map(ImportSource::Path).collect();
        self.import_inputs(&inputs, &FetchOptions::default(), progress)
    }

    /// Imports files, folders and links (fetched with `fetch`) as named on the command line or
    /// given to the app: one result per input reached, in order, each named by the input as
    /// given. Each run of files and links between folders is imported together (as
    /// [`Library::import_files`]: read or fetched on another thread while the ones before are
    /// written); each folder whole and on its own (as [`Library::import_folder`]), with a
    /// report. A link captured before (the same link, or the same canonical link) updates its
    /// article, re-anchoring its highlights.
    ///
    /// `progress` is called before each document is written, with where the import is in the
    /// current run or folder; returning `false` cancels the import there: the documents already
    /// done are kept, the run or folder being imported reports what it did, and no later input
    /// is started. (A fetch under way stops only through `fetch.cancel`.)
    pub fn import_inputs(
        &mut self,
        inputs: &[ImportSource],
        fetch: &FetchOptions,
        progress: &mut dyn FnMut(&ImportProgress) -> bool,
    ) -> Vec<PathImport> {
        let mut out = Vec::with_capacity(inputs.len());
        let mut cancelled = false;
        let mut rest = inputs;
        while let Some(first) = rest.first() {
            if cancelled {
                break;
            }
            let mut step = |p: &ImportProgress| {
                let keep_going = progress(p);
                cancelled |= !keep_going;
                keep_going
            };
            if let Some(dir) = first.folder() {
                let path = dir.display().to_string();
                out.push(match self.import_folder(dir, &mut step) {
                    Ok(report) => PathImport { folder: Some(report), ..PathImport::new(path) },
                    Err(e) => PathImport { error: Some(e.into()), ..PathImport::new(path) },
                });
                rest = &rest[1..];
                continue;
            }
            // The files and links up to the next folder, all at once.
            let n = rest.iter().take_while(|p| p.folder().is_none()).count();
            let (run, after) = rest.split_at(n);
            let folder = match first {
                ImportSource::Path(p) => {
                    p.parent().map(|d| d.display().to_string()).unwrap_or_default()
                }
                ImportSource::Url(_) => String::new(),
            };
            let total = n as u32;
            let sources = run
                .iter()
                .map(|s| match s {
                    ImportSource::Path(p) => Source::Path(p.clone()),
                    ImportSource::Url(u) => Source::Url(u.clone(), fetch.clone()),
                })
                .collect();
            let (results, _) = self.import_sources(sources, &mut |i| {
                step(&ImportProgress {
                    folder: folder.clone(),
                    done: i as u32,
                    total,
                    current: run[i].to_string(),
                })
            });
            for (input, r) in run.iter().zip(results) {
                out.push(PathImport::of(input.to_string(), r));
            }
            rest = after;
        }
        out
    }

    /// Fetches the link article `id` was captured from (or reads the file it was imported from)
    /// again and replaces its text with what is there now, re-anchoring its highlights.
    /// Its images are read again as an import reads them: a page's from the network, a file's
    /// from beside it.
    pub fn refresh_from_source(&mut self, id: Id, fetch: &FetchOptions) -> Result<ImportOutcome> {
        let doc = self.source_document(id, fetch)?;
        let source = doc.meta.source.clone().unwrap_or_default();
        if is_web_url(&source) {
            let network = batch::network_images(source, fetch.clone());
            let own = self.image_fetcher.clone();
            let fetcher: &crate::images::Fetcher = own.as_deref().unwrap_or(&network);
            return self.update_article_in(id, doc, None, Some(fetcher));
        }
        let dir = Path::new(&source).parent().map(Path::to_path_buf);
        self.update_article_in(id, doc, dir.as_deref(), None)
    }

    /// What article `id`'s source holds now: the link fetched again, or the file read again.
    /// Needs no write, so a caller may do it without holding the library.
    pub fn source_document(&self, id: Id, fetch: &FetchOptions) -> Result<Document> {
        let summary = store::article_summary(&self.conn, id)?
            .ok_or_else(|| Error::not_found(format!("no article {id}")))?;
        let source = summary.meta.source.unwrap_or_default();
        document_at(&source, fetch).map_err(|e| match e.kind() {
            crate::ErrorKind::InvalidInput if source.is_empty() || source == "pasted" => {
                Error::invalid(format!("article {id} has no link or file to refresh from"))
            }
            _ => e,
        })
    }

    /// Replaces the text of article `id` with the document at `path`, re-anchoring its
    /// highlights and passage notes. Metadata the user may have edited is kept.
    pub fn update_article_from_file(&mut self, id: Id, path: &Path) -> Result<ImportOutcome> {
        let doc = import::read_document(path)?;
        self.update_article_in(id, doc, path.parent(), None).map_err(|e| e.context(path.display()))
    }

    /// Replaces the text of article `id` with `doc`'s, re-anchoring its highlights.
    pub fn update_article(&mut self, id: Id, doc: Document) -> Result<ImportOutcome> {
        self.update_article_in(id, doc, None, None)
    }

    /// [`Library::update_article`] for a document read from a file in `dir`, its remote images
    /// fetched by `fetcher` (else by the library's own, if any).
    fn update_article_in(
        &mut self,
        id: Id,
        mut doc: Document,
        dir: Option<&Path>,
        fetcher: Option<&crate::images::Fetcher>,
    ) -> Result<ImportOutcome> {
        let (text, passages, passage_of) = crate::article::assemble(&doc.blocks)?;
        let own = self.image_fetcher.clone();
        let fetcher = fetcher.or(own.as_deref());
        let images = batch::prepare_images(&mut doc, &passage_of, dir, fetcher);
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

/// The document at `source`, a link or a file's path.
pub fn document_at(source: &str, fetch: &FetchOptions) -> Result<Document> {
    if source.is_empty() || source == "pasted" {
        return Err(Error::invalid("no link or file to read from"));
    }
    if is_web_url(source) {
        return crate::fetch::fetch_document(source.trim(), fetch);
    }
    import::read_document(Path::new(source))
}

/// One thing to import: a file or folder, or a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportSource {
    Path(PathBuf),
    /// An http or https link, as given.
    Url(String),
}

impl ImportSource {
    /// A command-line argument or a string from the app: a link when it starts with `http://`
    /// or `https://`, else a path.
    pub fn from_arg(arg: &str) -> ImportSource {
        if is_web_url(arg) {
            ImportSource::Url(arg.trim().to_owned())
        } else {
            ImportSource::Path(PathBuf::from(arg))
        }
    }

    fn folder(&self) -> Option<&Path> {
        match self {
            ImportSource::Path(p) if p.is_dir() => Some(p),
            _ => None,
        }
    }
}

impl std::fmt::Display for ImportSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportSource::Path(p) => write!(f, "{}", p.display()),
            ImportSource::Url(u) => f.write_str(u),
        }
    }
}
