//! Exporting the library as Markdown files into a folder the user chose, and the folder kept up
//! to date after changes (see `keep`).

use crate::error::ApiResult;
use crate::keep::KeptFolderControl;
use crate::state::AppState;
use std::path::PathBuf;
use tauri::State;
use zhaji::{ExportOptions, ExportReport, KeptFolder, KeptFolderStatus};

#[tauri::command(rename_all = "snake_case")]
pub async fn export_markdown(
    state: State<'_, AppState>,
    dir: String,
    opts: ExportOptions,
) -> ApiResult<ExportReport> {
    state.with(move |lib| lib.export_markdown(&PathBuf::from(dir), &opts)).await
}

/// The folder the library keeps up to date, if any.
#[tauri::command(rename_all = "snake_case")]
pub async fn kept_folder(state: State<'_, AppState>) -> ApiResult<Option<KeptFolder>> {
    state.with(|lib| lib.kept_folder()).await
}

/// Keeps `folder` up to date from now on (or none), in the library's settings and at once.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_kept_folder(
    state: State<'_, AppState>,
    control: State<'_, KeptFolderControl>,
    folder: Option<KeptFolder>,
) -> ApiResult<()> {
    let kept = folder.clone();
    state.with(move |lib| lib.set_kept_folder(kept.as_ref())).await?;
    control.set(folder);
    Ok(())
}

/// How the last export into the kept folder went (`None` before the first).
#[tauri::command(rename_all = "snake_case")]
pub async fn kept_folder_status(
    control: State<'_, KeptFolderControl>,
) -> ApiResult<Option<KeptFolderStatus>> {
    Ok(control.status())
}
