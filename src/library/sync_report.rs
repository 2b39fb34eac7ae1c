//! What sync reports to the reader: a round's report, the devices and what is pending, and
//! the problems met, each as a sentence and typed.

use crate::sync::problem::SyncProblem;
use crate::{Error, ErrorKind};
use serde::Serialize;
use std::path::Path;

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncReport {
    /// Changes made here and written to the folder.
    pub changes_written: usize,
    /// Files of other devices taken in whole.
    pub files_applied: usize,
    /// Files of other devices not taken in yet: still arriving, or waiting for changes they
    /// build on; read again at the next round.
    pub files_waiting: usize,
    /// Documents changed by other devices' files.
    pub documents_merged: usize,
    /// True when this library turned out to be a restored backup and took a new device id.
    pub new_identity: bool,
    /// Things the reader should know (a newer Zhaji on another device).
    pub messages: Vec<String>,
    /// The same, typed, in the same order, for a front door to say in the reader's language.
    pub problems: Vec<SyncProblem>,
}

/// A device of the folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncDevice {
    pub id: String,
    pub name: String,
    pub this_device: bool,
    /// How many change files it has in the folder.
    pub files: usize,
    /// When its last file was written (RFC 3339), if it has one.
    pub last_change: Option<String>,
    /// Its files not yet taken in here.
    pub unread_files: usize,
}

/// Where a library stands with its sync folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncStatus {
    pub device_id: String,
    pub name: String,
    pub folder: String,
    pub joined_at: String,
    /// True if and only if what this device writes to the folder is encrypted.
    pub encrypted: bool,
    /// Articles (and claims, and the preferences) written here and not yet in their document.
    #[ts(type = "number")]
    pub pending_articles: i64,
    /// Changes made here and not yet in the folder.
    #[ts(type = "number")]
    pub pending_changes: i64,
    pub devices: Vec<SyncDevice>,
    pub messages: Vec<String>,
    /// `messages`, typed, in the same order.
    pub problems: Vec<SyncProblem>,
}

pub(super) fn not_joined() -> Error {
    Error::sync(ErrorKind::NotFound, SyncProblem::NotJoined)
}

/// Keeps `problem` for the reader, as a sentence and typed.
pub(super) fn tell(
    messages: &mut Vec<String>,
    problems: &mut Vec<SyncProblem>,
    problem: SyncProblem,
) {
    messages.push(problem.to_string());
    problems.push(problem);
}

pub(super) fn missing(folder: &Path) -> SyncProblem {
    SyncProblem::FolderMissing { folder: folder.display().to_string() }
}

impl SyncReport {
    pub(super) fn tell(&mut self, problem: SyncProblem) {
        tell(&mut self.messages, &mut self.problems, problem);
    }
}
