//! Notes on an article, on a highlight, and in the margin beside a passage.

use crate::error::ApiResult;
use crate::state::AppState;
use tauri::State;
use zhaji::{Id, Note};

#[tauri::command(rename_all = "snake_case")]
pub async fn set_article_note(
    state: State<'_, AppState>,
    article_id: Id,
    body: String,
) -> ApiResult<Option<Note>> {
    state.with(move |lib| lib.set_article_note(article_id, &body)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_highlight_note(
    state: State<'_, AppState>,
    highlight_id: Id,
    body: String,
) -> ApiResult<Option<Note>> {
    state.with(move |lib| lib.set_highlight_note(highlight_id, &body)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_passage_note(
    state: State<'_, AppState>,
    article_id: Id,
    start: u32,
    end: u32,
    body: String,
) -> ApiResult<Note> {
    state.with(move |lib| lib.add_passage_note(article_id, start, end, &body)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn edit_note(state: State<'_, AppState>, note_id: Id, body: String) -> ApiResult<Note> {
    state.with(move |lib| lib.edit_note(note_id, &body)).await
}
