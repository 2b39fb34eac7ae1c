//! Import: from a file's bytes to a [`Document`]: the article's metadata and its blocks.
//! (Being written: see the helper's task.)

use crate::model::{ArticleMeta, Link, PassageKind};
use crate::Result;
use std::path::Path;

/// Files larger than this are refused (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A parsed document, before it is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub meta: ArticleMeta,
    /// Tags named by the document itself (Markdown front matter).
    pub tags: Vec<String>,
    pub blocks: Vec<Block>,
    /// `text`, `markdown`, `html`, `epub` or `paste`.
    pub format: String,
    /// The encoding the bytes were read as.
    pub encoding: String,
    pub warnings: Vec<String>,
}

/// One block of a document: becomes one passage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: PassageKind,
    pub level: u8,
    pub text: String,
    pub links: Vec<Link>,
}

/// Reads and parses the file at `path`; errors name the file.
/// Parses a named document from its bytes.
pub fn parse_document(name: &str, bytes: &[u8]) -> Result<Document> {
    let _ = (name, bytes);
    todo!("import::parse_document")
}

/// Reads and parses the file at `path`.
pub fn read_document(path: &Path) -> Result<Document> {
    let _ = path;
    todo!("import::read_document")
}

/// Parses text the user pasted (plain text or Markdown).
pub fn parse_pasted(text: &str) -> Document {
    let _ = text;
    todo!("import::parse_pasted")
}
