//! Importing documents, many at a time: the path every import takes, a single pasted article as
//! much as a folder of a thousand files.
//!
//! Two threads share the work. A preparing thread reads and parses each file, assembles its
//! passages, hashes its text and makes its search tokens: everything that needs no database. The
//! calling thread writes what is ready, several documents to a transaction:
//! - each document inside a savepoint of its own, so that one that fails is undone alone and
//!   "an import fully succeeds or leaves nothing" holds per document;
//! - the index rows of the batch's new articles last, one plain INSERT each (see
//!   [`store::index::Deferred`]) and in rowid order (FTS5 writes out what it holds whenever a
//!   rowid goes backwards), so that FTS5 writes the whole batch as one segment when the batch
//!   commits, instead of a small segment per article that it must merge again and again;
//! - a batch ends at [`BATCH_BYTES`] of text or after [`BATCH_TIME`], waiting included, so that
//!   other writers (the reader's highlights during a folder import) wait a fraction of a second
//!   at most; after each commit the import leaves the lock free for a moment and waits for it
//!   less eagerly than short writes (`store::tx`), so that they take it first.
//!
//! If a batch cannot commit, none of it is written, and each of its documents reports the error.
//! An import that committed 8 MB or more asks for the index to be merged into one segment while
//! the library is idle (`store/checkpoint.rs`).
//!
//! A file imported before from the same path, or a link captured before (the same link, or the
//! same canonical link), whose text changed, updates its article: the text is replaced and its
//! highlights and notes re-anchored ([`replace_content`], which the façade's `update_article`
//! uses too).

use crate::anchor::reanchor::reanchor;
use crate::anchor::AnchorText;
use crate::article::{assemble, default_title};
use crate::images::{self, Fetcher};
use crate::import::{self, Document};
use crate::model::*;
use crate::store::index::{self, IndexRow, Indexed};
use crate::text::{self, now_rfc3339};
use crate::{store, Error, Result};
use rusqlite::Connection;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A batch commits once it holds this much text (UTF-8 bytes). With its index rows and commit,
/// a batch of 4 MB held the write lock 0.2–0.5 s here, and a short write waiting behind two
/// looping imports waited that long or twice that (p99 0.52 s with batches of 4 MB or 250 ms,
/// 0.18 s with 1 MB or 50 ms; the imports ran 8 % slower).
const BATCH_BYTES: usize = 1 << 20;
/// … or once it has been open this long.
const BATCH_TIME: Duration = Duration::from_millis(50);
/// An import that committed this much text asks for the index to be merged while idle.
const OPTIMIZE_BYTES: usize = 8 << 20;
/// Documents prepared ahead of the writer, at most.
const AHEAD: usize = 4;
/// A bulk import merges the index's segments after each batch (FTS5 merges nothing as it is
/// written: see migration 12), up to one page of merging for this much committed text: an upper
/// bound, since a merge step stops when no level of the index has enough segments to merge. It
/// is about what FTS5's automerge did for such a batch in an index of five levels.
const TEXT_PER_MERGE_PAGE: usize = 256;
/// Pages of merging in one step, its own transaction followed by a free moment for waiting
/// writes: 4 MB written, about as long as a batch holds the lock.
const MERGE_STEP_PAGES: u32 = 1024;

/// Something to import.
pub(crate) enum Source {
    /// A parsed document, and where it came from (a canonical path), if anywhere.
    Doc(Box<Document>, Option<String>),
    /// A file to read.
    Path(PathBuf),
    /// A link to fetch (on the preparing thread, like a file's reading).
    Url(String, crate::fetch::FetchOptions),
    /// A page a browser already has (its link and its rendered HTML): read as if fetched from
    /// that link, its images fetched like a captured page's.
    Page(crate::fetch::Fetched, crate::fetch::FetchOptions),
}

/// A document ready to write.
pub(crate) struct Prepared {
    /// The file it was read from, to name in errors.
    file: Option<PathBuf>,
    doc: Document,
    /// Where it came from, to find an earlier version of it.
    source: Option<String>,
    /// For a captured link: the page's canonical link, which finds an earlier capture too.
    canonical: Option<String>,
    text: String,
    passages: Vec<Passage>,
    hash: String,
    title_tokens: (String, String),
    passage_tokens: Vec<(String, String)>,
    images: PreparedImages,
}

