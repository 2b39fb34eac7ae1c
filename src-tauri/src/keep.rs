//! The export folder the library keeps up to date ("keep this folder up to date" in the export
//! dialog): a thread of its own exports into it again after the library changed and then stayed
//! unchanged a moment, with the same safe merge as every export (`Library::export_markdown`).
//!
//! The thread has its own connection to the library file, so an export (seconds, for a large
//! library) never holds the shared library's lock and never blocks a command or the window; it
//! learns of changes from the library's change counter, which moves when any other connection
//! (the window's, the command line's) commits. After each export it sends the UI a
//! [`KeptFolderStatus`] as a `kept-folder` event, and keeps the last one for a window that asks.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter};
use zhaji::{Debounce, KeptFolder, KeptFolderStatus, Library};

/// The event name the UI listens to.
pub const STATUS_EVENT: &str = "kept-folder";

/// How often the thread looks at the library's change counter.
const POLL: Duration = Duration::from_millis(400);

/// How long the library must stay unchanged before the folder is exported again: long enough
/// that typing a note (saved as it is typed) makes one export, short enough to feel live.
const QUIET: Duration = Duration::from_millis(1500);

/// What the window and the thread share.
#[derive(Default)]
struct Shared {
    folder: Option<KeptFolder>,
    /// Moves each time the folder or its options are set, so that the thread starts over.
    generation: u64,
    status: Option<KeptFolderStatus>,
}

/// The kept folder, its last status, and the thread that keeps it.
pub struct KeptFolderControl {
    shared: Arc<Mutex<Shared>>,
}

impl KeptFolderControl {
    /// Starts with the folder the library's settings name, if any.
    pub fn new(folder: Option<KeptFolder>) -> KeptFolderControl {
        let shared = Shared { folder, generation: 1, status: None };
        KeptFolderControl { shared: Arc::new(Mutex::new(shared)) }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        lock(&self.shared)
    }

    /// Keeps `folder` up to date from now on (exporting into it at once), or none.
    pub fn set(&self, folder: Option<KeptFolder>) {
        let mut s = self.lock();
        s.folder = folder;
        s.generation += 1;
        s.status = None;
    }

    /// How the last export into the kept folder went.
    pub fn status(&self) -> Option<KeptFolderStatus> {
        self.lock().status.clone()
    }

