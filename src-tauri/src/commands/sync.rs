//! The library shared with other devices through a folder: join, leave, where it stands, and a
//! round at once. Rounds also run by themselves in the background (`rounds`).

use crate::error::{ApiError, ApiResult};
use crate::rounds::{SyncActivity, SyncRounds};
use crate::state::AppState;
use std::path::PathBuf;
use tauri::State;
use zhaji::{Library, SyncHistory, SyncReport, SyncStatus};

/// Where the library stands with its folder, or `None` if it does not sync.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_status(state: State<'_, AppState>) -> ApiResult<Option<SyncStatus>> {
    state
        .with(|lib| match lib.sync_status() {
            Ok(s) => Ok(Some(s)),
            Err(e) if e.kind() == zhaji::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        })
        .await
}

/// Joins `folder` as the device `name` (with an optional passphrase that encrypts what is
/// written there) and merges with what the folder holds.
///
/// The join runs on a connection of its own: a first merge can take seconds, and the window's
/// library stays free meanwhile; and what it brought in moves the window's data version, so the
/// list refreshes as after any background round.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_join(
    state: State<'_, AppState>,
    rounds: State<'_, SyncRounds>,
    folder: String,
    name: String,
    passphrase: Option<String>,
) -> ApiResult<SyncReport> {
    let passphrase = passphrase.filter(|p| !p.is_empty());
    let db_path = state.db_path.clone();
    let report = tauri::async_runtime::spawn_blocking(move || {
        let mut lib = Library::open(std::path::Path::new(&db_path))?;
        lib.sync_init(&PathBuf::from(folder), &name, passphrase.as_deref())
    })
    .await
    .map_err(|e| ApiError::internal(format!("the sync worker failed: {e}")))??;
    rounds.changed();
    Ok(report)
}

/// Stops syncing; the library keeps everything.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_leave(
    state: State<'_, AppState>,
    rounds: State<'_, SyncRounds>,
) -> ApiResult<()> {
    state.with(|lib| lib.sync_leave()).await?;
    rounds.changed();
    Ok(())
}

/// Every value the fields of the item with UUID `uuid` (a highlight, a note…) have had on the
/// devices, the one shown first.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_history(state: State<'_, AppState>, uuid: String) -> ApiResult<SyncHistory> {
    state.with(move |lib| lib.sync_history(&uuid)).await
}

/// Asks the background thread for a round at once.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_now(rounds: State<'_, SyncRounds>) -> ApiResult<()> {
    rounds.round_now();
    Ok(())
}

/// How the background rounds stand (the indicator's first state; later ones come as events).
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_activity(rounds: State<'_, SyncRounds>) -> ApiResult<SyncActivity> {
    Ok(rounds.activity())
}
