//! Integration tests of the core on real documents. One binary; one module per area.

/// Finding the shared test corpus, and skipping loudly when it is absent.
mod common;
/// Import of plain text and Markdown: encodings, corpus articles, refused files.
mod import;
