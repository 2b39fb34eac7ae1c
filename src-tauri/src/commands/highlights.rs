//! Making a highlight, reading it back, recolouring it, and attaching an orphan again.

use crate::error::ApiResult;
use crate::state::AppState;
use tauri::State;
use zhaji::{Color, Highlight, HighlightSpec, Id};

#[tauri::command(rename_all = "snake_case")]
pub async fn create_highlight(
    state: State<'_, AppState>,
    spec: HighlightSpec,
) -> ApiResult<Highlight> {
    state.with(move |lib| lib.create_highlight(&spec)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_highlight(state: State<'_, AppState>, id: Id) -> ApiResult<Highlight> {
    state.with(move |lib| lib.highlight(id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_highlight_color(
    state: State<'_, AppState>,
    id: Id,
    color: Color,
) -> ApiResult<Highlight> {
    state.with(move |lib| lib.set_highlight_color(id, color)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn reattach_highlight(
    state: State<'_, AppState>,
    id: Id,
    start: u32,
    end: u32,
) -> ApiResult<Highlight> {
    state.with(move |lib| lib.reattach_highlight(id, start, end)).await
}
