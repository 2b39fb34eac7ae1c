//! Exporting the library as Markdown files into a folder the user chose, and the folder kept up
//! to date after changes (see `keep`).

use crate::error::ApiResult;
use crate::keep::KeptFolderControl;
use crate::state::AppState;
use std::path::PathBuf;
use tauri::State;
use zhaji::export::ExportLang;
use zhaji::{ExportOptions, ExportPreview, ExportReport, KeptFolder, KeptFolderStatus};

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

/// The text of the template file the reader chose (`zhaji::ExportOptions::template` takes it).
#[tauri::command(rename_all = "snake_case")]
pub async fn read_template(state: State<'_, AppState>, path: String) -> ApiResult<String> {
    state.with(move |_| read(&path)).await
}

/// One article as an export with the template file at `template` (the default template when
/// none) would write it: the preview beside the template's name. Errors name the line.
#[tauri::command(rename_all = "snake_case")]
pub async fn preview_export(
    state: State<'_, AppState>,
    article_id: i64,
    template: Option<String>,
    lang: ExportLang,
) -> ApiResult<ExportPreview> {
    state
        .with(move |lib| {
            let template = template.as_deref().map(read).transpose()?;
            lib.preview_export(article_id, &ExportOptions { template, lang, ..Default::default() })
        })
        .await
}

fn read(path: &str) -> zhaji::Result<String> {
    let p = std::path::Path::new(path);
    std::fs::read_to_string(p).map_err(|e| zhaji::Error::io(p, "cannot read the template", &e))
}
