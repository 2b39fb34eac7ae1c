//! What the settings screen shows and changes: facts about the running app and the names of the
//! highlight colours.

use crate::error::ApiResult;
use crate::state::AppState;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use zhaji::{BackupInfo, Color, ColorLabel};

/// Facts about the running app that the settings screen shows.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    /// The library file in use.
    pub db_path: String,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn app_info(state: State<'_, AppState>) -> ApiResult<AppInfo> {
    Ok(AppInfo { version: env!("CARGO_PKG_VERSION").to_owned(), db_path: state.db_path.clone() })
}

/// Whether the library is damaged (then every write is refused), and its newest backup.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct LibraryHealth {
    /// What is wrong with the library file, if it is damaged.
    pub damage: Option<String>,
    /// The newest backup in the library's backup folder.
    pub last_backup: Option<BackupInfo>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn library_health(state: State<'_, AppState>) -> ApiResult<LibraryHealth> {
    // The banner waits for the launch's check without holding up the commands that read.
    state.launch_check_ended().await;
    state
        .with(|lib| {
            let damage = lib.check_damage()?;
            Ok(LibraryHealth { damage, last_backup: lib.backups()?.into_iter().next() })
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn color_labels(state: State<'_, AppState>) -> ApiResult<Vec<ColorLabel>> {
    state.with(|lib| lib.color_labels()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_color_label(
    state: State<'_, AppState>,
    color: Color,
    label: String,
) -> ApiResult<()> {
    state.with(move |lib| lib.set_color_label(color, &label)).await
}