/// A document's images, read and checked: the article's list, and the bytes of those kept.
#[derive(Default)]
pub(crate) struct PreparedImages {
    pub list: Vec<ArticleImage>,
    pub kept: Vec<images::Image>,
}

/// Reads, fetches and checks a document's images (see `crate::images`), placing each among the
/// passages; each one that could not be kept adds a warning to the document.
pub(crate) fn prepare_images(
    doc: &mut Document,
    passage_of: &[u32],
    dir: Option<&std::path::Path>,
    fetcher: Option<&Fetcher>,
) -> PreparedImages {
    let refs = std::mem::take(&mut doc.images);
    let http = |s: &&String| s.starts_with("http://") || s.starts_with("https://");
    // A captured page's relative images resolve against the link it was fetched from (what
    // the page claims as its canonical link may be another host); a saved file's against
    // its own canonical link.
    let page_url = doc.meta.source.as_ref().filter(http).or(doc.meta.url.as_ref().filter(http));
    let sources = images::Sources { dir, page_url: page_url.map(String::as_str), fetcher };
    let collected = images::collect(refs, &sources);
    let (list, kept) = images::article_images(collected, passage_of);
    for img in &list {
        if let Some(e) = img.error.as_deref().filter(|e| *e != images::NOT_FETCHED) {
            doc.warnings
                .push(format!("image {}: {e} (a placeholder stands in its place)", img.src));
        }
    }
    PreparedImages { list, kept }
}

/// Writes an article's images: the bytes not yet stored, then its list.
pub(crate) fn write_images(conn: &Connection, id: Id, images: &PreparedImages) -> Result<()> {
    for img in &images.kept {
        store::insert_blob(
            conn,
            &store::Blob {
                hash: &img.hash,
                format: img.format.as_str(),
                width: img.width,
                height: img.height,
                data: &img.data,
            },
        )?;
    }
    store::replace_article_images(conn, id, &images.list)
}

/// Assembles, hashes and tokenises a document, and reads its images (no database needed).
pub(crate) fn prepare(
    doc: Document,
    source: Option<String>,
    dir: Option<&std::path::Path>,
    fetcher: Option<&Fetcher>,
) -> Result<Prepared> {
    let mut doc = doc;
    let (text, passages, passage_of) = assemble(&doc.blocks)?;
    doc.blocks = Vec::new();
    let images = prepare_images(&mut doc, &passage_of, dir, fetcher);
    let hash = text::content_hash(&text);
    doc.meta.source = source.clone().or(doc.meta.source.take());
    if doc.meta.title.trim().is_empty() {
        doc.meta.title = default_title(&text);
    }
    let title_tokens = crate::search::index_tokens(&doc.meta.title);
    let passage_tokens = passages.iter().map(|p| crate::search::index_tokens(&p.text)).collect();
    Ok(Prepared {
        file: None,
        doc,
        source,
        canonical: None,
        text,
        passages,
        hash,
        title_tokens,
        passage_tokens,
        images,
    })
}

fn prepare_source(src: Source, fetcher: Option<&Fetcher>) -> Result<Prepared> {
    match src {
        Source::Doc(doc, source) => prepare(*doc, source, None, fetcher),
        Source::Path(path) => {
            let doc = import::read_document(&path)?;
            let source = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            let dir = path.parent();
            let mut p = prepare(doc, Some(source.to_string_lossy().into_owned()), dir, fetcher)
                .map_err(|e| e.context(path.display()))?;
            p.file = Some(path);
            Ok(p)
        }
        Source::Url(url, opts) => {
            let doc = crate::fetch::fetch_document(&url, &opts)?;
            prepare_page(url, doc, opts, fetcher)
        }
        Source::Page(page, opts) => {
            let url = page.url.clone();
            let doc = crate::fetch::to_document(&url, &page)?;
            prepare_page(url, doc, opts, fetcher)
        }
    }
}