    /// Starts the thread that keeps the folder up to date on its own connection to `db_path`.
    pub fn start(&self, app: AppHandle, db_path: String) {
        let shared = Arc::clone(&self.shared);
        let started =
            std::thread::Builder::new().name("zhaji-kept-folder".into()).spawn(move || {
                keep(&shared, &db_path, &mut |s| {
                    let _ = app.emit(STATUS_EVENT, s);
                })
            });
        if let Err(e) = started {
            eprintln!("zhaji: cannot start the thread that keeps the export folder: {e}");
        }
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic elsewhere poisons the mutex; what it guards is plain data, still whole.
    shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The thread's loop: never returns.
fn keep(shared: &Mutex<Shared>, db_path: &str, emit: &mut dyn FnMut(&KeptFolderStatus)) {
    let mut lib: Option<Library> = None;
    let mut generation = 0;
    let mut debounce = Debounce::new(0, QUIET);
    let mut opened_birth = None;
    loop {
        std::thread::sleep(POLL);
        let (folder, now_generation) = {
            let s = lock(shared);
            (s.folder.clone(), s.generation)
        };
        let Some(folder) = folder else {
            lib = None; // no connection held while nothing is kept
            generation = now_generation;
            continue;
        };
        // A restored backup is a new file in the library's place (the old one moved aside): the
        // folder is then exported from it, at once, and never again from the old file.
        let birth = crate::rounds::file_birth(db_path);
        if lib.is_some() && birth != opened_birth {
            lib = None;
            generation = 0;
        }
        let library = match &mut lib {
            Some(l) => l,
            None => match Library::open(std::path::Path::new(db_path)) {
                Ok(l) => {
                    opened_birth = birth;
                    lib.insert(l)
                }
                Err(e) => {
                    report(shared, now_generation, &folder, &Err(e), emit);
                    continue;
                }
            },
        };
        let Ok(counter) = library.change_counter() else { continue };
        let due = if generation != now_generation {
            generation = now_generation;
            debounce = Debounce::new(counter, QUIET);
            true
        } else {
            debounce.due(counter, Instant::now())
        };
        if due {
            let outcome =
                library.export_markdown(std::path::Path::new(&folder.dir), &folder.options);
            report(shared, now_generation, &folder, &outcome, emit);
        }
    }
}

/// Keeps and sends the status of an export, unless the folder was changed meanwhile.
fn report(
    shared: &Mutex<Shared>,
    generation: u64,
    folder: &KeptFolder,
    outcome: &zhaji::Result<zhaji::ExportReport>,
    emit: &mut dyn FnMut(&KeptFolderStatus),
) {
    let status = KeptFolderStatus::new(&folder.dir, outcome);
    {
        let mut s = lock(shared);
        if s.generation != generation {
            return;
        }
        s.status = Some(status.clone());
    }
    emit(&status);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The thread exports into the kept folder at once, then again after the window's
    /// connection changed the library, and reports each export; a folder set to none stops it.
    #[test]
    fn the_kept_folder_follows_changes_made_on_another_connection() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("library.db");
        let out = dir.path().join("vault");
        std::fs::create_dir_all(&out).unwrap();
        let mut lib = Library::open(&db).unwrap();
        let id = lib.import_pasted("# 算力\n\n算力是新的电力。\n").unwrap().article.id;
        let spec = zhaji::HighlightSpec {
            article_id: id,
            range: None,
            quote: Some("新的电力".into()),
            occurrence: None,
            color: zhaji::Color::Yellow,
            tags: vec![],
            note: None,
        };
        let h = lib.create_highlight(&spec).unwrap();
        let folder = KeptFolder { dir: out.display().to_string(), options: Default::default() };
        let control = KeptFolderControl::new(Some(folder));
        let shared = Arc::clone(&control.shared);
        let (tx, rx) = std::sync::mpsc::channel();
        let db_path = db.display().to_string();
        std::thread::spawn(move || {
            keep(&shared, &db_path, &mut |s| {
                let _ = tx.send(s.clone());
            })
        });
        let first = rx.recv_timeout(Duration::from_secs(30)).unwrap();
        assert_eq!((first.written, first.error.as_deref()), (1, None), "{first:?}");
        let file = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().ends_with(".md"));
        let file = file.unwrap().path();
        lib.set_highlight_note(h.id, "读者的批注").unwrap();
        let second = rx.recv_timeout(Duration::from_secs(30)).unwrap();
        assert_eq!(second.written, 1, "{second:?}");
        assert!(std::fs::read_to_string(&file).unwrap().contains("读者的批注"));
        assert_eq!(control.status(), Some(second));
        // A backup restored in the library's place: the folder follows the restored file.
        // (Each export is awaited by what it wrote: the backup itself may count as a change.)
        let exported = |want: &str, not: &str| {
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                let s = rx.recv_timeout(deadline.saturating_duration_since(Instant::now()));
                let s = s.expect("an export");
                assert_eq!(s.error, None, "{s:?}");
                let text = std::fs::read_to_string(&file).unwrap();
                if text.contains(want) && !text.contains(not) {
                    return;
                }
            }
        };
        let backup = lib.backup(Some(&dir.path().join("backup.db"))).unwrap();
        lib.set_highlight_note(h.id, "恢复前的批注").unwrap();
        exported("恢复前的批注", "读者的批注");
        lib.restore_backup(std::path::Path::new(&backup.path)).unwrap();
        // A change made in the restored file reaches the folder (the old file, moved aside,
        // never changes again). What the folder held from the old file stays, as the merge keeps
        // any text the restored library did not write itself.
        lib.set_highlight_note(h.id, "恢复后的批注").unwrap();
        exported("恢复后的批注", "\u{0}");
        control.set(None);
        lib.set_highlight_note(h.id, "不再导出").unwrap();
        assert!(rx.recv_timeout(POLL * 3 + QUIET).is_err(), "nothing is kept any more");
        assert!(!std::fs::read_to_string(&file).unwrap().contains("不再导出"));
    }
}
