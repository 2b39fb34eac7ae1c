//! Integration tests of the core on real documents. One binary; one module per area.

/// Finding the shared test corpus, and skipping loudly when it is absent.
#[allow(dead_code)]
mod common;
/// Import of plain text and Markdown: encodings, corpus articles, refused files.
mod import;
/// The library façade: storage, highlights, tags, notes, trash.
mod library;
/// Search: the oracle against a brute-force scan, the query language, filters, index sync.
mod search;
