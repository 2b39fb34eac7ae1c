//! Zhaji's core: a library of articles, their passages, and the reader's highlights, tags and
//! notes, kept in SQLite.
//!
//! Everything goes through [`Library`]; the types it takes and gives are plain data in [`model`].
//! The core knows nothing of Tauri, IPC or any UI.
//!
//! The façade (`library/`, one file per area) stands on rooms that never reach back up into it:
//! `batch` (every import), `article` (assembling an article's text), `tags` (tag names),
//! [`anchor`] (finding highlights again), [`search`], [`export`], [`import`], `store` (all SQL).

// Shipped code never unwraps: user data reaches only `Result`s (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
pub mod anchor;
pub mod annotations;
mod article;
mod backups;
mod batch;
pub mod collate;
pub mod debate;
pub mod endpoint;
pub mod error;
pub mod export;
pub mod fetch;
pub mod images;
pub mod import;
mod library;
pub mod markdown;
pub mod model;
mod sample;
pub mod search;
mod store;
mod sync;
mod tags;
pub mod text;

pub use debate::types::*;
pub use error::{Error, ErrorKind, Result};
pub use library::{
    document_at, ArticlePage, CheckVerdict, ClipOutcome, ClipperPairing, Clipping, DailyBackup,
    Debounce, ExportOptions, ExportPreview, FullCheck, HighlightSpec, ImportSource, KeptFolder,
    KeptFolderStatus, Library, ListOptions, ListPage, SyncDevice, SyncReport, SyncStatus,
    SyncedText, LIST_MAX_PAGE, NOTEBOOK_MAX_PAGE,
};
pub use library::{FieldHistory, FieldValue, SyncHistory};
pub use model::*;
pub use search::{
    HitKind, ReindexReport, SearchGroup, SearchHit, SearchOptions, SearchResults, TextSpan,
};
pub use sync::problem::SyncProblem;
