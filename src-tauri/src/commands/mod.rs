//! The IPC commands, one file per area of the core's façade, all registered in [`handler`].
//!
//! Each command is a thin async function: it hands its work to [`AppState::with`], which runs it
//! on a blocking thread, and returns the core's plain data (serialised by serde, typed on the UI
//! side by ts-rs). There is no SQL and no business rule here: if a command needs more than a
//! call or two into the core, the core is missing a function.
//!
//! [`AppState::with`]: crate::state::AppState::with

pub mod annotations;
pub mod articles;
pub mod clipper;
pub mod debate;
pub mod export;
pub mod highlights;
pub mod import;
pub mod links;
pub mod notebook;
pub mod notes;
pub mod safety;
pub mod search;
pub mod settings;
pub mod sync;
pub mod tags;
pub mod trash;

use tauri::ipc::Invoke;

/// The one table of the commands the UI may call, by name.
pub fn handler() -> impl Fn(Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        settings::app_info,
        settings::library_health,
        safety::list_backups,
        safety::backup_now,
        safety::restore_backup,
        settings::color_labels,
        settings::set_color_label,
        sync::sync_status,
        sync::sync_join,
        sync::sync_leave,
        sync::sync_now,
        sync::sync_activity,
        sync::sync_history,
        clipper::clipper_status,
        clipper::pair_clipper,
        clipper::unpair_clipper,
        links::take_deep_links,
        articles::list_articles,
        articles::article_page,
        articles::get_article,
        articles::set_article_meta,
        articles::set_read_progress,
        articles::set_read,
        articles::data_version,
        import::import_files,
        import::import_pasted,
        import::import_pasted_html,
        import::import_with_progress,
        import::cancel_import,
        search::search,
        search::find_in_article,
        highlights::create_highlight,
        highlights::get_highlight,
        highlights::set_highlight_color,
        highlights::reattach_highlight,
        tags::list_tags,
        tags::add_tag,
        tags::remove_tag,
        tags::rename_tag,
        tags::set_tag_color,
        notes::set_article_note,
        notes::set_highlight_note,
        notes::add_passage_note,
        notes::edit_note,
        trash::delete_item,
        trash::restore_item,
        trash::list_trash,
        trash::empty_trash,
        annotations::annotation_formats,
        annotations::import_annotation_files,
        annotations::unmatched_imports,
        annotations::attach_unmatched,
        export::export_markdown,
        export::kept_folder,
        export::set_kept_folder,
        export::kept_folder_status,
        export::read_template,
        export::preview_export,
        notebook::notebook,
        notebook::export_notebook,
        notebook::render_notes,
        debate::suggest_tags_for_highlight,
        debate::suggest_tags,
        debate::who_and_what,
        debate::list_claims,
        debate::get_claim,
        debate::create_claim,
        debate::rename_claim,
        debate::link_evidence,
        debate::unlink_evidence,
        debate::export_claim_brief,
        debate::export_tag_brief,
    ]
}
