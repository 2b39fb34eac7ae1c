//! The round's part for what belongs to no article (see `sync/data.rs`): claims with their
//! evidence, the user's taxonomy entries and colour names; and an article's reading progress,
//! which travels in the article's own document. Each function runs in the caller's
//! transaction, like the rest of the round (`library/sync.rs`).

use super::sync::{keep, load, SyncReport};
use crate::model::{Color, Id};
use crate::store::sync as ss;
use crate::store::sync_data as sd;
use crate::sync::data::{self, PREFERENCES_DOC};
use crate::sync::problem::SyncProblem;
use crate::sync::{doc, Item, Scalar};
use crate::Result;
use automerge::{ActorId, AutoCommit, ChangeHash};
use rusqlite::Connection;
use std::collections::{BTreeSet, HashSet};

/// True if and only if document `key` is a claim's or the preferences'.
pub(super) fn is_data_doc(key: &str) -> bool {
    data::maps_of(key).is_some()
}

/// Writes SQLite's state into every claim's and the preferences' document marked dirty.
pub(super) fn push_dirty(conn: &Connection, actor: &ActorId) -> Result<()> {
    for key in sd::dirty_docs(conn)? {
        push(conn, &key, &mut load(conn, &key, actor)?)?;
    }
    Ok(())
}

/// Writes SQLite's state into `doc`, the loaded document `key`: the change into the outbox,
/// the document saved, the mark cleared.
fn push(conn: &Connection, key: &str, doc: &mut AutoCommit) -> Result<()> {
    if key == PREFERENCES_DOC {
        data::write_preferences(doc, &sd::preferences(conn)?)?;
    } else if let Some(uuid) = data::claim_uuid(key) {
        let state = sd::claim_state(conn, uuid)?;
        let purged = ss::purged(conn)?;
        if state.is_some() || purged.contains(uuid) {
            // A link SQLite lacks was taken off here only if its highlight is here (or was
            // purged here): one whose article has not arrived yet stays as it is.
            let mut known = HashSet::new();
            for h in data::read_claim(doc)?.links.keys() {
                if purged.contains(h) || ss::highlight_id(conn, h)?.is_some() {
                    known.insert(h.clone());
                }
            }
            data::write_claim(doc, state.as_ref(), &|h: &str| known.contains(h))?;
        }
    }
    keep(conn, key, doc)?;
    sd::clear_dirty_doc(conn, key)
}

/// Applies other devices' changes to document `key` (this device's pending writes to it taken
/// in first) and projects it into SQLite; gives the hashes of the changes now in it.
pub(super) fn merge(
    conn: &Connection,
    key: &str,
    incoming: doc::Incoming,
    actor: &ActorId,
    report: &mut SyncReport,
) -> Result<BTreeSet<ChangeHash>> {
    if sd::is_dirty_doc(conn, key)? {
        push(conn, key, &mut load(conn, key, actor)?)?;
    }
    let stored = ss::doc_bytes(conn, key)?;
    let doc::Merged { mut doc, present, unreadable, .. } =
        doc::merge(key, stored.as_deref(), incoming, actor)?;
    if unreadable > 0 {
        report
            .tell(SyncProblem::UnreadableSavedForm { document: key.to_owned(), count: unreadable });
    }
    project(conn, key, &doc)?;
    ss::save_doc(conn, key, &doc::save(&mut doc))?;
    // SQLite now holds what the document holds: the marks the projection made can go.
    sd::clear_dirty_doc(conn, key)?;
    Ok(present)
}

/// Projects again the documents that named something not here yet (a claim's evidence whose
/// article had not arrived).
pub(super) fn project_waiting(
    conn: &Connection,
    actor: &ActorId,
    report: &mut SyncReport,
) -> Result<()> {
    for key in sd::waiting(conn)? {
        merge(conn, &key, doc::Incoming::default(), actor, report)?;
    }
    Ok(())
}

fn project(conn: &Connection, key: &str, doc: &AutoCommit) -> Result<()> {
    if key == PREFERENCES_DOC {
        let p = data::read_preferences(doc)?;
        for (entry, item) in &p.taxonomy {
            if data::is_gone(item) {
                sd::delete_override(conn, entry)?;
            } else if item.str("updated_at").is_some() {
                sd::write_override(conn, entry, item)?;
            }
        }
        for (color, item) in &p.colors {
            if let (Some(c), Some(label)) = (Color::parse(color), item.str("label")) {
                sd::write_color_name(conn, c.as_str(), label)?;
            }
        }
        return Ok(());
    }
    let Some(uuid) = data::claim_uuid(key) else { return Ok(()) };
    let st = data::read_claim(doc)?;
    if st.claim.purged {
        ss::purge_row(conn, "claim", uuid)?;
        return sd::set_waiting(conn, key, false);
    }
    let purged = ss::purged(conn)?;
    if purged.contains(uuid) || st.claim.str("created_at").is_none() {
        return Ok(());
    }
    let id = sd::write_claim(conn, uuid, &st.claim)?;
    let mut waiting = false;
    for (h, link) in &st.links {
        match ss::highlight_id(conn, h)? {
            Some(hid) if data::is_gone(link) => sd::delete_link(conn, id, hid)?,
            Some(hid) => sd::write_link(conn, id, hid, link)?,
            None => waiting |= !data::is_gone(link) && !purged.contains(h),
        }
    }
    sd::set_waiting(conn, key, waiting)
}

/// Adds article `id`'s reading progress to its item, as its document holds it.
pub(super) fn add_reading(conn: &Connection, id: Id, article: &mut Item) -> Result<()> {
    if let Some((progress, read_at)) = sd::reading(conn, id)? {
        article.fields.insert("read_progress".into(), Scalar::Int(progress));
        article.fields.insert("read_at".into(), Scalar::from(read_at));
    }
    Ok(())
}

/// Writes the reading progress an article's document holds into row `id` (a document written
/// before progress synced holds none, and changes nothing).
pub(super) fn project_reading(conn: &Connection, id: Id, article: &Item) -> Result<()> {
    match article.get("read_progress").as_int() {
        Some(p) => sd::write_reading(conn, id, p, article.str("read_at")),
        None => Ok(()),
    }
}
