//! The desktop shell of Zhaji: opens the library, mounts the core's façade as IPC commands and
//! shows the web UI from `ui/dist`.
//!
//! Architecture invariant: the shell has no SQL and no business rules. It decides only where the
//! library lives, which window to show, and how errors cross the IPC boundary.

// Shipped code never unwraps: user data reaches only `Result`s (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
mod commands;
pub mod error;
mod images;
mod keep;
mod recover;
mod rounds;
mod state;

use state::AppState;
use std::path::PathBuf;
use zhaji::Library;

/// Where the library file is: `$ZHAJI_DB` when set (tests and power users), else the per-user
/// default that the command line uses too, so both see the same articles.
fn library_path() -> Result<PathBuf, String> {
    match std::env::var_os("ZHAJI_DB") {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => Library::default_path().map_err(|e| e.to_string()),
    }
}

/// Opens the library, adding the sample article on the very first run so that a new user does
/// not meet an empty window.
fn open_library() -> Result<(Library, PathBuf), String> {
    let path = library_path()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut lib = Library::open(&path)
        .map_err(|e| format!("cannot open the library {}: {e}", path.display()))?;
    if lib.is_new() {
        // A missing sample is a pity, not a reason to refuse to start: even a panic in the core
        // while adding it must not keep the user from their (empty) library.
        let added = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lib.add_sample()));
        match added {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => eprintln!("zhaji: could not add the sample article: {e}"),
            Err(_) => eprintln!("zhaji: adding the sample article failed (a bug in the core)"),
        }
    }
    Ok((lib, path))
}

/// The name a running app holds on the session bus, so that a second launch finds it: one per
/// library file (two apps on two libraries, as the tests run them, are not one instance).
fn instance_name(library: &std::path::Path) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    library.hash(&mut h);
    format!("app.zhaji.desktop.L{:016x}", h.finish())
}

/// Paints the page on the CPU rather than through WebKitGTK's OpenGL compositor, unless the user
/// chose otherwise by setting `WEBKIT_DISABLE_COMPOSITING_MODE` themselves (`=0` keeps the GL
/// compositor).
///
/// A reader is text that scrolls; it gains nothing from GL layers, and where there is no GPU
/// (virtual machines, Xvfb, remote desktops) that GL is Mesa's software rasteriser, which is slow
/// and heavy: measured under Xvfb with a 50,000-character Chinese article, the first paint of
/// the reader's CJK font took ~850 ms composited and ~16 ms without, opening the article fell
/// from 1.1-1.4 s to ~0.25 s, and the app's processes used less memory. Must run before GTK and
/// WebKit start (they read the variable once), hence first thing in `run`.
#[cfg(target_os = "linux")]
fn paint_without_gl_compositing() {
    const VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
    if std::env::var_os(VAR).is_none() {
        std::env::set_var(VAR, "1");
    }
}

/// Starts the app; returns when the last window closes.
pub fn run() {
    #[cfg(target_os = "linux")]
    paint_without_gl_compositing();
    let (library, path) = match open_library() {
        Ok(v) => v,
        Err(message) => {
            eprintln!("zhaji: {message}");
            std::process::exit(1);
        }
    };
    let pairing = library.clipper_pairing().ok().flatten();
    let db = path.clone();
    // A broken setting must not keep the app from starting: it only means no folder is kept.
    let kept = library.kept_folder().unwrap_or_else(|e| {
        eprintln!("zhaji: the kept export folder is not readable: {e}");
        None
    });
    let db_path = path.display().to_string();
    tauri::Builder::default()
        // First: a second launch (a `zhaji://` link opened while the app runs) hands its
        // arguments to this one and exits.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_name(&path))
                .callback(|app, _argv, _cwd| {
                    use tauri::Manager;
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage({
            let state = AppState::new(library, path.display().to_string());
            state.start_daily_backups();
            state
        })
        .manage(commands::import::ImportControl::default())
        .manage(commands::clipper::ClipperControl::default())
        .manage(commands::links::DeepLinks::default())
        .manage(keep::KeptFolderControl::new(kept))
        .manage(rounds::SyncRounds::default())
        .register_asynchronous_uri_scheme_protocol(images::SCHEME, images::serve)
        .setup(move |app| {
            use tauri::Manager;
            use tauri_plugin_deep_link::DeepLinkExt;
            app.state::<keep::KeptFolderControl>().start(app.handle().clone(), db_path.clone());
            app.state::<rounds::SyncRounds>().start(app.handle().clone(), db_path);
            // The browser extension's endpoint, when an extension is paired (here, after the
            // single-instance check, so that a second launch never touches its port).
            let clipper = app.state::<commands::clipper::ClipperControl>();
            if let Some(problem) = clipper.restart(&db, pairing.as_ref()) {
                eprintln!("zhaji: {problem}");
            }
            // `zhaji://` links: the one this process was started with, and those that come
            // later (from the system, or from a second launch).
            let links = |app: &tauri::AppHandle, urls: Vec<tauri::Url>| {
                let urls = urls.into_iter().map(String::from);
                app.state::<commands::links::DeepLinks>().arrived(app, urls);
            };
            if let Ok(Some(urls)) = app.deep_link().get_current() {
                links(app.handle(), urls);
            }
            let handle = app.handle().clone();
            app.deep_link().on_open_url(move |event| links(&handle, event.urls()));
            // Without it, a crash of the page's renderer leaves a window that never answers.
            if let Some(window) = app.get_webview_window("main") {
                if let Err(e) = recover::watch(&window) {
                    eprintln!("zhaji: cannot watch the page for crashes: {e}");
                }
            }
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("zhaji: the window could not be started: {e}");
            std::process::exit(1);
        });
}
