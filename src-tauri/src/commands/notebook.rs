//! The notebook (every highlight, filtered, a page at a time), its export, and notes' Markdown
//! rendered as a tree for the UI to build.

use crate::error::ApiResult;
use crate::state::AppState;
use std::path::PathBuf;
use tauri::State;
use zhaji::markdown::{note_tree, MdBlock};
use zhaji::{NotebookFilter, NotebookPage};

#[tauri::command(rename_all = "snake_case")]
pub async fn notebook(
    state: State<'_, AppState>,
    filter: NotebookFilter,
    offset: u32,
    limit: u32,
) -> ApiResult<NotebookPage> {
    state.with(move |lib| lib.notebook(&filter, offset, limit)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_notebook(
    state: State<'_, AppState>,
    dir: String,
    title: String,
    filter: NotebookFilter,
) -> ApiResult<String> {
    state.with(move |lib| lib.export_notebook(&PathBuf::from(dir), &title, &filter)).await
}

/// The trees of several notes at once (the margin asks for all of an article's), in order: pure
/// and quick work that needs no library.
#[tauri::command(rename_all = "snake_case")]
pub async fn render_notes(texts: Vec<String>) -> ApiResult<Vec<Vec<MdBlock>>> {
    Ok(texts.iter().map(|t| note_tree(t)).collect())
}
