//! The article list, one article with its passages, and its title, author and source.

use crate::error::ApiResult;
use crate::state::AppState;
use tauri::State;
use zhaji::{Article, ArticleMetaPatch, ArticleSummary, Id, ListOptions};

#[tauri::command(rename_all = "snake_case")]
pub async fn list_articles(
    state: State<'_, AppState>,
    opts: ListOptions,
) -> ApiResult<Vec<ArticleSummary>> {
    state.with(move |lib| lib.articles(&opts)).await
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
