//! Highlights brought over from other tools (Kindle's `My Clippings.txt`, Readwise's CSV,
//! 微信读书's notes, Hypothesis's JSON, W3C Web Annotations): which dropped or chosen files are
//! such exports, importing them, and the list of what matched no article, to attach by hand.

use crate::error::ApiResult;
use crate::state::AppState;
use std::path::PathBuf;
use zhaji::annotations::{self, AnnotationReport, Format, UnmatchedImport};
use zhaji::Highlight;

/// For each path, the annotation format its content shows, or `None` for an ordinary document
/// (imported as an article).
#[tauri::command(rename_all = "snake_case")]
pub async fn annotation_formats(paths: Vec<String>) -> ApiResult<Vec<Option<Format>>> {
    tauri::async_runtime::spawn_blocking(move || {
        paths.iter().map(|p| annotations::sniff(&PathBuf::from(p))).collect()
    })
    .await
    .map_err(|e| crate::error::ApiError::internal(format!("the worker failed: {e}")))
}

/// Imports each annotation file (recognised by its content), one transaction each; a report
/// per file, in order.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_annotation_files(
    state: tauri::State<'_, AppState>,
    paths: Vec<String>,
) -> ApiResult<Vec<AnnotationReport>> {
    state
        .with(move |lib| {
            paths.iter().map(|p| lib.import_annotation_file(&PathBuf::from(p), None)).collect()
        })
        .await
}

/// The imported highlights that matched no article, oldest first.
#[tauri::command(rename_all = "snake_case")]
pub async fn unmatched_imports(
    state: tauri::State<'_, AppState>,
) -> ApiResult<Vec<UnmatchedImport>> {
    state.with(|lib| lib.unmatched_imports()).await
}

/// Anchors an unmatched import in `article_id`, where it becomes a highlight.
#[tauri::command(rename_all = "snake_case")]
pub async fn attach_unmatched(
    state: tauri::State<'_, AppState>,
    id: i64,
    article_id: i64,
) -> ApiResult<Highlight> {
    state.with(move |lib| lib.attach_unmatched(id, article_id)).await
}
