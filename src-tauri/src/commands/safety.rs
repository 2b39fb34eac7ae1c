//! Backups from the settings screen: list them, make one now, restore one.

use crate::error::ApiResult;
use crate::state::AppState;
use serde::Serialize;
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;
use zhaji::{BackupInfo, Library};

/// A backup as the settings list it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BackupEntry {
    pub backup: BackupInfo,
    /// The articles it holds (outside the trash); `None` if it could not be read.
    #[ts(type = "number | null")]
    pub articles: Option<u64>,
}

/// What a restore did with the library it replaced.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Restored {
    /// Where the replaced library file was moved (it is never deleted).
    pub previous_library: String,
}

/// The backups in the library's backup folder, newest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn list_backups(state: State<'_, AppState>) -> ApiResult<Vec<BackupEntry>> {
    let list = state.with(|lib| lib.backups()).await?;
    // Counted outside the library's lock: each backup is a file of its own.
    let entries = tauri::async_runtime::spawn_blocking(move || {
        list.into_iter()
            .map(|backup| {
                let articles = Library::articles_in_backup(&PathBuf::from(&backup.path)).ok();
                BackupEntry { backup, articles }
            })
            .collect()
    })
    .await
    .map_err(|e| crate::error::ApiError::internal(format!("listing the backups failed: {e}")))?;
    Ok(entries)
}

/// Backs the library up now, into its backup folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_now(state: State<'_, AppState>) -> ApiResult<BackupInfo> {
    state.with(|lib| lib.backup(None)).await
}

/// Replaces the library with the backup at `path`, moving the current one aside.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(state: State<'_, AppState>, path: String) -> ApiResult<Restored> {
    state
        .with(move |lib| {
            let aside = lib.restore_backup(&PathBuf::from(path))?;
            Ok(Restored { previous_library: aside.display().to_string() })
        })
        .await
}
