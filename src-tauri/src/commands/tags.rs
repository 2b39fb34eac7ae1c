//! Tags: listing them, putting them on articles and highlights, renaming and colouring them.

use crate::error::ApiResult;
use crate::state::AppState;
use tauri::State;
use zhaji::{ItemRef, Tag};

#[tauri::command(rename_all = "snake_case")]
pub async fn list_tags(state: State<'_, AppState>) -> ApiResult<Vec<Tag>> {
    state.with(|lib| lib.tags()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_tag(state: State<'_, AppState>, item: ItemRef, name: String) -> ApiResult<()> {
    state.with(move |lib| lib.add_tag(item, &name)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_tag(state: State<'_, AppState>, item: ItemRef, name: String) -> ApiResult<()> {
    state.with(move |lib| lib.remove_tag(item, &name)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rename_tag(state: State<'_, AppState>, from: String, to: String) -> ApiResult<()> {
    state.with(move |lib| lib.rename_tag(&from, &to)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_tag_color(
    state: State<'_, AppState>,
    name: String,
    color: Option<String>,
) -> ApiResult<()> {
    state.with(move |lib| lib.set_tag_color(&name, color.as_deref())).await
}
