//! The history of one synced item, for the reader: where two devices set a field at once and
//! one value had to be shown, the other stays within reach (see ARCHITECTURE.md, "Sync",
//! "Values chosen between two").

use super::Library;
use crate::store::sync as ss;
use crate::sync::{doc, folder, history, LIBRARY_DOC};
use crate::{store, Error, Result};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

/// Every value the fields of one item have had on the devices it syncs with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SyncHistory {
    /// The item's UUID in this library (an alias given is resolved to it).
    pub uuid: String,
    /// `highlight`, `note`, `article`, `tag` or `claim`.
    pub kind: String,
    /// Its fields, by name.
    pub fields: Vec<FieldHistory>,
}

/// The values one field has had: those it holds now first, then the others in causal order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldHistory {
    /// The field's name, as its column is named (`color`, `body`, `name`…).
    pub field: String,
    pub values: Vec<FieldValue>,
}

/// One value of a field, as one device wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldValue {
    /// The value as text (a number in decimal, none as empty, a note's body whole).
    pub value: String,
    /// The writing device's id, `None` for a text as concurrent edits merged it.
    pub device_id: Option<String>,
    /// The writing device's name (its id when the folder does not name it), `None` as above.
    pub device: Option<String>,
    pub this_device: bool,
    /// When the change was made (RFC 3339), by the writing device's clock: devices' clocks
    /// differ, so it orders nothing.
    pub written_at_device_clock: Option<String>,
    /// True if and only if this is the value the field shows now.
    pub current: bool,
    /// True if and only if the field holds several values now, written at once on different
    /// devices, and this is one of them (shown or not: every device shows the same one).
    pub in_conflict: bool,
}

impl Library {
    /// The history of the highlight, note, article, tag or claim with UUID `uuid` (or a UUID
    /// another device gave it): every value each of its fields has had, with the device that
    /// wrote it and when. Refused when the library does not sync; not found when nothing here
    /// has the UUID or it is not in a document yet (its article was not synced since).
    pub fn sync_history(&self, uuid: &str) -> Result<SyncHistory> {
        let device = ss::device(&self.conn)?.ok_or_else(super::sync::not_joined)?;
        let uuid = uuid::Uuid::parse_str(uuid.trim())
            .map_err(|_| Error::invalid(format!("not a UUID: {uuid}")))?
            .hyphenated()
            .to_string();
        let (kind, key, map, item) = self.locate(&uuid)?;
        let actor = doc::actor(&device.device_id)?;
        let mut d = doc::load(&key, ss::doc_bytes(&self.conn, &key)?.as_deref(), &actor)?;
        let obj = history::item_obj(&d, &map, item.as_deref())?
            .ok_or_else(|| Error::not_found(format!("{kind} {uuid} has not synced yet")))?;
        let written = history::history(&mut d, &obj)?;
        let names = device_names(Path::new(&device.folder), &device.device_id, &device.name);
        let mut fields: Vec<FieldHistory> = Vec::new();
        for w in written {
            let id = w.actor.map(|a| a.to_hex_string());
            let value = FieldValue {
                value: w.value,
                device: id.as_ref().map(|i| names.get(i).cloned().unwrap_or_else(|| i.clone())),
                this_device: id.as_deref() == Some(device.device_id.as_str()),
                device_id: id,
                written_at_device_clock: (w.time > 0)
                    .then(|| chrono::DateTime::from_timestamp(w.time, 0))
                    .flatten()
                    .map(|t| t.to_rfc3339()),
                current: w.current,
                in_conflict: w.in_conflict,
            };
            match fields.iter_mut().find(|f| f.field == w.field) {
                Some(f) => f.values.push(value),
                None => fields.push(FieldHistory { field: w.field, values: vec![value] }),
            }
        }
        for f in &mut fields {
            // Stable: the value shown first, then the others in conflict with it, then the
            // rest in causal order.
            f.values.sort_by_key(|v| (!v.current, !v.in_conflict));
        }
        Ok(SyncHistory { uuid, kind: kind.to_owned(), fields })
    }

    /// The kind of the item `uuid`, its document's key, the root map holding it, and its key in
    /// that map (`None`: the map is the item).
    fn locate(&self, uuid: &str) -> Result<(&'static str, String, String, Option<String>)> {
        let c = &self.conn;
        let gone = || Error::not_found(format!("nothing in this library has the UUID {uuid}"));
        let article_key = |id| -> Result<String> {
            match ss::article_doc(c, id)? {
                Some((key, true)) => Ok(key),
                _ => Err(Error::not_found(format!("the article of {uuid} has not synced yet"))),
            }
        };
        if let Some(hid) = ss::highlight_id(c, uuid)? {
            let key = article_key(self.highlight(hid)?.article_id)?;
            return Ok(("highlight", key, "highlights".into(), Some(uuid.to_owned())));
        }
        if let Some(nid) = ss::note_id(c, uuid)? {
            let (note, _) = store::note(c, nid)?.ok_or_else(gone)?;
            let key = article_key(note.article_id)?;
            return Ok(("note", key, "notes".into(), Some(uuid.to_owned())));
        }
        if let Some(id) = ss::article_by_any_uuid(c, uuid)? {
            return Ok(("article", article_key(id)?, "article".into(), None));
        }
        let local = ss::aliases(c, "tag")?.remove(uuid).unwrap_or_else(|| uuid.to_owned());
        if ss::tag_id(c, &local)?.is_some() {
            return Ok(("tag", LIBRARY_DOC.to_owned(), "tags".into(), Some(local)));
        }
        let key = format!("claim:{uuid}");
        if ss::doc_bytes(c, &key)?.is_some() {
            return Ok(("claim", key, "claim".into(), None));
        }
        Err(gone())
    }
}

/// Each device's name by its id, as the folder's `device.json` files say; this device's as
/// the library keeps it, even when the folder cannot be read.
fn device_names(folder: &Path, own_id: &str, own_name: &str) -> HashMap<String, String> {
    let mut names: HashMap<String, String> = folder::devices(folder)
        .map(|list| list.into_iter().map(|d| (d.id, d.name)).collect())
        .unwrap_or_default();
    names.insert(own_id.to_owned(), own_name.to_owned());
    names
}
