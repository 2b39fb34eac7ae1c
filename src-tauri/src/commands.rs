//! The IPC commands: one thin async function per façade call of the core.
//!
//! Each command hands its work to [`AppState::with`], which runs it on a blocking thread, and
//! returns the core's plain data (serialised by serde, typed on the UI side by ts-rs). There is
//! no SQL and no business rule here: if a command needs more than a call or two into the core,
//! the core is missing a function.

use crate::commands_import::import_paths;
use crate::error::ApiError;
use crate::state::AppState;
use serde::Serialize;
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;
use zhaji::{
    Article, ArticleMetaPatch, ArticleSummary, Color, ColorLabel, ExportOptions, ExportReport,
    FolderReport, Highlight, HighlightSpec, Id, ImportOutcome, ItemRef, ListOptions, Note,
    SearchOptions, SearchResults, Tag, TextSpan, TrashItem,
};

type ApiResult<T> = Result<T, ApiError>;

/// What importing one of several dropped or chosen paths gave: a file's outcome, a folder's
/// report, or why it failed. One bad file in a drop of twenty must not hide the nineteen that
/// worked.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FileImport {
    pub path: String,
    pub outcome: Option<ImportOutcome>,
    /// Set when the path was a folder: everything under it was imported.
    pub folder: Option<FolderReport>,
    pub error: Option<ApiError>,
}

/// Facts about the running app that the settings screen shows.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    /// The library file in use.
    pub db_path: String,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn app_info(state: State<'_, AppState>) -> ApiResult<AppInfo> {
    Ok(AppInfo { version: env!("CARGO_PKG_VERSION").to_owned(), db_path: state.db_path.clone() })
}

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
pub async fn find_in_article(
    state: State<'_, AppState>,
    id: Id,
    needle: String,
) -> ApiResult<Vec<TextSpan>> {
    state.with(move |lib| lib.find_in_article(id, &needle)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_article_meta(
    state: State<'_, AppState>,
    id: Id,
    patch: ArticleMetaPatch,
) -> ApiResult<ArticleSummary> {
    state.with(move |lib| lib.set_article_meta(id, &patch)).await
}

/// Imports files and folders without progress events (scripts and tests; the window uses
/// `import_with_progress`).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_files(
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> ApiResult<Vec<FileImport>> {
    if paths.is_empty() {
        return Err(ApiError::invalid("no files to import"));
    }
    let never = std::sync::atomic::AtomicBool::new(false);
    state.with(move |lib| Ok(import_paths(lib, paths, &never, &mut |_| {}))).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_pasted(state: State<'_, AppState>, text: String) -> ApiResult<ImportOutcome> {
    state.with(move |lib| lib.import_pasted(&text)).await
}

/// Imports HTML from the clipboard (a selection copied from a browser): its main text becomes
/// the article; nothing of it is ever shown as HTML.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_pasted_html(
    state: State<'_, AppState>,
    html: String,
) -> ApiResult<ImportOutcome> {
    state.with(move |lib| lib.import_pasted_html(&html)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    opts: SearchOptions,
) -> ApiResult<SearchResults> {
    state.with(move |lib| lib.search(&query, &opts)).await
}

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

#[tauri::command(rename_all = "snake_case")]
pub async fn color_labels(state: State<'_, AppState>) -> ApiResult<Vec<ColorLabel>> {
    state.with(|lib| lib.color_labels()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_color_label(
    state: State<'_, AppState>,
    color: Color,
    label: String,
) -> ApiResult<()> {
    state.with(move |lib| lib.set_color_label(color, &label)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_markdown(
    state: State<'_, AppState>,
    dir: String,
    opts: ExportOptions,
) -> ApiResult<ExportReport> {
    state.with(move |lib| lib.export_markdown(&PathBuf::from(dir), &opts)).await
}
