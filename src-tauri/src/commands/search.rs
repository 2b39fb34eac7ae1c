//! Searching the whole library (the palette) and finding words in the open article (the find
//! bar); both fold text the same way, in the core.

use crate::error::ApiResult;
use crate::state::AppState;
use tauri::State;
use zhaji::{Id, SearchOptions, SearchResults, TextSpan};

#[tauri::command(rename_all = "snake_case")]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    opts: SearchOptions,
) -> ApiResult<SearchResults> {
    state.with(move |lib| lib.search(&query, &opts)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn find_in_article(
    state: State<'_, AppState>,
    id: Id,
    needle: String,
) -> ApiResult<Vec<TextSpan>> {
    state.with(move |lib| lib.find_in_article(id, &needle)).await
}
