//! `zhaji://` links handed to the app by the system (a click in a browser or an exported note,
//! the bookmarklet, a second launch with the link as its argument): kept until the page asks for
//! them, each read as what the page should do. `zhaji://import?url=…` becomes a question (the
//! page asks before it captures anything); `zhaji://article|highlight|note/<uuid>` the place to
//! open, found by `Library::resolve_link`.

use crate::error::ApiResult;
use crate::state::AppState;
use serde::Serialize;
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;
use zhaji::LinkTarget;

/// The event that tells the page a link has come (it then calls `take_deep_links`).
pub const LINK_EVENT: &str = "deep-link";

/// Links that came and the page has not taken yet (the first may come before the page runs).
#[derive(Default)]
pub struct DeepLinks {
    pending: Mutex<Vec<String>>,
}

impl DeepLinks {
    /// Keeps `links` for the page and tells it.
    pub fn arrived(&self, app: &AppHandle, links: impl IntoIterator<Item = String>) {
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        pending.extend(links);
        drop(pending);
        let _ = app.emit(LINK_EVENT, ());
    }
}

/// What a link asks of the page.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DeepLink {
    /// Capture this http(s) link, once the reader says yes.
    Import { url: String },
    /// Open the reader at this article, highlight or note.
    Open { target: LinkTarget },
    /// A link that cannot be followed, and why.
    Refused { link: String, message: String },
}

/// Reads a `zhaji://import?url=…` link: the http(s) link to capture, or why not.
fn import_link(link: &str) -> Result<String, String> {
    let parsed = tauri::Url::parse(link).map_err(|e| format!("a malformed link: {e}"))?;
    let url = parsed
        .query_pairs()
        .find(|(k, _)| k == "url")
        .map(|(_, v)| v.trim().to_owned())
        .ok_or_else(|| "the link names no page (url=…)".to_owned())?;
    if zhaji::fetch::is_web_url(&url) {
        Ok(url)
    } else {
        Err("only http and https pages can be added".to_owned())
    }
}

/// The links that came since the last call, each read.
#[tauri::command(rename_all = "snake_case")]
pub async fn take_deep_links(
    state: State<'_, AppState>,
    links: State<'_, DeepLinks>,
) -> ApiResult<Vec<DeepLink>> {
    let taken: Vec<String> = {
        let mut pending = links.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        std::mem::take(&mut *pending)
    };
    state
        .with(move |lib| {
            Ok(taken
                .into_iter()
                .map(|link| {
                    let refused =
                        |message: String| DeepLink::Refused { link: link.clone(), message };
                    if link.starts_with("zhaji://import") {
                        return match import_link(&link) {
                            Ok(url) => DeepLink::Import { url },
                            Err(message) => refused(message),
                        };
                    }
                    match lib.resolve_link(&link) {
                        Ok(target) => DeepLink::Open { target },
                        Err(e) => refused(e.message().to_owned()),
                    }
                })
                .collect())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::import_link;

    #[test]
    fn an_import_link_gives_its_page_and_refuses_anything_but_http() {
        let link =
            "zhaji://import?url=https%3A%2F%2Fmp.weixin.qq.com%2Fs%2Fabc%3Fa%3D1%26b%3D%E7%AE%97";
        assert_eq!(import_link(link).unwrap(), "https://mp.weixin.qq.com/s/abc?a=1&b=算");
        assert!(import_link("zhaji://import?url=file%3A%2F%2F%2Fetc%2Fpasswd").is_err());
        assert!(import_link("zhaji://import?url=javascript%3Aalert(1)").is_err());
        assert!(import_link("zhaji://import").is_err());
    }
}
