//! The façade: everything a shell or the command line can do with a library.

use crate::model::*;
use crate::Result;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// An open library of articles.
pub struct Library {
    conn: Connection,
    path: Option<PathBuf>,
}

/// How to order the article list.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortBy {
    #[default]
    Imported,
    Updated,
    Title,
    Published,
}

/// Which articles to list, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ListOptions {
    pub sort: SortBy,
    /// Oldest (or A–Z) first when true.
    pub ascending: bool,
    /// Only articles that carry this tag or one of its children, or have a highlight that does.
    pub tag: Option<String>,
}

/// A highlight to make: by offsets, or by quoting the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct HighlightSpec {
    #[ts(type = "number")]
    pub article_id: Id,
    /// Code-point offsets `[start, end)`; or else `quote`.
    pub range: Option<(u32, u32)>,
    pub quote: Option<String>,
    /// Which occurrence of `quote` (from 1) when it occurs more than once.
    pub occurrence: Option<u32>,
    pub color: Color,
    pub tags: Vec<String>,
    pub note: Option<String>,
}

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportOptions {
    /// Only these articles; all when empty.
    #[ts(type = "Array<number>")]
    pub articles: Vec<Id>,
}

impl Library {
    /// Opens the library at `path`, creating it if needed.
    pub fn open(path: &Path) -> Result<Library> {
        Ok(Library {
            conn: crate::store::open(path)?,
            path: Some(path.to_owned()),
        })
    }
    /// A library in memory, gone when dropped.
    pub fn open_in_memory() -> Result<Library> {
        Ok(Library {
            conn: crate::store::open_in_memory()?,
            path: None,
        })
    }
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
    #[allow(dead_code)]
    fn conn(&self) -> &Connection {
        &self.conn
    }
}
