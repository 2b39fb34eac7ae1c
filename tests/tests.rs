//! Integration tests of the core on real documents. One binary; one module per area.

/// Finding the shared test corpus, and skipping loudly when it is absent.
#[allow(dead_code)]
mod common;
/// Following the debate: taxonomy, suggestions, who & what, figures, claims, briefs.
mod debate;
/// Import of plain text and Markdown: encodings, corpus articles, refused files.
mod import;
/// The library façade: storage, highlights, tags, notes, trash.
mod library;
