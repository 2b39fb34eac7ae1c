//! The open library, shared by every command.

use crate::error::ApiError;
use std::sync::{Arc, Mutex};
use zhaji::Library;

/// The library behind a mutex. A rusqlite connection is `Send` but not `Sync`, so commands take
/// the lock inside a blocking worker thread and release it before anything is awaited.
#[derive(Clone)]
pub struct AppState {
    library: Arc<Mutex<Library>>,
    /// Where the library file is, shown in the settings so a user can find it.
    pub db_path: String,
}

impl AppState {
    pub fn new(library: Library, db_path: String) -> AppState {
        AppState { library: Arc::new(Mutex::new(library)), db_path }
    }

    /// Runs `f` with the library on a blocking worker thread, so that neither SQLite nor file
    /// I/O ever stalls the UI thread or the async runtime.
    pub async fn with<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Library) -> zhaji::Result<T> + Send + 'static,
    {
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
