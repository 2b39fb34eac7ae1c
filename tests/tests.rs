//! Integration tests of the core on real documents. One binary; one module per area.

/// Highlights from other tools (Kindle, Readwise, 微信读书, Hypothesis, Web Annotation) in, and
/// Web Annotations out, checked against the W3C's schemas.
mod annotations;
/// The plan of the code, read from the sources: layers, file sizes, SQL only in the store.
mod architecture;
/// Importing many documents at once: all or nothing per document, batches, their index rows.
mod batch;
/// The `zhaji` command line, run as a process.
mod cli;
/// The command line's contract: one-line failures, one JSON document, checked values, only
/// regular files, the README's examples.
mod cli_contract;
/// Finding the shared test corpus, and skipping loudly when it is absent.
#[allow(dead_code)]
mod common;
/// Following the debate: taxonomy, suggestions, who & what, figures, claims, briefs.
mod debate;
/// The EPUB reader: a real book, EPUB 2 with NCX and ruby, hostile archives.
mod epub;
/// Hostile files (deep, unclosed, huge), generated: linear work, bounded trees, one-line errors.
mod hostile;
/// The HTML reader against Mozilla Readability's pages: similarity, titles, bylines.
mod html;
/// Import of plain text and Markdown: encodings, corpus articles, refused files.
mod import;
/// The library façade: storage, highlights, tags, notes, trash.
mod library;
/// Mutated corpus files from fixed seeds: no panic, one-line errors, bounded parse work.
mod mutate;
/// A damaged library is never written to; backups, their rotation and restore.
mod safety;
/// Search: the oracle against a brute-force scan, the query language, filters, index sync.
mod search;
