//! Sync between devices through a folder they already share, on Automerge: the documents, the
//! folder's files, and nothing of SQLite (the store reads and writes the rows; the façade,
//! `library/sync.rs`, runs a round). See ARCHITECTURE.md, "Sync".
//!
//! What crosses between the store and the documents is plain data: an [`Item`] per article,
//! highlight, note or tag, its fields as [`Scalar`]s named like their columns.

pub(crate) mod crypt;
pub(crate) mod data;
pub(crate) mod doc;
pub(crate) mod folder;
pub(crate) mod history;
pub(crate) mod images;
pub mod problem;

use std::collections::{BTreeMap, BTreeSet};

/// The value of one field, as SQLite's row and the document both hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar {
    Null,
    Int(i64),
    Str(String),
}

impl Scalar {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_int(&self) -> Option<i64> {
        match self {
            Scalar::Int(i) => Some(*i),
            _ => None,
        }
    }
}

impl From<Option<String>> for Scalar {
    fn from(v: Option<String>) -> Scalar {
        v.map_or(Scalar::Null, Scalar::Str)
    }
}

/// One thing that syncs (the article itself, a highlight, a note, a tag): its plain fields by
/// column name, the UUIDs of its tags (articles and highlights), its body (notes: merged as
/// text), and whether it was purged from the trash (its row is gone for good).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Item {
    pub fields: BTreeMap<String, Scalar>,
    pub tags: BTreeSet<String>,
    pub body: Option<String>,
    pub purged: bool,
}

impl Item {
    pub(crate) fn get(&self, field: &str) -> &Scalar {
        self.fields.get(field).unwrap_or(&Scalar::Null)
    }

    pub(crate) fn str(&self, field: &str) -> Option<&str> {
        self.get(field).as_str()
    }
}

/// An article as its document holds it: the article's own fields and tags, every UUID it has
/// had on any device, its text versions (content hash → passages as JSON), and its highlights
/// and notes by UUID, those in the trash included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ArticleState {
    pub article: Item,
    pub uuids: BTreeSet<String>,
    pub versions: BTreeMap<String, String>,
    pub highlights: BTreeMap<String, Item>,
    pub notes: BTreeMap<String, Item>,
}

/// The key of the library-wide document (tags).
pub(crate) const LIBRARY_DOC: &str = "library";

/// The key of the document of an article whose text had content hash `hash` when it first
/// synced: two devices that imported the same text share it.
pub(crate) fn article_doc_key(hash: &str) -> String {
    format!("article:{hash}")
}