/// Prepares a page that came from `url` (fetched, or handed over by a browser).
fn prepare_page(
    url: String,
    doc: Document,
    opts: crate::fetch::FetchOptions,
    fetcher: Option<&Fetcher>,
) -> Result<Prepared> {
    let network = network_images(url.clone(), opts);
    let fetcher: &Fetcher = fetcher.unwrap_or(&network);
    let mut p =
        prepare(doc, Some(url.clone()), None, Some(fetcher)).map_err(|e| e.context(&url))?;
    p.canonical = p.doc.meta.url.clone().filter(|u| *u != url);
    Ok(p)
}

/// How the images of the page captured from `page` are fetched: over the network (a test's
/// fetcher, when the library has one, stands in for this). Whether private addresses may be
/// reached is decided by the address the page itself came from, never by what the page claims.
pub(crate) fn network_images(
    page: String,
    opts: crate::fetch::FetchOptions,
) -> impl Fn(&str, Option<&str>) -> Result<Vec<u8>, String> + Send + Sync {
    move |img: &str, _claimed: Option<&str>| {
        crate::fetch::fetch_image(img, &page, &opts).map_err(|e| e.to_string())
    }
}

/// Imports `sources` in order. `before` is called with each one's index before it is written;
/// returning `false` stops the import there (everything before it is kept). Gives one result per
/// source reached, in order, and whether the import was stopped.
pub(crate) fn import_many(
    conn: &mut Connection,
    sources: Vec<Source>,
    fetcher: Option<&Fetcher>,
    before: &mut dyn FnMut(usize) -> bool,
) -> (Vec<Result<ImportOutcome>>, bool) {
    let total = sources.len();
    // Short writes waiting for the lock go first (see `store::tx`).
    let _bulk = store::tx::Bulk::new();
    let mut writer = Writer {
        conn,
        batch: None,
        out: Vec::with_capacity(total),
        committed: 0,
        // One document (an article pasted, a page saved while reading) leaves the merging to
        // the idle thread, as every short write does.
        merges: total > 1,
        merge_owed: 0,
    };
    if total <= 1 {
        // Nothing to overlap: no thread.
        for src in sources {
            if !before(0) {
                return (writer.out, true);
            }
            writer.write(prepare_source(src, fetcher));
        }
        writer.finish();
        return (writer.out, false);
    }
    let (tx, rx) = mpsc::sync_channel::<Result<Prepared>>(AHEAD);
    std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            for src in sources {
                if tx.send(prepare_source(src, fetcher)).is_err() {
                    break; // the writer stopped
                }
            }
        });
        let cancelled = writer.run(&rx, total, before);
        drop(rx);
        // Joined here, so that a panic on that thread becomes errors, never a panic on this one.
        let worker_failed = worker.join().is_err();
        writer.finish();
        if writer.committed >= OPTIMIZE_BYTES {
            // Segments of megabytes now sit among small ones: merge the index into one when
            // the library is idle (best effort: without it, only writes are slower).
            let _ = index::ask_to_optimize(writer.conn);
        }
        if worker_failed && !cancelled {
            let missing = total.saturating_sub(writer.out.len());
            writer.out.extend(
                (0..missing).map(|_| {
                    Err(Error::internal("the import's reading thread stopped unexpectedly"))
                }),
            );
        }
        (writer.out, cancelled)
    })
}

/// A write transaction holding some documents.
struct Batch {
    started: Instant,
    bytes: usize,
    rows: Vec<IndexRow>,
    results: Vec<Result<ImportOutcome>>,
}

struct Writer<'c> {
    conn: &'c mut Connection,
    batch: Option<Batch>,
    out: Vec<Result<ImportOutcome>>,
    /// Bytes of text committed.
    committed: usize,
    /// The import merges the index as it goes (see [`Writer::merge`]).
    merges: bool,
    /// Bytes of committed text whose merging is not done yet.
    merge_owed: usize,
}

