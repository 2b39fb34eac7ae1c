//! The trash: deleting anything the user made, restoring it, and emptying the trash for good.

use crate::error::ApiResult;
use crate::state::AppState;
use tauri::State;
use zhaji::{ItemRef, TrashItem};

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_item(state: State<'_, AppState>, item: ItemRef) -> ApiResult<()> {
    state.with(move |lib| lib.delete(item)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn restore_item(state: State<'_, AppState>, item: ItemRef) -> ApiResult<()> {
    state.with(move |lib| lib.restore(item)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_trash(state: State<'_, AppState>) -> ApiResult<Vec<TrashItem>> {
    state.with(|lib| lib.trash()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn empty_trash(state: State<'_, AppState>) -> ApiResult<u32> {
    state.with(|lib| lib.empty_trash()).await
}
