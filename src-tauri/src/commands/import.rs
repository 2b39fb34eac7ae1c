//! Bringing documents in: files and folders dropped or chosen, and links pasted or typed (with
//! progress and a way to cancel), and text or HTML pasted from the clipboard.
//!
//! A folder of a thousand files takes minutes. `import_with_progress` therefore runs on its own
//! connection to the library file (SQLite in WAL mode lets the UI's connection keep reading
//! meanwhile, and the core writes files a few at a time in transactions of well under a second,
//! each file all or nothing), so the shared library mutex is never held for the length of the
//! import: the article list, the reader and search stay usable. Progress goes to the UI as
//! `import-progress` events; `cancel_import` sets a flag that the core's progress callback reads
//! before each file, so a cancel takes effect after the file being read; a link being fetched
//! reads the same flag between its reads and stops at once.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, State};
use zhaji::fetch::FetchOptions;
use zhaji::{ImportOutcome, ImportProgress, ImportSource, Library, PathImport};

/// The event name the UI listens to.
pub const PROGRESS_EVENT: &str = "import-progress";

/// The cancel flag of the import that is running (at most one runs at a time).
#[derive(Default)]
pub struct ImportControl {
    cancel: Arc<AtomicBool>,
    running: AtomicBool,
}

/// Clears `running` however the import ends.
struct Running<'a>(&'a AtomicBool);
impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Passes on at most ~20 progress events a second (a folder of small files must not flood the
/// UI), always the first and the last.
struct Throttle {
    last: Option<Instant>,
}

impl Throttle {
    fn pass(&mut self, p: ImportProgress, emit: &mut dyn FnMut(ImportProgress)) {
        let due = self.last.is_none_or(|t| t.elapsed() >= Duration::from_millis(50));
        if due || p.done + 1 >= p.total {
            self.last = Some(Instant::now());
            emit(p);
        }
    }
}

/// Imports each path or link (`Library::import_inputs`: a folder whole, recursively; the files
/// and links between folders together) until `cancel` is set; `emit` hears the progress, at most
/// ~20 times a second. Both import commands come here, with or without a way to cancel and
/// events to send.
fn import_paths(
    lib: &mut Library,
    paths: Vec<String>,
    cancel: &Arc<AtomicBool>,
    emit: &mut dyn FnMut(ImportProgress),
) -> Vec<PathImport> {
    let inputs: Vec<ImportSource> = paths.iter().map(|p| ImportSource::from_arg(p)).collect();
    let fetch = FetchOptions { cancel: Some(Arc::clone(cancel)), ..FetchOptions::default() };
    let mut throttle = Throttle { last: None };
    lib.import_inputs(&inputs, &fetch, &mut |p| {
        if cancel.load(Ordering::SeqCst) {
            return false;
        }
        throttle.pass(p.clone(), emit);
        !cancel.load(Ordering::SeqCst)
    })
}

/// Imports files and folders without progress events (scripts and tests; the window uses
/// `import_with_progress`).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> ApiResult<Vec<PathImport>> {
    if paths.is_empty() {
        return Err(ApiError::invalid("no files to import"));
    }
    let never = Arc::new(AtomicBool::new(false));
    state.with(move |lib| Ok(import_paths(lib, paths, &never, &mut |_| {}))).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_pasted(state: State<'_, AppState>, text: String) -> ApiResult<ImportOutcome> {
    state.with(move |lib| lib.import_pasted(&text)).await
}

/// Imports HTML from the clipboard (a selection copied from a browser): its main text becomes
/// the article; nothing of it is ever shown as HTML.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_pasted_html(
    state: State<'_, AppState>,
    html: String,
) -> ApiResult<ImportOutcome> {
    state.with(move |lib| lib.import_pasted_html(&html)).await
}

/// Imports files, folders (recursively) and http(s) links, reporting progress as
/// `import-progress` events.
/// Fails with `conflict` when another import is running.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_with_progress(
    app: AppHandle,
    state: State<'_, AppState>,
    control: State<'_, ImportControl>,
    paths: Vec<String>,
) -> ApiResult<Vec<PathImport>> {
    if paths.is_empty() {
        return Err(ApiError::invalid("no files to import"));
    }
    if control.running.swap(true, Ordering::SeqCst) {
        return Err(zhaji::Error::conflict("an import is already running").into());
    }
    let _running = Running(&control.running);
    control.cancel.store(false, Ordering::SeqCst);
    let cancel = Arc::clone(&control.cancel);
    let mut emit = move |p: ImportProgress| {
        let _ = app.emit(PROGRESS_EVENT, p);
    };
    // Its own connection, so that the shared one stays free for the UI. Should that connection
    // not open (an unusual file system), fall back to the shared one: slower for the UI, same
    // result.
    let db = PathBuf::from(&state.db_path);
    let own = tauri::async_runtime::spawn_blocking(move || match Library::open(Path::new(&db)) {
        Ok(mut lib) => Ok(import_paths(&mut lib, paths, &cancel, &mut emit)),
        Err(_) => Err(Box::new((paths, cancel, emit))),
    })
    .await
    .map_err(|e| ApiError::internal(format!("the import worker failed: {e}")))?;
    match own {
        Ok(results) => Ok(results),
        Err(back) => {
            let (paths, cancel, mut emit) = *back;
            state.with(move |lib| Ok(import_paths(lib, paths, &cancel, &mut emit))).await
        }
    }
}

/// Asks the running import to stop before its next file.
#[tauri::command(rename_all = "snake_case")]
pub async fn cancel_import(control: State<'_, ImportControl>) -> ApiResult<()> {
    control.cancel.store(true, Ordering::SeqCst);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The progress the UI hears names the file being read, and a cancel set then stops the
    /// import before that file is written (the throttle always passes the first event).
    #[test]
    fn a_cancel_stops_the_import_before_the_next_file_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<String> = (0..4)
            .map(|i| {
                let p = dir.path().join(format!("{i}.md"));
                std::fs::write(&p, format!("# 第{i}篇\n\n算力与模型 {i}\n")).unwrap();
                p.display().to_string()
            })
            .collect();
        let mut lib = Library::open_in_memory().unwrap();
        let cancel = Arc::new(AtomicBool::new(false));
        let mut events = Vec::new();
        let results = import_paths(&mut lib, paths.clone(), &cancel, &mut |p| {
            cancel.store(true, Ordering::SeqCst);
            events.push(p);
        });
        assert!(results.is_empty(), "{results:?}");
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!((events[0].done, events[0].total), (0, 4));
        assert_eq!(events[0].current, paths[0]);
        assert!(lib.articles(&Default::default()).unwrap().is_empty());

        // Without a cancel, every file has its result, in order.
        let never = Arc::new(AtomicBool::new(false));
        let results = import_paths(&mut lib, paths, &never, &mut |_| {});
        assert_eq!(results.len(), 4);
        assert_eq!(results[2].outcome.as_ref().unwrap().article.meta.title, "第2篇");
    }
}
