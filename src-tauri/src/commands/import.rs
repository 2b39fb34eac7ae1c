//! Bringing documents in: files and folders dropped or chosen (with progress and a way to
//! cancel), and text or HTML pasted from the clipboard.
//!
//! A folder of a thousand files takes minutes. `import_with_progress` therefore runs on its own
//! connection to the library file (SQLite in WAL mode lets the UI's connection keep reading
//! meanwhile, and the core writes files a few at a time in transactions of well under a second,
//! each file all or nothing), so the shared library mutex is never held for the length of the
//! import: the article list, the reader and search stay usable. Progress goes to the UI as
//! `import-progress` events; `cancel_import` sets a flag that the core's progress callback reads
//! before each file, so a cancel takes effect after the file being read.

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter, State};
use ts_rs::TS;
use zhaji::{FolderProgress, FolderReport, ImportOutcome, Library};

/// What importing one of several dropped or chosen paths gave: a file's outcome, a folder's
/// report, or why it failed. One bad file in a drop of twenty must not hide the nineteen that
/// worked.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FileImport {
    pub path: String,
    pub outcome: Option<ImportOutcome>,
    /// Set when the path was a folder: everything under it was imported.
    pub folder: Option<FolderReport>,
    pub error: Option<ApiError>,
}

/// The event name the UI listens to.
pub const PROGRESS_EVENT: &str = "import-progress";

/// Where an import with progress is, sent as the `import-progress` event.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportProgress {
    /// The folder being imported (for files chosen together, the first one's folder).
    pub folder: String,
    /// Files finished so far in this folder, of `total`.
    pub done: u32,
    pub total: u32,
    /// The file being read now.
    pub current: String,
}

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

/// Imports each path (a folder whole, recursively) until `cancel` is set; `emit` hears the
/// progress through each folder, and through the files chosen together. Both import commands
/// come here, with or without a way to cancel and events to send.
fn import_paths(
    lib: &mut Library,
    paths: Vec<String>,
    cancel: &AtomicBool,
    emit: &mut dyn FnMut(ImportProgress),
) -> Vec<FileImport> {
    let mut out = Vec::with_capacity(paths.len());
    let mut rest = paths.as_slice();
    while let Some(path) = rest.first() {
        if cancel.load(Ordering::SeqCst) {
            break;
        }
        let p = PathBuf::from(path);
        let mut throttle = Throttle { last: None };
        if !p.is_dir() {
            // The files up to the next folder, all at once (read on another thread while the
            // ones before are written); a cancel stops before the next file is written.
            let n = rest.iter().take_while(|f| !Path::new(f).is_dir()).count();
            let group = &rest[..n];
            let files: Vec<PathBuf> = group.iter().map(PathBuf::from).collect();
            let folder = p.parent().map(|d| d.display().to_string()).unwrap_or_default();
            let results = lib.import_files(&files, &mut |i| {
                let progress = ImportProgress {
                    folder: folder.clone(),
                    done: i as u32,
                    total: n as u32,
                    current: group[i].clone(),
                };
                throttle.pass(progress, emit);
                !cancel.load(Ordering::SeqCst)
            });
            for (path, r) in group.iter().zip(results) {
                let (outcome, error) = match r {
                    Ok(o) => (Some(o), None),
                    Err(e) => (None, Some(e.into())),
                };
                out.push(FileImport { path: path.clone(), outcome, folder: None, error });
            }
            rest = &rest[n..];
            continue;
        }
        let mut progress = |fp: &FolderProgress| {
            let progress = ImportProgress {
                folder: path.clone(),
                done: fp.done,
                total: fp.total,
                current: fp.current.clone(),
            };
            throttle.pass(progress, emit);
            !cancel.load(Ordering::SeqCst)
        };
        let (folder, error) = match lib.import_folder(&p, &mut progress) {
            Ok(report) => (Some(report), None),
            Err(e) => (None, Some(e.into())),
        };
        out.push(FileImport { path: path.clone(), outcome: None, folder, error });
        rest = &rest[1..];
    }
    out
}

/// Imports files and folders without progress events (scripts and tests; the window uses
/// `import_with_progress`).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> ApiResult<Vec<FileImport>> {
    if paths.is_empty() {
        return Err(ApiError::invalid("no files to import"));
    }
    let never = AtomicBool::new(false);
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

/// Imports files and folders (recursively), reporting progress as `import-progress` events.
/// Fails with `conflict` when another import is running.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_with_progress(
    app: AppHandle,
    state: State<'_, AppState>,
    control: State<'_, ImportControl>,
    paths: Vec<String>,
) -> ApiResult<Vec<FileImport>> {
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

    /// Files chosen together report progress too, and a cancel stops them before the next
    /// file is written; each file reached has its result, in order.
    #[test]
    fn files_chosen_together_report_progress_and_can_be_cancelled() {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<String> = (0..4)
            .map(|i| {
                let p = dir.path().join(format!("{i}.md"));
                std::fs::write(&p, format!("# 第{i}篇\n\n算力与模型 {i}\n")).unwrap();
                p.display().to_string()
            })
            .collect();
        let mut lib = Library::open_in_memory().unwrap();
        let never = AtomicBool::new(false);
        let mut events = Vec::new();
        let results = import_paths(&mut lib, paths.clone(), &never, &mut |p| events.push(p));
        assert_eq!(results.len(), 4);
        assert!(results.iter().all(|r| r.outcome.is_some() && r.error.is_none()));
        assert_eq!(results[2].outcome.as_ref().unwrap().article.meta.title, "第2篇");
        assert!(events.iter().all(|e| e.total == 4), "{events:?}");
        assert_eq!(events.first().map(|e| e.done), Some(0));
        assert_eq!(
            events.last().map(|e| (e.done, e.current.as_str())),
            Some((3, paths[3].as_str()))
        );

        // Cancelled as the first file is about to be written: nothing is.
        let mut lib = Library::open_in_memory().unwrap();
        let cancel = AtomicBool::new(false);
        let results = import_paths(&mut lib, paths, &cancel, &mut |_| {
            cancel.store(true, Ordering::SeqCst);
        });
        assert!(results.is_empty(), "{}", results.len());
        assert!(lib.articles(&Default::default()).unwrap().is_empty());
    }

    #[test]
    fn a_cancelled_import_stops_before_the_next_file() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            std::fs::write(
                dir.path().join(format!("{i}.txt")),
                format!("第{i}篇\n\n算力与模型 {i}"),
            )
            .unwrap();
        }
        let mut lib = Library::open_in_memory().unwrap();
        let cancel = AtomicBool::new(false);
        let mut seen = 0;
        let results =
            import_paths(&mut lib, vec![dir.path().display().to_string()], &cancel, &mut |p| {
                seen += 1;
                assert_eq!(p.total, 5);
                cancel.store(true, Ordering::SeqCst);
            });
        let report = results[0].folder.as_ref().unwrap();
        assert!(report.cancelled, "{report:?}");
        assert_eq!(report.imported, 0, "{report:?}");
        assert_eq!(seen, 1);
    }
}
