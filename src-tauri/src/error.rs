//! The one error type that crosses the IPC boundary.
//!
//! Every command returns `Result<T, ApiError>`. The UI switches on `kind` (for example, to say
//! "not found" differently from "the disk is full") and shows `message`, which the core wrote
//! for a person.

use serde::Serialize;
use ts_rs::TS;

/// What went wrong, coarsely enough for the UI to act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ApiErrorKind {
    NotFound,
    InvalidInput,
    Conflict,
    Unsupported,
    Io,
    Database,
    /// A bug, in the core or in the shell (a panic, a lost worker thread).
    Internal,
}

/// An error as the UI receives it: a kind to branch on and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ApiError {
    pub kind: ApiErrorKind,
    pub message: String,
}

impl ApiError {
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError { kind: ApiErrorKind::Internal, message: message.into() }
    }
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError { kind: ApiErrorKind::InvalidInput, message: message.into() }
    }
}

impl From<zhaji::Error> for ApiError {
    fn from(err: zhaji::Error) -> ApiError {
        use zhaji::ErrorKind as K;
        let kind = match err.kind() {
            K::NotFound => ApiErrorKind::NotFound,
            K::InvalidInput => ApiErrorKind::InvalidInput,
            K::Conflict => ApiErrorKind::Conflict,
            K::Unsupported => ApiErrorKind::Unsupported,
            K::Io => ApiErrorKind::Io,
            K::Database => ApiErrorKind::Database,
            K::Internal => ApiErrorKind::Internal,
        };
        ApiError { kind, message: err.message().to_owned() }
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
        assert_eq!(e.kind, ApiErrorKind::NotFound);
        assert_eq!(e.message, "no article 7");
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(json, r#"{"kind":"not_found","message":"no article 7"}"#);
    }
}
