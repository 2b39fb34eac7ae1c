//! The façade: everything a shell or the command line can do with a library.
//!
//! One file per area: `import` (documents in, one path for every front door), `annotations`
//! (highlights from other tools in, Web Annotations out), `articles`,
//! `highlights`, `tags`, `notes`, `trash`, `search`, `export`, `settings` (colour names), `notebook` (every highlight, filtered and paged),
//! `clipper` (the browser extension's pairing and the one page it may add),
//! `taxonomy` (the debate's taxonomy, suggestions, who & what), `claims` (claims, evidence,
//! briefs) and `safety` (damage refused; backups made, rotated and restored). This file holds
//! the struct, opening a library, and what "live" means for an article, a highlight and a note.
//!
//! Rules that need no façade live below it: article assembly in `crate::article`, tag names in
//! `crate::tags`, re-anchoring in `crate::anchor::reanchor`, the import pipeline in `crate::batch`.

mod annotations;
mod articles;
mod claims;
mod clipper;
mod export;
mod highlights;
mod import;
mod notebook;
mod notes;
mod safety;
mod search;
mod settings;
mod sync;
mod sync_data;
mod sync_history;
mod sync_images;
mod sync_report;
mod sync_texts;
mod tags;
mod taxonomy;
mod trash;

pub use articles::{ArticlePage, ListOptions, ListPage, LIST_MAX_PAGE};
pub use clipper::{ClipOutcome, ClipperPairing, Clipping};
pub use export::{Debounce, ExportOptions, ExportPreview, KeptFolder, KeptFolderStatus};
pub use highlights::HighlightSpec;
pub use import::{document_at, ImportSource};
pub use notebook::NOTEBOOK_MAX_PAGE;
pub use safety::{CheckVerdict, DailyBackup, FullCheck};
pub use sync_history::{FieldHistory, FieldValue, SyncHistory};
pub use sync_report::{SyncDevice, SyncReport, SyncStatus};
pub use sync_texts::SyncedText;

use crate::model::*;
use crate::{store, Error, ErrorKind, Result};
use rusqlite::{Connection, Transaction};
use std::path::{Path, PathBuf};

/// An open library of articles.
///
/// Every method that writes does so in one transaction: it fully happens or not at all.
pub struct Library {
    /// Declared before `conn` so that its thread and connection close first, and the closing of
    /// `conn` (then the last connection of this process) checkpoints and removes the log.
    _checkpointer: Option<store::Checkpointer>,
    conn: Connection,
    /// Declared after `conn`: records the file's stamp once the connection has closed.
    _stamp_on_close: Option<safety::StampOnClose>,
    path: Option<PathBuf>,
    is_new: bool,
    /// The merged taxonomy and its matcher, built on first use (see `crate::debate`).
    debate: crate::debate::Cache,
    /// Whether the file is known sound or damaged (see `safety`).
    health: safety::Health,
    /// Opened for reading only, because the file or its folder cannot be written: every write
    /// is refused, and nothing is written beside it (see `safety`).
    read_only: bool,
    /// How imports fetch remote images (none: they are left as placeholders).
    image_fetcher: Option<std::sync::Arc<crate::images::Fetcher>>,
}

impl Library {
    /// Opens the library at `path`, creating it (and its folder) if needed.
    ///
    /// Nothing is written to the file before it has been found sound: a library that must be
    /// migrated (or its index rebuilt) is checked first, and backed up before a migration. A
    /// damaged one that needs no migration opens for reading; its writes are refused.
    ///
    /// A library whose file or folder cannot be written opens read-only: it is read as it is
    /// (never migrated, checkpointed or backed up) and its writes are refused.
    pub fn open(path: &Path) -> Result<Library> {
        if store::is_read_only(path) {
            return Ok(Library {
                _checkpointer: None,
                conn: store::connect_read_only(path)?,
                _stamp_on_close: None,
                path: Some(path.to_owned()),
                is_new: false,
                debate: Default::default(),
                health: safety::Health::new(),
                read_only: true,
                image_fetcher: None,
            });
        }
        let existed = path.exists();
        let conn = store::connect(path)?;
        let health = safety::Health::new();
        let mut lib = Library {
            _checkpointer: None,
            conn,
            _stamp_on_close: Some(safety::StampOnClose {
                path: path.to_owned(),
                sound: health.sound.clone(),
            }),
            path: Some(path.to_owned()),
            is_new: !existed,
            debate: Default::default(),
            health,
            read_only: false,
            image_fetcher: None,
        };
        lib.trust_recorded_stamp();
        if store::needs_writing(&lib.conn)? {
            lib.check_soundness()?;
            let version = store::health::schema_version(&lib.conn)?;
            if existed && version > 0 && version < store::SCHEMA_VERSION {
                lib.backup_before_migration(store::SCHEMA_VERSION)?;
            }
        }
        store::prepare(&lib.conn, path)?;
        let sound = lib.health.sound.clone();
        let stamps = Some(crate::backups::stamp_file(path));
        lib._checkpointer = Some(store::Checkpointer::start(&mut lib.conn, path, sound, stamps)?);
        Ok(lib)
    }

