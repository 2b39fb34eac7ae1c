//! Exporting the library as Markdown files into a folder the user chose.

use crate::error::ApiResult;
use crate::state::AppState;
use std::path::PathBuf;
use tauri::State;
use zhaji::{ExportOptions, ExportReport};

#[tauri::command(rename_all = "snake_case")]
pub async fn export_markdown(
    state: State<'_, AppState>,
    dir: String,
    opts: ExportOptions,
) -> ApiResult<ExportReport> {
    state.with(move |lib| lib.export_markdown(&PathBuf::from(dir), &opts)).await
}
