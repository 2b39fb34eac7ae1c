//! Following the debate: tag suggestions, the who & what of an article, claims with their
//! evidence, and briefs. Moving a claim to the trash and back goes through the generic
//! `delete_item` / `restore_item` with `ItemKind::Claim`.

use crate::error::ApiResult;
use crate::state::AppState;
use std::path::PathBuf;
use tauri::State;
use zhaji::{BriefFile, Claim, ClaimView, Evidence, EvidenceRole, Id, TagSuggestion, WhoAndWhat};

/// The tags a highlight's text suggests, each marked `applied` when it already has it.
#[tauri::command(rename_all = "snake_case")]
pub async fn suggest_tags_for_highlight(
    state: State<'_, AppState>,
    highlight_id: Id,
) -> ApiResult<Vec<TagSuggestion>> {
    state.with(move |lib| lib.suggest_tags_for_highlight(highlight_id)).await
}

/// The tags for a stretch of an article (a selection not yet highlighted).
#[tauri::command(rename_all = "snake_case")]
pub async fn suggest_tags(
    state: State<'_, AppState>,
    article_id: Id,
    start: u32,
    end: u32,
) -> ApiResult<Vec<TagSuggestion>> {
    state.with(move |lib| lib.suggest_tags(article_id, start, end)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn who_and_what(state: State<'_, AppState>, article_id: Id) -> ApiResult<WhoAndWhat> {
    state.with(move |lib| lib.who_and_what(article_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_claims(state: State<'_, AppState>) -> ApiResult<Vec<Claim>> {
    state.with(|lib| lib.claims()).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_claim(state: State<'_, AppState>, id: Id) -> ApiResult<ClaimView> {
    state.with(move |lib| lib.claim(id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_claim(state: State<'_, AppState>, text: String) -> ApiResult<Claim> {
    state.with(move |lib| lib.create_claim(&text)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rename_claim(state: State<'_, AppState>, id: Id, text: String) -> ApiResult<Claim> {
    state.with(move |lib| lib.rename_claim(id, &text)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn link_evidence(
    state: State<'_, AppState>,
    claim_id: Id,
    highlight_id: Id,
    role: EvidenceRole,
    note: Option<String>,
) -> ApiResult<Evidence> {
    state.with(move |lib| lib.link_evidence(claim_id, highlight_id, role, note.as_deref())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn unlink_evidence(
    state: State<'_, AppState>,
    claim_id: Id,
    highlight_id: Id,
) -> ApiResult<()> {
    state.with(move |lib| lib.unlink_evidence(claim_id, highlight_id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_claim_brief(
    state: State<'_, AppState>,
    id: Id,
    path: String,
) -> ApiResult<BriefFile> {
    state.with(move |lib| lib.export_claim_brief(id, &PathBuf::from(path))).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_tag_brief(
    state: State<'_, AppState>,
    name: String,
    path: String,
) -> ApiResult<BriefFile> {
    state.with(move |lib| lib.export_tag_brief(&name, &PathBuf::from(path))).await
}
