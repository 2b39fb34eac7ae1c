//! The open library, shared by every command.

use crate::error::ApiError;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zhaji::{CheckVerdict, Library};

/// How often the backup thread looks whether the day's backup is due.
const BACKUP_LOOK_EVERY: Duration = Duration::from_secs(20);
/// How long no command must have come before the day's backup is made.
const BACKUP_IDLE: Duration = Duration::from_secs(10);
/// How long a write waits for the launch's check of the library before it is refused as "still
/// being checked". Long enough for the check of a few hundred MB (~2 s at 250 MB), so that
/// most users never see the refusal; short enough that a write made in the first half minute
/// after launch on a library of gigabytes does not hold every other command behind it.
const WRITE_WAITS_FOR_CHECK: Duration = Duration::from_secs(5);

/// The library behind a mutex. A rusqlite connection is `Send` but not `Sync`, so commands take
/// the lock inside a blocking worker thread and release it before anything is awaited.
#[derive(Clone)]
pub struct AppState {
    library: Arc<Mutex<Library>>,
    /// Where the library file is, shown in the settings so a user can find it.
    pub db_path: String,
    /// When the last command began (the backup thread waits for a quiet moment).
    last_command: Arc<Mutex<Instant>>,
    /// The verdict of the check started at launch, when the library had to be checked.
    launch_check: Option<CheckVerdict>,
}

impl AppState {
    /// Shares the library, and starts its full check on a thread and a read-only connection of
    /// its own if its file is not the one last found sound (changed by another program, or
    /// opened for the first time): commands that read go on meanwhile, and the first write
    /// waits for the verdict (a damaged library refuses it, as always).
    pub fn new(mut library: Library, db_path: String) -> AppState {
        library.set_check_wait(WRITE_WAITS_FOR_CHECK);
        let launch_check = library.full_check_job().and_then(|job| {
            let verdict = job.verdict();
            let started =
                std::thread::Builder::new().name("zhaji-check".into()).spawn(move || job.run());
            match started {
                Ok(_) => Some(verdict),
                // The job came back dropped: the first write checks the library itself.
                Err(e) => {
                    eprintln!("zhaji: cannot start the library's check: {e}");
                    None
                }
            }
        });
        AppState {
            library: Arc::new(Mutex::new(library)),
            db_path,
            last_command: Arc::new(Mutex::new(Instant::now())),
            launch_check,
        }
    }

    /// Waits, holding nothing that another command needs, until the launch's check of the
    /// library (if one was started) has ended.
    pub async fn launch_check_ended(&self) {
        if let Some(verdict) = self.launch_check.clone() {
            let _ = tauri::async_runtime::spawn_blocking(move || verdict.wait_until_ended()).await;
        }
    }

    /// Starts the thread that makes the day's backup (see `Library::daily_backup_job`) once
    /// no command has come for a moment: never inside a user's write, and on a connection of
    /// its own, so that it holds the library's lock only for the instant of asking.
    pub fn start_daily_backups(&self) {
        let state = self.clone();
        let started =
            std::thread::Builder::new().name("zhaji-daily-backup".into()).spawn(move || loop {
                std::thread::sleep(BACKUP_LOOK_EVERY);
                let quiet = state.last_command.lock().map(|t| t.elapsed()).unwrap_or_default();
                if quiet < BACKUP_IDLE {
                    continue;
                }
                let job = {
                    let lib = state.library.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    lib.daily_backup_job()
                };
                if let Some(job) = job {
                    if let Err(e) = job.run() {
                        eprintln!("zhaji: the day's backup could not be made: {e}");
                    }
                }
            });
        if let Err(e) = started {
            eprintln!("zhaji: cannot start the backup thread: {e}");
        }
    }

    /// Runs `f` with the library on a blocking worker thread, so that neither SQLite nor file
    /// I/O ever stalls the UI thread or the async runtime.
    pub async fn with<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Library) -> zhaji::Result<T> + Send + 'static,
    {
        if let Ok(mut last) = self.last_command.lock() {
            *last = Instant::now();
        }
        let library = Arc::clone(&self.library);
        tauri::async_runtime::spawn_blocking(move || {
            // A panic in an earlier command poisons the mutex; the library itself is still
            // consistent (every write is a transaction), so carry on with it.
            let mut guard = library.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard).map_err(ApiError::from)
        })
        .await
        .map_err(|e| ApiError::internal(format!("the library worker failed: {e}")))?
    }
}
