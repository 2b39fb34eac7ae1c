//! Sync rounds in the background: while the library syncs with a folder (`Library::sync_init`),
//! a thread of its own runs a round (`Library::sync`) a moment after each change here, a moment
//! after files change in the folder (watched with `notify`), and every [`EVERY`] in any case (a
//! watch can miss events: network drives, a folder replaced), so that other devices' files are
//! taken in without the reader asking.
//!
//! The same pattern as the kept export folder (`keep`): the thread has its own connection, so a
//! round never holds the window's library nor blocks a command; it learns of changes from the
//! library's change counter and waits until the library has been left alone for [`QUIET`].
//! This device's own writes to the folder are seen by the watch too: they cause one more round,
//! which finds nothing to do and writes nothing (so it ends there); telling them apart would
//! need the folder's layout here. A round that took changes in commits on this connection, which moves
//! the window's data version: the list and the reader refresh as for any outside change.
//! After each round the UI gets a [`SyncActivity`] as a `sync-activity` event.

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter};
use ts_rs::TS;
use zhaji::{Debounce, Library, SyncProblem};

/// The event name the UI listens to.
pub const ACTIVITY_EVENT: &str = "sync-activity";

/// How often the thread looks at the library's change counter.
const POLL: Duration = Duration::from_millis(400);

/// How long the library must stay unchanged before a round: typing a note makes one round.
const QUIET: Duration = Duration::from_secs(2);

/// How often a round runs while nothing changes here, to take in the other devices' files.
const EVERY: Duration = Duration::from_secs(30);

/// How long the folder must stay unchanged before a round: a file syncer writes a file in
/// several steps (one still arriving is retried at the next round anyway).
const ARRIVAL_QUIET: Duration = Duration::from_secs(1);

/// Watches `folder` (and below), raising `arrived` when a file is made, changed or removed.
fn watch(folder: &str, arrived: &Arc<AtomicBool>) -> notify::Result<RecommendedWatcher> {
    let flag = Arc::clone(arrived);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_))
        {
            flag.store(true, Ordering::Relaxed);
        }
    })?;
    watcher.watch(std::path::Path::new(folder), RecursiveMode::Recursive)?;
    Ok(watcher)
}

/// Where the background rounds stand, for the status indicator.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct SyncActivity {
    /// True if and only if the library syncs with a folder.
    pub joined: bool,
    /// True while a round runs.
    pub syncing: bool,
    /// When the last round that went well ended (RFC 3339).
    pub last_round: Option<String>,
    /// Why the last round failed, for a person (the folder is missing, for example).
    pub error: Option<String>,
    /// The same, typed, when it is a sync problem: the UI says it in the reader's language.
    pub problem: Option<SyncProblem>,
    /// What the last round said the reader should know (a newer Zhaji on another device).
    pub messages: Vec<String>,
    /// `messages`, typed, in the same order.
    pub problems: Vec<SyncProblem>,
}

#[derive(Default)]
struct Shared {
    /// Moves when the library joins or leaves, so that the thread looks again.
    generation: u64,
    /// Set to ask for a round at once.
    now: bool,
    activity: SyncActivity,
}

/// The background rounds: their last activity, and the thread that runs them.
pub struct SyncRounds {
    shared: Arc<Mutex<Shared>>,
}

impl Default for SyncRounds {
    fn default() -> SyncRounds {
        // A library that syncs runs a round as the app starts.
        let shared = Shared { generation: 1, now: true, ..Shared::default() };
        SyncRounds { shared: Arc::new(Mutex::new(shared)) }
    }
}

impl SyncRounds {
    /// The library joined or left its folder: the thread looks again and, if joined, runs a
    /// round at once.
    pub fn changed(&self) {
        let mut s = lock(&self.shared);
        s.generation += 1;
        s.now = true;
    }

    /// Asks for a round at once.
    pub fn round_now(&self) {
        lock(&self.shared).now = true;
    }

    /// How the rounds stand.
    pub fn activity(&self) -> SyncActivity {
        lock(&self.shared).activity.clone()
    }

    /// Starts the thread that runs the rounds on its own connection to `db_path`.
    pub fn start(&self, app: AppHandle, db_path: String) {
        let shared = Arc::clone(&self.shared);
        let started = std::thread::Builder::new().name("zhaji-sync".into()).spawn(move || {
            run(&shared, &db_path, &mut |a| {
                let _ = app.emit(ACTIVITY_EVENT, a);
            })
        });
        if let Err(e) = started {
            eprintln!("zhaji: cannot start the sync thread: {e}");
        }
    }
}

