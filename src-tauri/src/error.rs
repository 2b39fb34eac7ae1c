//! The one error type that crosses the IPC boundary.
//!
//! Every command returns `Result<T, ApiError>`. The UI switches on `kind` (for example, to say
//! "not found" differently from "the disk is full") and shows `message`, which the core wrote
//! for a person. The kinds are the core's own [`ErrorKind`], so the UI's type is generated from
//! the one definition.

use serde::Serialize;
use ts_rs::TS;
use zhaji::{ErrorKind, SyncProblem};

/// What every command returns: the core's data, or an error the UI can branch on.
pub type ApiResult<T> = Result<T, ApiError>;

/// An error as the UI receives it: a kind to branch on and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    /// When the error is a sync problem, the problem typed: the UI says it in the reader's
    /// language, with the folder or device it names.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sync: Option<SyncProblem>,
}

impl ApiError {
    /// A bug, in the core or in the shell (a panic, a lost worker thread).
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError { kind: ErrorKind::Internal, message: message.into(), sync: None }
    }
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError { kind: ErrorKind::InvalidInput, message: message.into(), sync: None }
    }
}

impl From<zhaji::Error> for ApiError {
    fn from(err: zhaji::Error) -> ApiError {
        ApiError {
            kind: err.kind(),
            message: err.message().to_owned(),
            sync: err.sync_problem().cloned(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.kind, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_errors_keep_their_kind_and_message() {
        let e: ApiError = zhaji::Error::not_found("no article 7").into();
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert_eq!(e.message, "no article 7");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"kind":"not_found","message":"no article 7"}"#);
    }

    #[test]
    fn a_sync_problem_crosses_typed_beside_its_sentence() {
        let problem = SyncProblem::WrongPassphrase { folder: "/家/同步".into() };
        let e: ApiError = zhaji::Error::sync(ErrorKind::InvalidInput, problem).into();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json["sync"],
            serde_json::json!({ "type": "wrong_passphrase", "folder": "/家/同步" })
        );
        assert_eq!(json["message"], "wrong passphrase for the sync folder /家/同步");
    }

    /// The UI branches on these spellings (`e.kind === "not_found"`), so every kind keeps its
    /// snake_case name on the wire.
    #[test]
    fn every_kind_keeps_the_spelling_the_ui_reads() {
        let kinds = [
            (ErrorKind::NotFound, "not_found"),
            (ErrorKind::InvalidInput, "invalid_input"),
            (ErrorKind::Conflict, "conflict"),
            (ErrorKind::Unsupported, "unsupported"),
            (ErrorKind::Io, "io"),
            (ErrorKind::Network, "network"),
            (ErrorKind::Database, "database"),
            (ErrorKind::Internal, "internal"),
        ];
        for (kind, spelling) in kinds {
            let e = ApiError { kind, message: "算力".into(), sync: None };
            let json = serde_json::to_value(&e).unwrap();
            assert_eq!(json["kind"], spelling, "{kind:?}");
            assert_eq!(json["message"], "算力");
        }
    }
}
