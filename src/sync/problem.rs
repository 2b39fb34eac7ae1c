//! What can go wrong with sync that the reader can act on, typed, so that a front door says it in
//! the reader's own language (the desktop in Chinese or English) with the folder or device it
//! names. The English sentence each one makes (its `Display`) is the core's error message and the
//! command line's text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A sync problem, with what it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum SyncProblem {
    /// The sync folder is not there (a drive not mounted, a synced folder moved or removed).
    FolderMissing { folder: String },
    /// The passphrase given does not open the folder.
    WrongPassphrase { folder: String },
    /// The folder is encrypted and no passphrase was given.
    PassphraseNeeded { folder: String },
    /// A passphrase was given for a folder that already holds unencrypted files.
    NotEncrypted { folder: String },
    /// The library syncs with a folder already.
    AlreadyJoined { folder: String },
    /// The library does not sync with a folder.
    NotJoined,
    /// The device name is empty or more than one line.
    DeviceName,
    /// Another device runs a newer Zhaji: its files are skipped until this one is updated.
    NewerZhaji { device: String },
    /// A file of another device is encrypted with another key: it is skipped.
    OtherKey {
        device: String,
        #[ts(type = "number")]
        file: i64,
    },
    /// A change in another device's file cannot be read: it is skipped.
    UnreadableChange {
        device: String,
        #[ts(type = "number")]
        file: i64,
    },
    /// Another device's copy of an image is not that image (or not an image Zhaji keeps): it is
    /// skipped, and the image is looked for again in the other devices' folders.
    ImageSkipped { device: String, image: String },
    /// Saved forms of a document (compacted files of other devices) cannot be read: they are
    /// skipped, and the document is taken in from what else arrived.
    UnreadableSavedForm {
        document: String,
        #[ts(type = "number")]
        count: usize,
    },
}

impl fmt::Display for SyncProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SyncProblem::FolderMissing { folder } => write!(
                f,
                "the sync folder {folder} is missing (is the drive or the synced folder there?)"
            ),
            SyncProblem::WrongPassphrase { folder } => {
                write!(f, "wrong passphrase for the sync folder {folder}")
            }
            SyncProblem::PassphraseNeeded { folder } => {
                write!(f, "the sync folder {folder} is encrypted: give its passphrase")
            }
            SyncProblem::NotEncrypted { folder } => write!(
                f,
                "the sync folder {folder} already holds unencrypted files: join it without a \
                 passphrase"
            ),
            SyncProblem::AlreadyJoined { folder } => {
                write!(f, "this library already syncs with {folder} (zhaji sync leave first)")
            }
            SyncProblem::NotJoined => {
                f.write_str("this library does not sync with a folder (zhaji sync init FOLDER)")
            }
            SyncProblem::DeviceName => f.write_str("a device name must be one line of text"),
            SyncProblem::NewerZhaji { device } => write!(
                f,
                "device {device} runs a newer Zhaji: its files are skipped until this one is updated"
            ),
            SyncProblem::OtherKey { device, file } => write!(
                f,
                "file {file} of device {device} is encrypted with another key; it is skipped"
            ),
            SyncProblem::UnreadableChange { device, file } => write!(
                f,
                "a change in file {file} of device {device} cannot be read; it is skipped"
            ),
            SyncProblem::UnreadableSavedForm { document, count } => write!(
                f,
                "{count} saved form(s) of document {document} from other devices cannot be read; \
                 they are skipped"
            ),
            SyncProblem::ImageSkipped { device, image } => write!(
                f,
                "the copy of image {image} in the folder of device {device} is not that image; \
                 it is skipped"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI switches on `type` and reads the named fields.
    #[test]
    fn a_problem_crosses_as_its_type_and_what_it_names() {
        let p = SyncProblem::FolderMissing { folder: "/媒体/同步".into() };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json, serde_json::json!({ "type": "folder_missing", "folder": "/媒体/同步" }));
        assert!(p.to_string().contains("/媒体/同步") && p.to_string().contains("missing"));
        let json = serde_json::to_value(SyncProblem::NotJoined).unwrap();
        assert_eq!(json, serde_json::json!({ "type": "not_joined" }));
    }
}