    /// A library in memory, gone when dropped.
    pub fn open_in_memory() -> Result<Library> {
        Ok(Library {
            _checkpointer: None,
            conn: store::open_in_memory()?,
            _stamp_on_close: None,
            path: None,
            is_new: true,
            debate: Default::default(),
            health: safety::Health::new(),
            read_only: false,
            image_fetcher: None,
        })
    }

    /// The file this library lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The default library file: `$XDG_DATA_HOME/zhaji/library.db` on Linux (usually
    /// `~/.local/share/zhaji/library.db`), the platform's data folder elsewhere.
    pub fn default_path() -> Result<PathBuf> {
        dirs::data_dir().map(|d| d.join("zhaji").join("library.db")).ok_or_else(|| {
            Error::new(ErrorKind::Io, "cannot find the user's data folder (is HOME set?)")
        })
    }

    /// True if and only if the library was opened read-only (its file or folder cannot be
    /// written): reads work, writes are refused.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// A number that changes whenever another connection commits a change to the library: another
    /// process (the command line while the app is open), or this process's import or maintenance
    /// threads. This connection's own writes leave it as it is. A front door polls it to notice
    /// outside changes cheaply (one PRAGMA, nothing read from the tables).
    pub fn data_version(&self) -> Result<i64> {
        store::data_version(&self.conn)
    }

    /// True if and only if this open created the library file (a first run).
    pub fn is_new(&self) -> bool {
        self.is_new
    }

    /// Adds the bundled sample article with a few highlights, tags and notes; returns its id.
    pub fn add_sample(&mut self) -> Result<Id> {
        crate::sample::add(self)
    }

    /// Starts the one transaction of a write (`BEGIN IMMEDIATE`, so that it waits for the write
    /// lock now rather than fail on its first statement).
    /// Refused when the library is damaged (see `safety`).
    fn write(&mut self) -> Result<Transaction<'_>> {
        self.writable()?;
        store::tx::write_transaction(&mut self.conn)
    }
}

/// A live article's summary; not found when there is none or it is in the trash.
fn live_article(conn: &Connection, id: Id) -> Result<ArticleSummary> {
    match store::article_summary(conn, id)? {
        Some(a) => Ok(a),
        None => Err(match store::article_deleted(conn, id)? {
            Some(true) => Error::not_found(format!("article {id} is in the trash")),
            _ => Error::not_found(format!("no article {id}")),
        }),
    }
}

/// A live highlight of a live article, with its tags and note.
fn load_highlight(conn: &Connection, id: Id) -> Result<Highlight> {
    match store::highlight(conn, id)? {
        Some((mut h, false)) => {
            if store::article_deleted(conn, h.article_id)? == Some(true) {
                return Err(Error::not_found(format!(
                    "highlight {id} belongs to an article in the trash"
                )));
            }
            h.note = store::live_note_on(conn, h.article_id, Some(id))?;
            Ok(h)
        }
        Some((_, true)) => Err(Error::not_found(format!("highlight {id} is in the trash"))),
        None => Err(Error::not_found(format!("no highlight {id}"))),
    }
}

/// A live note.
fn live_note(conn: &Connection, id: Id) -> Result<Note> {
    match store::note(conn, id)? {
        Some((n, false)) => Ok(n),
        Some((_, true)) => Err(Error::not_found(format!("note {id} is in the trash"))),
        None => Err(Error::not_found(format!("no note {id}"))),
    }
}

/// The text of a live article, rebuilt from its passages.
fn live_text(conn: &Connection, id: Id) -> Result<String> {
    live_article(conn, id)?;
    Ok(crate::article::join_passages(&store::passages(conn, id)?))
}
