//! The article list, one article with its passages, its title, author and source, how far it was
//! read, and the library's data version (polled to notice changes made by another process).

use crate::error::ApiResult;
use crate::state::AppState;
use tauri::State;
use zhaji::{Article, ArticleMetaPatch, ArticlePage, ArticleSummary, Id, ListOptions, ListPage};

#[tauri::command(rename_all = "snake_case")]
pub async fn list_articles(
    state: State<'_, AppState>,
    opts: ListOptions,
) -> ApiResult<Vec<ArticleSummary>> {
    state.with(move |lib| lib.articles(&opts)).await
}

/// One page of the list (the library window reads only the pages it shows).
#[tauri::command(rename_all = "snake_case")]
pub async fn article_page(
    state: State<'_, AppState>,
    opts: ListOptions,
    page: ListPage,
) -> ApiResult<ArticlePage> {
    state.with(move |lib| lib.list_articles(&opts, &page)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_article(state: State<'_, AppState>, id: Id) -> ApiResult<Article> {
    state.with(move |lib| lib.article(id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_article_meta(
    state: State<'_, AppState>,
    id: Id,
    patch: ArticleMetaPatch,
) -> ApiResult<ArticleSummary> {
    state.with(move |lib| lib.set_article_meta(id, &patch)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_read_progress(
    state: State<'_, AppState>,
    id: Id,
    fraction: f64,
) -> ApiResult<ArticleSummary> {
    state.with(move |lib| lib.set_read_progress(id, fraction)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_read(state: State<'_, AppState>, id: Id, read: bool) -> ApiResult<ArticleSummary> {
    state.with(move |lib| lib.set_read(id, read)).await
}

/// Changes when another connection (the command line, an import) has committed to the library.
#[tauri::command(rename_all = "snake_case")]
pub async fn data_version(state: State<'_, AppState>) -> ApiResult<i64> {
    state.with(move |lib| lib.data_version()).await
}
