//! Every value an item's fields have had, read from its document's history: Automerge keeps
//! each value ever written (a value that gave way to a concurrent one included), and each
//! change says who wrote it and when (by the writer's clock).
//!
//! How: the document's changes in causal order, each decoded to find the fields and texts of the
//! item its operations wrote; for each such field, its values as of that change (`get_all_at`
//! with the change's hash as heads) that the change itself made (an op whose id is in the
//! change's range of counters). A text (a note's body) is listed whole as of every change that
//! edited it. One document holds one article's items, so this walk stays small.

use super::doc::{am, child};
use crate::Result;
use automerge::{legacy, ActorId, AutoCommit, ChangeHash, ObjId, ObjType, ReadDoc, Value};
use std::collections::{BTreeSet, HashSet};

/// A change that wrote into the item: its actor, range of op counters, time and hash, and the
/// fields and texts (by index) it wrote.
struct Touched {
    actor: ActorId,
    start: u64,
    end: u64,
    time: i64,
    hash: ChangeHash,
    fields: BTreeSet<String>,
    texts: BTreeSet<usize>,
}

/// An object's id as a decoded change names it.
fn legacy_of(id: &ObjId) -> Option<legacy::ObjectId> {
    match id {
        ObjId::Id(counter, actor, _) => {
            Some(legacy::ObjectId::Id(legacy::OpId(*counter, actor.clone())))
        }
        ObjId::Root => Some(legacy::ObjectId::Root),
    }
}

/// One value of one field, as a change wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    pub field: String,
    /// The value as text (a number in decimal, null as empty, a text whole).
    pub value: String,
    /// Who wrote it; `None` for a text as the merge of concurrent edits made it, which no one
    /// change wrote.
    pub actor: Option<ActorId>,
    /// The change's time in seconds since the epoch, by the writer's clock.
    pub time: i64,
    /// True if and only if the value is the one the field shows now (Automerge's pick, the
    /// same on every device).
    pub current: bool,
    /// True if and only if the field holds more than one value now (written at once on
    /// different devices) and this is one of them, shown or not.
    pub in_conflict: bool,
}

/// The object of an item: map `uuid` of root map `map`, or the root map itself when `uuid` is
/// `None` (an article's own fields, a claim's).
pub(crate) fn item_obj(doc: &AutoCommit, map: &str, uuid: Option<&str>) -> Result<Option<ObjId>> {
    let Some(parent) = child(doc, &automerge::ROOT, map)? else { return Ok(None) };
    match uuid {
        None => Ok(Some(parent)),
        Some(u) => child(doc, &parent, u),
    }
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::Scalar(s) => Some(match s.as_ref() {
            automerge::ScalarValue::Null => String::new(),
            automerge::ScalarValue::Str(s) => s.to_string(),
            automerge::ScalarValue::Int(i) | automerge::ScalarValue::Timestamp(i) => i.to_string(),
            automerge::ScalarValue::Uint(u) => u.to_string(),
            automerge::ScalarValue::Boolean(b) => b.to_string(),
            other => other.to_string(),
        }),
        Value::Object(_) => None,
    }
}

/// Every value each scalar field and text of `obj` has had, in causal order, with the actor
/// and time of the change that wrote it. Maps inside the item (its tags) are left out.
pub(crate) fn history(doc: &mut AutoCommit, obj: &ObjId) -> Result<Vec<Written>> {
    let mut scalars = Vec::new();
    let mut texts = Vec::new();
    for key in doc.keys(obj) {
        match doc.get(obj, key.as_str()).map_err(am)? {
            Some((Value::Object(ObjType::Text), id)) => texts.push((key, id)),
            Some((Value::Object(_), _)) => {}
            Some(_) => scalars.push(key),
            None => {}
        }
    }
    let (item, text_objs): (_, Vec<_>) =
        (legacy_of(obj), texts.iter().map(|(_, id)| legacy_of(id)).collect());
    // Which fields and texts each change wrote, from its own operations: only those are read as
    // of that change.
    let mut touched: Vec<Touched> = Vec::new();
    for change in doc.get_changes(&[]) {
        let mut meta = Touched {
            actor: change.actor_id().clone(),
            start: change.start_op().get(),
            end: change.max_op(),
            time: change.timestamp(),
            hash: change.hash(),
            fields: BTreeSet::new(),
            texts: BTreeSet::new(),
        };
        for op in change.decode().operations {
            let obj = Some(op.obj);
            if obj == item {
                if let legacy::Key::Map(k) = &op.key {
                    meta.fields.insert(k.to_string());
                }
            } else if let Some(i) = text_objs.iter().position(|t| *t == obj) {
                meta.texts.insert(i);
            }
        }
        if !meta.fields.is_empty() || !meta.texts.is_empty() {
            touched.push(meta);
        }
    }
    let mut out = Vec::new();
    for field in scalars {
        let shown = doc.get(obj, field.as_str()).map_err(am)?.map(|(_, id)| id);
        let now: Vec<(Value<'_>, ObjId)> = doc.get_all(obj, field.as_str()).map_err(am)?;
        let conflict = now.len() > 1;
        let now: HashSet<ObjId> = now.into_iter().map(|(_, id)| id).collect();
        for c in touched.iter().filter(|c| c.fields.contains(&field)) {
            let values = doc.get_all_at(obj, field.as_str(), &[c.hash]).map_err(am)?;
            for (v, id) in values {
                let ObjId::Id(counter, actor, _) = &id else { continue };
                if *actor != c.actor || !(c.start..=c.end).contains(counter) {
                    continue;
                }
                let Some(value) = text_of(&v) else { continue };
                out.push(Written {
                    field: field.clone(),
                    value,
                    actor: Some(c.actor.clone()),
                    time: c.time,
                    current: shown.as_ref() == Some(&id),
                    in_conflict: conflict && now.contains(&id),
                });
            }
        }
    }
    for (i, (field, text)) in texts.into_iter().enumerate() {
        let now = doc.text(&text).map_err(am)?;
        let mut last: Option<usize> = None;
        for c in touched.iter().filter(|c| c.texts.contains(&i)) {
            last = Some(out.len());
            out.push(Written {
                field: field.clone(),
                value: doc.text_at(&text, &[c.hash]).map_err(am)?,
                actor: Some(c.actor.clone()),
                time: c.time,
                current: false,
                in_conflict: false,
            });
        }
        // A text merges rather than choosing: its current value is the merge of every edit,
        // which the last edit in causal order shows only when no edit was concurrent with it.
        match last {
            Some(i) if out[i].value == now => out[i].current = true,
            _ => out.push(Written {
                field,
                value: now,
                actor: None,
                time: touched.last().map_or(0, |c| c.time),
                current: true,
                in_conflict: false,
            }),
        }
    }
    Ok(out)
}
