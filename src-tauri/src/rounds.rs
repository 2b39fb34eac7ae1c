//! Sync rounds in the background: while the library syncs with a folder (`Library::sync_init`),
//! a thread of its own runs a round (`Library::sync`) a moment after each change and every
//! [`EVERY`] otherwise, so that other devices' files are taken in without the reader asking.
//!
//! The same pattern as the kept export folder (`keep`): the thread has its own connection, so a
//! round never holds the window's library nor blocks a command; it learns of changes from the
//! library's change counter and waits until the library has been left alone for [`QUIET`].
//! The folder is not watched (a timer is simpler and enough for a folder that a file syncer
//! fills at its own pace). A round that took changes in commits on this connection, which moves
//! the window's data version: the list and the reader refresh as for any outside change.
//! After each round the UI gets a [`SyncActivity`] as a `sync-activity` event.

use serde::Serialize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Emitter};
use ts_rs::TS;
use zhaji::{Debounce, Library};

/// The event name the UI listens to.
pub const ACTIVITY_EVENT: &str = "sync-activity";

/// How often the thread looks at the library's change counter.
const POLL: Duration = Duration::from_millis(400);

/// How long the library must stay unchanged before a round: typing a note makes one round.
const QUIET: Duration = Duration::from_secs(2);

/// How often a round runs while nothing changes here, to take in the other devices' files.
const EVERY: Duration = Duration::from_secs(30);

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
    /// What the last round said the reader should know (a newer Zhaji on another device).
    pub messages: Vec<String>,
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
        SyncRounds { shared: Arc::new(Mutex::new(Shared { generation: 1, ..Shared::default() })) }
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

/// The thread's loop: never returns.
fn run(shared: &Mutex<Shared>, db_path: &str, emit: &mut dyn FnMut(&SyncActivity)) {
    let mut lib: Option<Library> = None;
    let mut generation = 0;
    let mut joined = false;
    let mut debounce = Debounce::new(0, QUIET);
    let mut last_round = Instant::now();
    loop {
        std::thread::sleep(POLL);
        let (now_generation, asked) = {
            let mut s = lock(shared);
            (s.generation, std::mem::take(&mut s.now))
        };
        let library = match &mut lib {
            Some(l) => l,
            None => match Library::open(std::path::Path::new(db_path)) {
                Ok(l) => lib.insert(l),
                Err(e) => {
                    let message = e.to_string();
                    update(shared, emit, |a| a.error = Some(message));
                    continue;
                }
            },
        };
        let Ok(counter) = library.change_counter() else { continue };
        if generation != now_generation {
            generation = now_generation;
            joined = library.sync_status().is_ok();
            debounce = Debounce::new(counter, QUIET);
            update(shared, emit, |a| *a = SyncActivity { joined, ..SyncActivity::default() });
        }
        if !joined {
            continue;
        }
        let changed = debounce.due(counter, Instant::now());
        if !(asked || changed || last_round.elapsed() >= EVERY) {
            continue;
        }
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
                    a.messages = report.messages;
                }
                Err(e) => a.error = Some(e.to_string()),
            }
        });
    }
}