impl Writer<'_> {
    /// Writes what `rx` brings until `total` items or a stop; true when stopped.
    fn run(
        &mut self,
        rx: &Receiver<Result<Prepared>>,
        total: usize,
        before: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        for i in 0..total {
            if !before(i) {
                return true;
            }
            // While a batch is open, wait for the next document only as long as the batch may
            // still last: then commit, rather than hold the write lock waiting for a slow file.
            let waited = match &self.batch {
                Some(b) => rx.recv_timeout(BATCH_TIME.saturating_sub(b.started.elapsed())),
                None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
            };
            let item = match waited {
                Ok(item) => item,
                Err(RecvTimeoutError::Timeout) => {
                    self.finish();
                    match rx.recv() {
                        Ok(item) => item,
                        Err(_) => return false,
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return false,
            };
            self.write(item);
        }
        false
    }

    /// Writes one prepared document (or records why it could not be prepared).
    fn write(&mut self, item: Result<Prepared>) {
        let prepared = match item {
            Ok(p) => p,
            Err(e) => {
                self.push(Err(e));
                return;
            }
        };
        if self.batch.is_none() {
            if let Err(e) = store::tx::begin(self.conn, store::tx::Lock::Write) {
                self.out.push(Err(e.context("cannot start writing")));
                return;
            }
            self.batch = Some(Batch {
                started: Instant::now(),
                bytes: 0,
                rows: Vec::new(),
                results: Vec::new(),
            });
        }
        let bytes = prepared.text.len();
        let file = prepared.file.clone();
        let named = |e: Error| match &file {
            Some(f) => e.context(f.display()),
            None => e,
        };
        let mut rows = Vec::new();
        let result = store::tx::in_savepoint(self.conn, |c| {
            write_one(c, prepared, &mut rows).map_err(named)
        });
        let Some(batch) = self.batch.as_mut() else { return };
        match result {
            Ok(Ok(outcome)) => {
                batch.rows.append(&mut rows);
                batch.bytes += bytes;
                batch.results.push(Ok(outcome));
            }
            Ok(Err(e)) => batch.results.push(Err(e)),
            Err(broken) => {
                // The savepoint could not be undone: give up the whole batch.
                batch.results.push(Err(broken.clone()));
                self.abandon(broken);
                return;
            }
        }
        if batch.bytes >= BATCH_BYTES
            || batch.started.elapsed() >= BATCH_TIME
            || store::tx::short_write_waiting()
        {
            self.finish();
        }
    }

    /// A result in order: into the open batch, or straight out when none is open.
    fn push(&mut self, r: Result<ImportOutcome>) {
        match self.batch.as_mut() {
            Some(b) => b.results.push(r),
            None => self.out.push(r),
        }
    }

    /// Writes the batch's index rows and commits it.
    fn finish(&mut self) {
        let Some(mut batch) = self.batch.take() else { return };
        let written = index::insert_index_rows(self.conn, &mut batch.rows)
            .and_then(|()| store::tx::commit(self.conn));
        match written {
            Ok(()) => {
                self.committed += batch.bytes;
                self.out.append(&mut batch.results);
                // Let a short write that waits take the lock before the next batch.
                store::tx::yield_lock();
                if self.merges {
                    self.merge_owed += batch.bytes;
                    self.merge();
                }
            }
            Err(e) => {
                self.batch = Some(batch);
                self.abandon(e.context("the import could not be saved"));
            }
        }
    }

    /// Merges the index's segments, in steps of their own transactions with the lock left free
    /// after each, up to what the text committed since the last merge calls for: the segments a
    /// bulk import writes would otherwise pile up until FTS5 merged a whole level of them inside
    /// one commit (seconds of holding the lock), or until the library is idle. Best effort: a
    /// step that fails (the lock is busy) leaves the rest to the idle thread.
    fn merge(&mut self) {
        let step_bytes = MERGE_STEP_PAGES as usize * TEXT_PER_MERGE_PAGE;
        while self.merge_owed >= step_bytes {
            match index::merge_some(self.conn, MERGE_STEP_PAGES) {
                Ok(true) => {
                    self.merge_owed -= step_bytes;
                    store::tx::yield_lock();
                }
                // Nothing left to merge, or busy: nothing is owed any more.
                Ok(false) | Err(_) => self.merge_owed = 0,
            }
        }
    }

    /// Rolls the open batch back; each document written in it reports `why`.
    fn abandon(&mut self, why: Error) {
        let Some(batch) = self.batch.take() else { return };
        let _ = store::tx::rollback(self.conn);
        self.out.extend(batch.results.into_iter().map(|r| r.and(Err(why.clone()))));
    }
}

/// Writes one document in the open transaction; the index rows of a new article go to `rows`
/// (the caller writes them before committing).
fn write_one(conn: &Connection, p: Prepared, rows: &mut Vec<IndexRow>) -> Result<ImportOutcome> {
    let now = now_rfc3339();
    let (id, status) = if let Some(id) = store::live_article_by_hash(conn, &p.hash)? {
        // An article imported before images were kept gets them now.
        if store::article_image_count(conn, id)? == 0 && !p.images.list.is_empty() {
            write_images(conn, id, &p.images)?;
        }
        (id, ImportStatus::AlreadyPresent)
    } else if let Some(id) = earlier_version(conn, &p)? {
        let report = replace_content(conn, id, &p.doc.format, &p.text, &p.hash, &p.passages, &now)?;
        write_images(conn, id, &p.images)?;
        (id, ImportStatus::Updated { report })
    } else {
        let chars = text::char_len(&p.text) as u32;
        let id = {
            let _deferred = index::Deferred::new();
            store::insert_article(conn, &p.doc.meta, &p.doc.format, &p.hash, chars, &now)?
        };
        store::insert_passages_unindexed(conn, id, &p.passages)?;
        write_images(conn, id, &p.images)?;
        for tag in &p.doc.tags {
            if let Ok(name) = crate::tags::normalize_tag(tag) {
                let tag_id = store::ensure_tag(conn, &name, &now)?;
                store::link_tag(conn, ItemRef { kind: ItemKind::Article, id }, tag_id)?;
            }
        }
        rows.extend(IndexRow::new(Indexed::Title { article: id }, p.title_tokens));
        for (passage, tokens) in p.passages.iter().zip(p.passage_tokens) {
            let what = Indexed::Passage { article: id, ordinal: passage.ordinal };
            rows.extend(IndexRow::new(what, tokens));
        }
        (id, ImportStatus::Imported)
    };
    let article = store::article_summary(conn, id)?
        .ok_or_else(|| Error::internal("the imported article vanished"))?;
    Ok(ImportOutcome { article, status, encoding: p.doc.encoding, warnings: p.doc.warnings })
}

/// The live article that `p` is a new version of: one imported from the same source, or for a
/// captured link, one captured from (or canonically at) the same page.
fn earlier_version(conn: &Connection, p: &Prepared) -> Result<Option<Id>> {
    let Some(source) = &p.source else { return Ok(None) };
    if p.canonical.is_none() && !crate::fetch::is_web_url(source) {
        return store::live_article_by_source(conn, source);
    }
    if let Some(id) = store::live_article_by_link(conn, source)? {
        return Ok(Some(id));
    }
    match &p.canonical {
        Some(c) => store::live_article_by_link(conn, c),
        None => Ok(None),
    }
}

/// Replaces an article's text and re-anchors every highlight and passage note of it (in the
/// trash too, so that a restored one is in the right place), in the caller's transaction.
pub(crate) fn replace_content(
    tx: &Connection,
    id: Id,
    format: &str,
    text: &str,
    hash: &str,
    passages: &[Passage],
    now: &str,
) -> Result<ReanchorReport> {
    let chars = text::char_len(text) as u32;
    store::set_article_content(tx, id, format, hash, chars, now)?;
    store::replace_passages(tx, id, passages)?;
    let at = AnchorText::new(text);
    let mut report = ReanchorReport::default();
    for stored in store::highlight_anchors(tx, id)? {
        if let Some(anchor) = reanchor(&at, &stored.anchor, &mut report) {
            store::set_highlight_anchor(tx, stored.id, &anchor, None)?;
        }
    }
    for stored in store::note_anchors(tx, id)? {
        if let Some(anchor) = reanchor(&at, &stored.anchor, &mut report) {
            store::set_note_anchor(tx, stored.id, &anchor)?;
        }
    }
    Ok(report)
}
