//! The one error type of the core.
//!
//! Every fallible function of the core returns [`Result`]. An [`Error`] carries an [`ErrorKind`]
//! that a caller can act on (the desktop shell maps it to its IPC error, the CLI to a one-line
//! message) and a message written for the person who caused it: it names the file, article or
//! query that was wrong.

use crate::sync::problem::SyncProblem;
use std::fmt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// How many times SQLite has reported a damaged file in this process (see
/// [`corruption_reports`]).
static CORRUPTION_REPORTS: AtomicU64 = AtomicU64::new(0);

/// How many times SQLite has reported a damaged file (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) in this
/// process so far: a library checks itself again before its next write when this has changed.
pub(crate) fn corruption_reports() -> u64 {
    CORRUPTION_REPORTS.load(Ordering::Relaxed)
}

/// What went wrong, coarsely enough for a caller to decide what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorKind {
    /// The article, highlight, note or tag does not exist (or is in the trash).
    NotFound,
    /// The input was refused: a bad offset, an empty quote, a malformed query, a file that is not
    /// a text document, a file over the size limit.
    InvalidInput,
    /// The change conflicts with what is there (a tag name already taken, say).
    Conflict,
    /// The format is recognised but not supported yet (PDF).
    Unsupported,
    /// Reading or writing a file failed.
    Io,
    /// A link could not be fetched: no network, the site not found or not answering, an HTTP
    /// error. Trying again later may work.
    Network,
    /// The library database could not be opened or used: locked, corrupt, or from a newer Zhaji.
    Database,
    /// A bug: something the core believed impossible happened.
    Internal,
}

/// An error of the core: a kind and a message for a person; a sync problem also keeps its typed
/// form, for front doors that say it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    sync: Option<Box<SyncProblem>>,
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Makes an error of `kind` with a message for a person.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error { kind, message: message.into(), sync: None }
    }
    /// A sync problem as an error of `kind`: its English sentence the message, the problem kept.
    pub fn sync(kind: ErrorKind, problem: SyncProblem) -> Error {
        Error { kind, message: problem.to_string(), sync: Some(Box::new(problem)) }
    }
    /// The sync problem this error is, if it is one.
    pub fn sync_problem(&self) -> Option<&SyncProblem> {
        self.sync.as_deref()
    }
    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::NotFound, message)
    }
    pub fn invalid(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidInput, message)
    }
    pub fn conflict(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Conflict, message)
    }
    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal, message)
    }
    /// An I/O error on `path`, saying what was being done (`"cannot read"`).
    pub fn io(path: &Path, doing: &str, err: &std::io::Error) -> Error {
        Error::new(ErrorKind::Io, format!("{doing} {}: {}", path.display(), io_reason(err)))
    }
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The same error with `context` put before its message (`"importing a.txt: …"`).
    pub fn context(self, context: impl fmt::Display) -> Error {
        Error { message: format!("{context}: {}", self.message), ..self }
    }
}

fn io_reason(err: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match err.kind() {
        K::NotFound => "no such file or folder".into(),
        K::PermissionDenied => "permission denied".into(),
        _ => err.to_string(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Error {
        use rusqlite::ffi::ErrorCode as C;
        if let rusqlite::Error::SqliteFailure(e, _) = &err {
            let msg = match e.code {
                C::DatabaseBusy | C::DatabaseLocked => {
                    "the library is locked by another program; try again in a moment"
                }
                C::DatabaseCorrupt | C::NotADatabase => {
                    CORRUPTION_REPORTS.fetch_add(1, Ordering::Relaxed);
                    "the library file is damaged or is not a Zhaji library"
                }
                C::ReadOnly => "the library file is read-only",
                C::DiskFull => "the disk is full",
                C::CannotOpen => "the library file cannot be opened",
                _ => "",
            };
            if !msg.is_empty() {
                return Error::new(ErrorKind::Database, format!("{msg} ({err})"));
            }
        }
        Error::new(ErrorKind::Database, format!("database error: {err}"))
    }
}
