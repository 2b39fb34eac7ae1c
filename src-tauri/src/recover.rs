//! Brings the page back when the webview's renderer dies.
//!
//! On Linux the page runs in a WebKitGTK web process of its own. When that process crashes (an
//! assertion in the engine, a signal) or is killed for using too much memory, the window keeps
//! showing its last frame and never answers again. The webview reports it with its
//! `web-process-terminated` signal; the shell then loads the page again, with a fragment that
//! tells the UI what happened (`#recovered=crashed`, `#recovered=memory`, and `-again` when the
//! previous crash was moments ago, so that the UI does not reopen what may have caused it).
//! The UI restores the open article and scroll position from its local storage and offers back
//! the notes that were being typed (`ui/src/recovery.ts`).
//!
//! Other platforms' webviews have their own recovery or none that Tauri exposes; there this
//! does nothing.

use tauri::{Runtime, WebviewWindow};

/// Watches `window`'s webview and reloads its page when its web process dies.
pub fn watch<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    #[cfg(target_os = "linux")]
    window.with_webview(|platform| linux::watch(&platform.inner()))?;
    #[cfg(not(target_os = "linux"))]
    let _ = window;
    Ok(())
}

/// Where the page goes after a termination: its address without a fragment, and the fragment
/// that tells the UI why. `None` for a termination the app asked for.
pub fn recovery_uri(
    current: Option<&str>,
    reason: Reason,
    soon_after_another: bool,
) -> Option<String> {
    let why = match reason {
        Reason::Crashed => "crashed",
        Reason::Memory => "memory",
        Reason::Requested => return None,
    };
    let base = current.filter(|u| !u.is_empty() && !u.starts_with("about:")).unwrap_or(DEFAULT_URI);
    let base = base.split('#').next().unwrap_or(base);
    let again = if soon_after_another { "-again" } else { "" };
    Some(format!("{base}#recovered={why}{again}"))
}

/// Why the web process ended, in the shell's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Crashed,
    Memory,
    /// Ended through the webview's own API (by the app): nothing to recover.
    Requested,
}

/// The page's address when the webview cannot say (Tauri's on Linux).
const DEFAULT_URI: &str = "tauri://localhost/";

/// A crash this soon after the previous one counts as "again".
pub const AGAIN_WITHIN: std::time::Duration = std::time::Duration::from_secs(30);

/// After this many crashes in a row, each soon after the last, the page is not loaded again: a
/// short text says so instead of a window that crashes over and over.
pub const GIVE_UP_AFTER: u32 = 4;

#[cfg(target_os = "linux")]
mod linux {
    use super::{recovery_uri, Reason, AGAIN_WITHIN, GIVE_UP_AFTER};
    use std::cell::Cell;
    use std::time::Instant;
    use webkit2gtk::{WebProcessTerminationReason, WebView, WebViewExt};

    pub fn watch(view: &WebView) {
        // The signal comes on the GTK main thread, which owns the webview: plain cells suffice.
        let last = Cell::new(None::<Instant>);
        let streak = Cell::new(0u32);
        view.connect_web_process_terminated(move |view, reason| {
            let reason = match reason {
                WebProcessTerminationReason::Crashed => Reason::Crashed,
                WebProcessTerminationReason::ExceededMemoryLimit => Reason::Memory,
                WebProcessTerminationReason::TerminatedByApi => Reason::Requested,
                // A reason newer than this build: the page is gone all the same.
                _ => Reason::Crashed,
            };
            let now = Instant::now();
            let soon = last.get().is_some_and(|t| now.duration_since(t) < AGAIN_WITHIN);
            last.set(Some(now));
            streak.set(if soon { streak.get() + 1 } else { 1 });
            let current = view.uri();
            let Some(uri) = recovery_uri(current.as_deref(), reason, soon) else { return };
            if streak.get() >= GIVE_UP_AFTER {
                eprintln!("zhaji: the page's web process ended ({reason:?}) {} times in a row; not reloading it", streak.get());
                view.load_plain_text("Zhaji's page stopped several times in a row and was not reloaded. Your library is safe; please restart Zhaji.");
                return;
            }
            eprintln!("zhaji: the page's web process ended ({reason:?}); loading it again");
            view.load_uri(&uri);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_reloads_the_same_page_with_the_reason_in_its_fragment() {
        let uri = recovery_uri(Some("tauri://localhost/index.html"), Reason::Crashed, false);
        assert_eq!(uri.as_deref(), Some("tauri://localhost/index.html#recovered=crashed"));
        let uri =
            recovery_uri(Some("http://tauri.localhost/#recovered=crashed"), Reason::Memory, true);
        assert_eq!(uri.as_deref(), Some("http://tauri.localhost/#recovered=memory-again"));
    }

    #[test]
    fn an_unknown_or_blank_address_falls_back_to_the_app_page() {
        let expected = Some("tauri://localhost/#recovered=crashed".to_owned());
        assert_eq!(recovery_uri(None, Reason::Crashed, false), expected);
        assert_eq!(recovery_uri(Some("about:blank"), Reason::Crashed, false), expected);
    }

    #[test]
    fn a_termination_the_app_asked_for_is_left_alone() {
        assert_eq!(recovery_uri(Some("tauri://localhost/"), Reason::Requested, false), None);
    }
}