fn lock(shared: &Mutex<Shared>) -> MutexGuard<'_, Shared> {
    // A panic elsewhere poisons the mutex; what it guards is plain data, still whole.
    shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Sets the activity with `f` and sends it.
fn update(
    shared: &Mutex<Shared>,
    emit: &mut dyn FnMut(&SyncActivity),
    f: impl FnOnce(&mut SyncActivity),
) {
    let activity = {
        let mut s = lock(shared);
        f(&mut s.activity);
        s.activity.clone()
    };
    emit(&activity);
}

/// When the library file was made (`None` where the system does not say): a restored backup is
/// a new file in the library's place, so a thread with its own connection opens it again.
pub(crate) fn file_birth(path: &str) -> Option<std::time::SystemTime> {
    std::fs::metadata(path).ok()?.created().ok()
}

/// The thread's loop: never returns.
fn run(shared: &Mutex<Shared>, db_path: &str, emit: &mut dyn FnMut(&SyncActivity)) {
    let mut lib: Option<Library> = None;
    let mut generation = 0;
    let mut joined = false;
    let mut debounce = Debounce::new(0, QUIET);
    let mut last_round = Instant::now();
    let arrived = Arc::new(AtomicBool::new(false));
    let mut arrived_at: Option<Instant> = None;
    let mut _watcher: Option<RecommendedWatcher> = None;
    let mut opened_birth = None;
    loop {
        std::thread::sleep(POLL);
        let (now_generation, mut asked) = {
            let mut s = lock(shared);
            (s.generation, std::mem::take(&mut s.now))
        };
        // A restored backup is a new file in the library's place (the old one moved aside):
        // rounds must not go on in the old one.
        let birth = file_birth(db_path);
        if lib.is_some() && birth != opened_birth {
            lib = None;
            generation = 0; // look again: the restored library may or may not sync
        }
        let library = match &mut lib {
            Some(l) => l,
            None => match Library::open(std::path::Path::new(db_path)) {
                Ok(l) => {
                    opened_birth = birth;
                    lib.insert(l)
                }
                Err(e) => {
                    let message = e.to_string();
                    update(shared, emit, |a| {
                        a.error = Some(message);
                        a.problem = None;
                    });
                    continue;
                }
            },
        };
        let Ok(counter) = library.change_counter() else { continue };
        if generation != now_generation {
            generation = now_generation;
            let status = library.sync_status().ok();
            joined = status.is_some();
            // Without a watch (the folder missing, no inotify left), the timer still runs rounds.
            _watcher = status.and_then(|s| match watch(&s.folder, &arrived) {
                Ok(w) => Some(w),
                Err(e) => {
                    eprintln!("zhaji: cannot watch the sync folder {}: {e}", s.folder);
                    None
                }
            });
            debounce = Debounce::new(counter, QUIET);
            asked |= joined; // a round at once whenever the thread looks again
            update(shared, emit, |a| *a = SyncActivity { joined, ..SyncActivity::default() });
        }
        if !joined {
            continue;
        }
        let changed = debounce.due(counter, Instant::now());
        if arrived.swap(false, Ordering::Relaxed) {
            arrived_at = Some(Instant::now());
        }
        let files_came = arrived_at.is_some_and(|t| t.elapsed() >= ARRIVAL_QUIET);
        if !(asked || changed || files_came || last_round.elapsed() >= EVERY) {
            continue;
        }
        arrived_at = None;
        update(shared, emit, |a| a.syncing = true);
        let outcome = library.sync();
        last_round = Instant::now();
        // What the round itself wrote is not a change to sync again.
        if let Ok(counter) = library.change_counter() {
            debounce = Debounce::new(counter, QUIET);
        }
        {
            let s = lock(shared);
            if s.generation != generation {
                continue; // left or joined again meanwhile: this round's news is stale
            }
        }
        update(shared, emit, |a| {
            a.syncing = false;
            match outcome {
                Ok(report) => {
                    a.last_round = Some(zhaji::text::now_rfc3339());
                    a.error = None;
                    a.problem = None;
                    a.messages = report.messages;
                    a.problems = report.problems;
                }
                Err(e) => {
                    a.error = Some(e.to_string());
                    a.problem = e.sync_problem().cloned();
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhaji::{Color, HighlightSpec};

    /// Once joined, the thread runs a round by itself after a change made on another connection,
    /// and that change reaches another device; after leaving, it runs none.
    #[test]
    fn rounds_follow_changes_made_on_another_connection() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("同步");
        let db = dir.path().join("library.db");
        let mut lib = Library::open(&db).unwrap();
        let id = lib.import_pasted("# 算力\n\n算力是新的电力。\n").unwrap().article.id;
        lib.sync_init(&folder, "书房", None).unwrap();
        let mut other = Library::open(&dir.path().join("other.db")).unwrap();
        other.sync_init(&folder, "办公室", None).unwrap();
        let rounds = SyncRounds::default();
        let shared = Arc::clone(&rounds.shared);
        let (tx, rx) = std::sync::mpsc::channel();
        let db_path = db.display().to_string();
        std::thread::spawn(move || {
            run(&shared, &db_path, &mut |a| {
                let _ = tx.send(a.clone());
            })
        });
        // The first look: joined, and a round at once.
        let done = |rx: &std::sync::mpsc::Receiver<SyncActivity>| loop {
            let a = rx.recv_timeout(Duration::from_secs(30)).unwrap();
            if !a.syncing && a.last_round.is_some() {
                return a;
            }
        };
        let first = done(&rx);
        assert!(first.joined && first.error.is_none(), "{first:?}");
        lib.create_highlight(&HighlightSpec {
            article_id: id,
            range: None,
            quote: Some("新的电力".into()),
            occurrence: None,
            color: Color::Yellow,
            tags: vec![],
            note: None,
        })
        .unwrap();
        let second = done(&rx);
        assert!(second.error.is_none(), "{second:?}");
        other.sync().unwrap();
        let theirs = other.articles(&Default::default()).unwrap();
        let article = other.article(theirs[0].id).unwrap();
        assert_eq!(article.highlights.len(), 1, "the round wrote the highlight to the folder");
        assert_eq!(article.highlights[0].anchor.exact, "新的电力");

        // Files another device writes into the folder are taken in well before the timer's
        // round: the folder is watched.
        other.import_pasted("第二篇\n\n办公室导入的文章。\n").unwrap();
        other.sync().unwrap();
        let written = Instant::now();
        let title = |lib: &Library| {
            lib.articles(&Default::default()).unwrap().iter().any(|a| a.meta.title == "第二篇")
        };
        while !title(&lib) {
            let wait = (written + EVERY / 2).saturating_duration_since(Instant::now());
            let titles: Vec<String> = lib
                .articles(&Default::default())
                .unwrap()
                .into_iter()
                .map(|a| a.meta.title)
                .collect();
            let a = rx
                .recv_timeout(wait)
                .unwrap_or_else(|_| panic!("no round soon after the files came: {titles:?}"));
            assert!(a.error.is_none(), "{a:?}");
        }

        // A backup restored in the library's place: the rounds go on in the restored file (the
        // old one is moved aside), so what is written there after the restore reaches the other.
        let backup = lib.backup(Some(&dir.path().join("backup.db"))).unwrap();
        lib.restore_backup(std::path::Path::new(&backup.path)).unwrap();
        let mark = |lib: &mut Library, id, quote: &str| {
            lib.create_highlight(&HighlightSpec {
                article_id: id,
                range: None,
                quote: Some(quote.into()),
                occurrence: None,
                color: Color::Blue,
                tags: vec![],
                note: None,
            })
            .unwrap();
        };
        mark(&mut lib, id, "算力是");
        let written = Instant::now();
        loop {
            other.sync().unwrap();
            let theirs = other.articles(&Default::default()).unwrap();
            let found = theirs.iter().any(|a| {
                other.article(a.id).unwrap().highlights.iter().any(|h| h.anchor.exact == "算力是")
            });
            if found {
                break;
            }
            let wait = (written + EVERY / 2).saturating_duration_since(Instant::now());
            let a = rx.recv_timeout(wait).expect("a round in the restored library");
            assert!(a.error.is_none(), "{a:?}");
        }

        lib.sync_leave().unwrap();
        rounds.changed();
        let left = rx.recv_timeout(Duration::from_secs(30)).unwrap();
        assert!(!left.joined, "{left:?}");
        assert!(rx.recv_timeout(POLL * 3 + QUIET).is_err(), "no round after leaving");
    }
}
