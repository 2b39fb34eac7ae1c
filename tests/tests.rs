//! Integration tests of the core on real documents. One binary; one module per area.

/// Highlights from other tools (Kindle, Readwise, 微信读书, Hypothesis, Web Annotation) in, and
/// Web Annotations out, checked against the W3C's schemas.
mod annotations;
/// The plan of the code, read from the sources: layers, file sizes, SQL only in the store.
mod architecture;
/// Importing many documents at once: all or nothing per document, batches, their index rows.
mod batch;
/// Capturing links from a local server: pages, redirects, charsets, failures, proxies, updates.
mod capture;
/// The `zhaji` command line, run as a process.
mod cli;
/// The command line's contract: one-line failures, one JSON document, checked values, only
/// regular files, the README's examples.
mod cli_contract;
/// The browser extension's loopback endpoint: pairing, every refusal, pages and selections in.
mod clipper;
/// Finding the shared test corpus, and skipping loudly when it is absent.
#[allow(dead_code)]
mod common;
/// Following the debate: taxonomy, suggestions, who & what, figures, claims, briefs.
mod debate;
/// The EPUB reader: a real book, EPUB 2 with NCX and ruby, hostile archives.
mod epub;
/// The main-text extractor on pages built to hold each kind of page furniture (Korean,
/// Japanese and Chinese among them), from `tests/data/extract`.
mod extract;
/// Hostile files (deep, unclosed, huge), generated: linear work, bounded trees, one-line errors.
mod hostile;
/// The HTML reader against Mozilla Readability's pages: similarity, titles, bylines.
mod html;
/// Images kept in the library: saved pages, remote images through a fetcher, EPUB, the trash,
/// backups, export.
mod images;
/// Import of plain text and Markdown: encodings, corpus articles, refused files.
mod import;
/// The command line killed (SIGKILL) mid-import, update and export: sound, nothing acknowledged lost.
mod kill;
/// The library façade: storage, highlights, tags, notes, trash.
mod library;
/// The article list a page at a time, against the whole list, in every order and filter.
mod list_pages;
/// Mutated corpus files from fixed seeds: no panic, one-line errors, bounded parse work.
mod mutate;
/// The notebook: every highlight across the library, filtered by tag, colour, claim, article,
/// note and date, in two orders, one page at a time.
mod notebook;
/// A library that cannot be written is read as it is, and every write refused.
mod read_only;
/// A damaged library is never written to; backups, their rotation and restore.
mod safety;
/// Search: the oracle against a brute-force scan, the query language, filters, index sync.
mod search;
/// A local HTTP server and CONNECT proxy for the tests that fetch.
#[allow(dead_code)]
mod serve;
/// How close an extracted text is to the expected one (shared with the extraction benchmark).
mod similarity;
/// Site passes: 微信公众号 pages as served and saved, Chinese news sites' titles and metadata.
mod sites;
/// Libraries syncing through folders kept in step by a late, partial, repeating carrier.
mod sync;
/// Two devices whose clocks are a day apart: merges alike, times carried as written.
mod sync_clocks;
/// Sync problems typed, naming their folder or device, their sentence the message.
mod sync_problems;
/// Two libraries kept in step by two real Syncthing instances on loopback.
mod syncthing;
/// The articles each tag reaches, kept by triggers: against the links counted from scratch,
/// after random writes, and on upgrade.
mod tag_reach;
/// Export into a folder the reader writes in: merges, moves, names, temp files, links back.
mod vault;
