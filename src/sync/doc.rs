//! The Automerge documents: made, loaded and saved, SQLite's state written into them field by
//! field (only what differs, so an unchanged field never conflicts), and read back out.
//!
//! Layout of an article's document (every map made by the one identical first change, so two
//! devices that make it agree on its objects):
//! `article` (the article's fields, and `tags`: tag UUID → true/false), `uuids` (every UUID the
//! article has had: true), `versions` (content hash → passages as JSON), `highlights` and
//! `notes` (UUID → the item's fields, `tags`, a note's `body` as text, `purged`). The library's
//! document has `tags` (UUID → name, colour, trash).

use super::{ArticleState, Item, Scalar, LIBRARY_DOC};
use crate::{Error, Result};
use automerge::transaction::{CommitOptions, Transactable};
use automerge::{hydrate, Value, ROOT};
use automerge::{ActorId, AutoCommit, Change, ChangeHash, ObjId, ObjType, ReadDoc, ScalarValue};
use std::collections::{BTreeMap, BTreeSet};

/// The actor of every document's first change: the same on every device, so that the first
/// change (made at time 0) is the same change everywhere.
const FIRST_ACTOR: [u8; 16] = *b"zhaji-sync-first";
const ARTICLE_MAPS: [&str; 5] = ["article", "uuids", "versions", "highlights", "notes"];
const LIBRARY_MAPS: [&str; 1] = ["tags"];

/// An Automerge failure, as the core's error.
pub(super) fn am(e: impl std::fmt::Display) -> Error {
    Error::internal(format!("sync document: {e}"))
}

/// The Automerge actor of device `device_id` (32 hexadecimal digits).
pub(crate) fn actor(device_id: &str) -> Result<ActorId> {
    ActorId::try_from(device_id).map_err(am)
}

/// A new document `key`, holding only the first change every device makes alike.
pub(crate) fn create(key: &str, actor: &ActorId) -> Result<AutoCommit> {
    let mut doc = AutoCommit::new().with_actor(ActorId::from(FIRST_ACTOR));
    let maps: &[&str] = match super::data::maps_of(key) {
        Some(maps) => maps,
        None if key == LIBRARY_DOC => &LIBRARY_MAPS,
        None => &ARTICLE_MAPS,
    };
    for name in maps {
        let obj = doc.put_object(ROOT, *name, ObjType::Map).map_err(am)?;
        if *name == "article" {
            doc.put_object(&obj, "tags", ObjType::Map).map_err(am)?;
        }
    }
    doc.commit_with(CommitOptions::default().with_time(0));
    doc.set_actor(actor.clone());
    Ok(doc)
}

/// A document saved by [`save`], or a new one when there is none yet.
pub(crate) fn load(key: &str, bytes: Option<&[u8]>, actor: &ActorId) -> Result<AutoCommit> {
    match bytes {
        Some(b) => Ok(AutoCommit::load(b).map_err(am)?.with_actor(actor.clone())),
        None => create(key, actor),
    }
}

/// The whole document as bytes.
pub(crate) fn save(doc: &mut AutoCommit) -> Vec<u8> {
    doc.save()
}

/// Commits what was written since the last commit; gives the new change's hash and bytes, or
/// `None` when nothing differed.
pub(crate) fn commit(doc: &mut AutoCommit) -> Option<(ChangeHash, Vec<u8>)> {
    let now =
        crate::text::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    let hash = doc.commit_with(CommitOptions::default().with_time(now))?;
    let mut change = doc.get_change_by_hash(&hash)?;
    Some((hash, change.bytes().into_owned()))
}

/// True if and only if `bytes` is a document's saved form (Automerge's document chunk: its
/// magic, checksum, then type 0) rather than one change: what a device's compacted file holds
/// for each of its documents.
pub(crate) fn is_saved(bytes: &[u8]) -> bool {
    const MAGIC: [u8; 4] = [0x85, 0x6f, 0x4a, 0x83];
    bytes.len() > 8 && bytes[..4] == MAGIC && bytes[8] == 0
}

/// What other devices' files hold for one document: saved forms (from compacted files) and
/// single changes.
#[derive(Default)]
pub(crate) struct Incoming {
    pub saved: Vec<Vec<u8>>,
    pub changes: Vec<Change>,
}

/// A document with what arrived for it taken in.
pub(crate) struct Merged {
    pub doc: AutoCommit,
    /// The hashes of the arrived changes now in the document.
    pub present: BTreeSet<ChangeHash>,
    /// The saved form it arrived as, when it is new here and came whole in one saved form.
    pub as_arrived: Option<Vec<u8>>,
    /// How many saved forms could not be read (they are skipped).
    pub unreadable: usize,
}

/// Document `key` as this device saved it (`stored`) or, when it has none, as the first saved
/// form that arrived (loaded whole in one step, not change by change), with the rest of
/// `incoming` taken in.
pub(crate) fn merge(
    key: &str,
    stored: Option<&[u8]>,
    incoming: Incoming,
    actor: &ActorId,
) -> Result<Merged> {
    let only_one = incoming.saved.len() == 1 && incoming.changes.is_empty();
    let mut saved = incoming.saved.into_iter();
    let (mut as_arrived, mut unreadable) = (None, 0);
    let mut doc = match stored {
        Some(bytes) => load(key, Some(bytes), actor)?,
        None => match saved.next().map(|first| (load(key, Some(&first), actor), first)) {
            Some((Ok(doc), first)) => {
                as_arrived = only_one.then_some(first);
                doc
            }
            Some((Err(_), _)) => {
                unreadable += 1;
                create(key, actor)?
            }
            None => create(key, actor)?,
        },
    };
    for bytes in saved {
        unreadable += usize::from(load_saved(&mut doc, &bytes).is_err());
    }
    let present = apply(&mut doc, incoming.changes)?;
    Ok(Merged { doc, present, as_arrived, unreadable })
}

/// Takes another device's saved form of a document into `doc`: the changes `doc` lacks are
/// applied, those it has ignored.
fn load_saved(doc: &mut AutoCommit, bytes: &[u8]) -> Result<()> {
    doc.load_incremental(bytes).map(|_| ()).map_err(am)
}

/// Decodes a change read from the folder.
pub(crate) fn decode_change(bytes: &[u8]) -> Result<Change> {
    Change::try_from(bytes).map_err(am)
}

/// Applies changes (Automerge ignores those it has, and holds back those whose dependencies it
/// has not seen yet); gives the hashes of those now in the document.
pub(crate) fn apply(doc: &mut AutoCommit, changes: Vec<Change>) -> Result<BTreeSet<ChangeHash>> {
    let hashes: Vec<ChangeHash> = changes.iter().map(Change::hash).collect();
    doc.apply_changes(changes).map_err(am)?;
    // No dependency missing means every change is in (those held back always lack one); asking
    // change by change rebuilds each change from the document's columns.
    if doc.get_missing_deps(&hashes).is_empty() {
        return Ok(hashes.into_iter().collect());
    }
    Ok(hashes.into_iter().filter(|h| doc.get_change_by_hash(h).is_some()).collect())
}

/// The object at `key` of map `parent`, if it is one.
pub(super) fn child(doc: &AutoCommit, parent: &ObjId, key: &str) -> Result<Option<ObjId>> {
    Ok(match doc.get(parent, key).map_err(am)? {
        Some((Value::Object(_), id)) => Some(id),
        _ => None,
    })
}

pub(super) fn root_map(doc: &AutoCommit, name: &str) -> Result<ObjId> {
    child(doc, &ROOT, name)?
        .ok_or_else(|| Error::internal(format!("sync document without its {name} map")))
}

fn scalar_of(v: &Value) -> Option<Scalar> {
    match v {
        Value::Scalar(s) => scalar_from(s),
        Value::Object(_) => None,
    }
}

fn scalar_from(s: &ScalarValue) -> Option<Scalar> {
    match s {
        ScalarValue::Null => Some(Scalar::Null),
        ScalarValue::Int(i) | ScalarValue::Timestamp(i) => Some(Scalar::Int(*i)),
        ScalarValue::Uint(u) => Some(Scalar::Int(*u as i64)),
        ScalarValue::Boolean(b) => Some(Scalar::Int(i64::from(*b))),
        ScalarValue::Str(s) => Some(Scalar::Str(s.to_string())),
        _ => None,
    }
}

fn value_of(s: &Scalar) -> ScalarValue {
    match s {
        Scalar::Null => ScalarValue::Null,
        Scalar::Int(i) => ScalarValue::Int(*i),
        Scalar::Str(s) => ScalarValue::Str(s.as_str().into()),
    }
}

pub(super) fn read_scalar(doc: &AutoCommit, obj: &ObjId, key: &str) -> Result<Option<Scalar>> {
    Ok(doc.get(obj, key).map_err(am)?.and_then(|(v, _)| scalar_of(&v)))
}

/// The keys of map `obj` whose value is true.
fn true_keys(doc: &AutoCommit, obj: &ObjId) -> Result<Vec<(String, bool)>> {
    let mut out = Vec::new();
    for key in doc.keys(obj) {
        let on = matches!(read_scalar(doc, obj, &key)?, Some(Scalar::Int(1)));
        out.push((key, on));
    }
    Ok(out)
}

/// Writes `item` at `key` of map `parent` (making it when absent), field by field.
pub(super) fn write_item(
    doc: &mut AutoCommit,
    parent: &ObjId,
    key: &str,
    item: &Item,
) -> Result<ObjId> {
    // Reading a field back costs a walk of the document's columns: a new item skips it.
    let (obj, new) = match child(doc, parent, key)? {
        Some(o) => (o, false),
        None => (doc.put_object(parent, key, ObjType::Map).map_err(am)?, true),
    };
    for (field, want) in &item.fields {
        if new || read_scalar(doc, &obj, field)?.as_ref() != Some(want) {
            doc.put(&obj, field.as_str(), value_of(want)).map_err(am)?;
        }
    }
    if item.purged && read_scalar(doc, &obj, "purged")? != Some(Scalar::Int(1)) {
        doc.put(&obj, "purged", ScalarValue::Int(1)).map_err(am)?;
    }
    if let Some(body) = &item.body {
        match child(doc, &obj, "body")? {
            Some(text) => {
                if doc.text(&text).map_err(am)? != *body {
                    doc.update_text(&text, body).map_err(am)?;
                }
            }
            None => {
                let text = doc.put_object(&obj, "body", ObjType::Text).map_err(am)?;
                doc.update_text(&text, body).map_err(am)?;
            }
        }
    }
    Ok(obj)
}

/// Makes the tags of `obj` say `want` (local UUIDs), reading the document's through `resolve`
/// (another device's UUID for a tag → this library's), so that a tag known by two UUIDs never
/// flips back and forth between devices. A tag this library does not know (`resolve` gives
/// `None`) is left as the document has it.
fn write_tags(
    doc: &mut AutoCommit,
    obj: &ObjId,
    want: &BTreeSet<String>,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Result<()> {
    let tags = match child(doc, obj, "tags")? {
        Some(t) => t,
        None => doc.put_object(obj, "tags", ObjType::Map).map_err(am)?,
    };
    let present = true_keys(doc, &tags)?;
    let have: BTreeSet<String> =
        present.iter().filter(|(_, on)| *on).filter_map(|(k, _)| resolve(k)).collect();
    if have == *want {
        return Ok(());
    }
    for (key, on) in &present {
        if *on && resolve(key).is_some_and(|r| !want.contains(&r)) {
            doc.put(&tags, key.as_str(), ScalarValue::Boolean(false)).map_err(am)?;
        }
    }
    for key in want {
        if !have.contains(key) {
            doc.put(&tags, key.as_str(), ScalarValue::Boolean(true)).map_err(am)?;
        }
    }
    Ok(())
}

/// A map read whole in one walk of the document's columns (asking key by key walks them once
/// per key), as plain data.
fn hydrate_map(doc: &AutoCommit, obj: &ObjId) -> Result<hydrate::Map> {
    match doc.hydrate(obj, None).map_err(am)? {
        hydrate::Value::Map(m) => Ok(m),
        _ => Err(Error::internal("a sync document's map is not a map")),
    }
}

fn is_one(v: &hydrate::Value) -> bool {
    matches!(v, hydrate::Value::Scalar(s) if scalar_from(s) == Some(Scalar::Int(1)))
}

fn item_of(map: &hydrate::Map) -> Item {
    let mut item = Item::default();
    for (key, entry) in map.iter() {
        match (key.as_str(), &entry.value) {
            ("tags", hydrate::Value::Map(tags)) => {
                item.tags =
                    tags.iter().filter(|(_, t)| is_one(&t.value)).map(|(k, _)| k.clone()).collect()
            }
            ("body", hydrate::Value::Text(text)) => item.body = Some(String::from(text)),
            ("purged", v) => item.purged = is_one(v),
            ("tags" | "body", _) => {}
            (_, hydrate::Value::Scalar(s)) => {
                if let Some(v) = scalar_from(s) {
                    item.fields.insert(key.clone(), v);
                }
            }
            _ => {}
        }
    }
    item
}

pub(super) fn read_item(doc: &AutoCommit, obj: &ObjId) -> Result<Item> {
    Ok(item_of(&hydrate_map(doc, obj)?))
}

pub(super) fn read_items(doc: &AutoCommit, map: &ObjId) -> Result<BTreeMap<String, Item>> {
    let mut out = BTreeMap::new();
    for (key, entry) in hydrate_map(doc, map)?.iter() {
        if let hydrate::Value::Map(m) = &entry.value {
            out.insert(key.clone(), item_of(m));
        }
    }
    Ok(out)
}

/// Writes items into map `name`: each of `items`, and `purged` on those the document has,
/// `items` lacks and `purged` names (their rows are gone for good here).
fn write_items(
    doc: &mut AutoCommit,
    name: &str,
    items: &BTreeMap<String, Item>,
    resolve: &dyn Fn(&str) -> Option<String>,
    purged: &dyn Fn(&str) -> bool,
) -> Result<()> {
    let map = root_map(doc, name)?;
    for (uuid, item) in items {
        let obj = write_item(doc, &map, uuid, item)?;
        if name == "highlights" {
            write_tags(doc, &obj, &item.tags, resolve)?;
        }
    }
    let gone: Vec<String> =
        doc.keys(&map).filter(|k| !items.contains_key(k) && purged(k)).collect();
    for uuid in gone {
        let purged = Item { purged: true, ..Item::default() };
        write_item(doc, &map, &uuid, &purged)?;
    }
    Ok(())
}

/// True if and only if the document holds text version `hash`.
pub(crate) fn has_version(doc: &AutoCommit, hash: &str) -> Result<bool> {
    Ok(doc.get(root_map(doc, "versions")?, hash).map_err(am)?.is_some())
}

/// The hashes of the text versions the document holds.
pub(crate) fn version_hashes(doc: &AutoCommit) -> Result<Vec<String>> {
    Ok(doc.keys(root_map(doc, "versions")?).collect())
}

/// The passages (as JSON) of text version `hash`.
pub(crate) fn version(doc: &AutoCommit, hash: &str) -> Result<Option<String>> {
    let versions = root_map(doc, "versions")?;
    Ok(read_scalar(doc, &versions, hash)?.and_then(|s| s.as_str().map(str::to_owned)))
}

/// Writes an article's state from SQLite into its document (`None`: its row is gone for good).
/// `resolve` maps a tag UUID the document names to this library's; `purged` says which UUIDs
/// were removed for good here.
pub(crate) fn write_article(
    doc: &mut AutoCommit,
    state: Option<&ArticleState>,
    resolve: &dyn Fn(&str) -> Option<String>,
    purged: &dyn Fn(&str) -> bool,
) -> Result<()> {
    let article = root_map(doc, "article")?;
    let Some(state) = state else {
        if read_scalar(doc, &article, "purged")? != Some(Scalar::Int(1)) {
            doc.put(&article, "purged", ScalarValue::Int(1)).map_err(am)?;
        }
        return Ok(());
    };
    write_item(doc, &ROOT, "article", &state.article)?;
    write_tags(doc, &article, &state.article.tags, resolve)?;
    let uuids = root_map(doc, "uuids")?;
    for uuid in &state.uuids {
        if doc.get(&uuids, uuid.as_str()).map_err(am)?.is_none() {
            doc.put(&uuids, uuid.as_str(), ScalarValue::Boolean(true)).map_err(am)?;
        }
    }
    let versions = root_map(doc, "versions")?;
    for (hash, json) in &state.versions {
        if doc.get(&versions, hash.as_str()).map_err(am)?.is_none() {
            doc.put(&versions, hash.as_str(), ScalarValue::Str(json.as_str().into()))
                .map_err(am)?;
        }
    }
    write_items(doc, "highlights", &state.highlights, resolve, purged)?;
    write_items(doc, "notes", &state.notes, resolve, purged)?;
    Ok(())
}

/// An article's document read whole, but for its text versions (see [`version`]).
pub(crate) fn read_article(doc: &AutoCommit) -> Result<ArticleState> {
    let article = read_item(doc, &root_map(doc, "article")?)?;
    let uuids = doc.keys(root_map(doc, "uuids")?).collect();
    Ok(ArticleState {
        article,
        uuids,
        versions: BTreeMap::new(),
        highlights: read_items(doc, &root_map(doc, "highlights")?)?,
        notes: read_items(doc, &root_map(doc, "notes")?)?,
    })
}

/// Every value field `name` of the document's article holds: one, or several written at once
/// on different devices (Automerge's own pick first).
pub(crate) fn article_values(doc: &AutoCommit, name: &str) -> Result<Vec<Scalar>> {
    let article = root_map(doc, "article")?;
    let all = doc.get_all(&article, name).map_err(am)?;
    Ok(all.iter().rev().filter_map(|(v, _)| scalar_of(v)).collect())
}

/// Field `name` of the document's article, if it has one.
pub(crate) fn article_field(doc: &AutoCommit, name: &str) -> Result<Option<Scalar>> {
    read_scalar(doc, &root_map(doc, "article")?, name)
}

/// True if and only if the article of this document was purged on some device.
pub(crate) fn article_purged(doc: &AutoCommit) -> Result<bool> {
    Ok(read_scalar(doc, &root_map(doc, "article")?, "purged")? == Some(Scalar::Int(1)))
}

/// Writes the library's tags (UUID → name, colour, trash) into its document.
pub(crate) fn write_tags_doc(
    doc: &mut AutoCommit,
    tags: &BTreeMap<String, Item>,
    purged: &dyn Fn(&str) -> bool,
) -> Result<()> {
    write_items(doc, "tags", tags, &|s: &str| Some(s.to_owned()), purged)
}

/// The library's tags as its document holds them.
pub(crate) fn read_tags_doc(doc: &AutoCommit) -> Result<BTreeMap<String, Item>> {
    read_items(doc, &root_map(doc, "tags")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(fields: &[(&str, &str)]) -> Item {
        Item {
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), Scalar::Str(v.to_string())))
                .collect(),
            ..Item::default()
        }
    }

    #[test]
    fn two_devices_making_one_document_share_its_maps() {
        let a = actor("0123456789abcdef0123456789abcdef").unwrap();
        let b = actor("fedcba9876543210fedcba9876543210").unwrap();
        let mut da = create("article:x", &a).unwrap();
        let mut db = create("article:x", &b).unwrap();
        let mut ha = BTreeMap::new();
        ha.insert("h-a".to_owned(), item(&[("color", "yellow"), ("exact", "算力")]));
        let mut hb = BTreeMap::new();
        hb.insert("h-b".to_owned(), item(&[("color", "blue"), ("exact", "芯片")]));
        let keep = |_: &str| false;
        let same = |s: &str| Some(s.to_owned());
        let sa = ArticleState { highlights: ha, ..ArticleState::default() };
        let sb = ArticleState { highlights: hb, ..ArticleState::default() };
        write_article(&mut da, Some(&sa), &same, &keep).unwrap();
        write_article(&mut db, Some(&sb), &same, &keep).unwrap();
        let (_, ca) = commit(&mut da).unwrap();
        let (_, cb) = commit(&mut db).unwrap();
        apply(&mut da, vec![decode_change(&cb).unwrap()]).unwrap();
        apply(&mut db, vec![decode_change(&ca).unwrap()]).unwrap();
        let (ra, rb) = (read_article(&da).unwrap(), read_article(&db).unwrap());
        assert_eq!(ra, rb);
        assert_eq!(ra.highlights.len(), 2, "neither device's highlight vanishes");
    }

    #[test]
    fn a_saved_form_is_told_from_a_change_and_loads_into_a_document_that_has_part_of_it() {
        let a = actor("0123456789abcdef0123456789abcdef").unwrap();
        let b = actor("fedcba9876543210fedcba9876543210").unwrap();
        let same = |s: &str| Some(s.to_owned());
        let keep = |_: &str| false;
        let mut da = create("article:x", &a).unwrap();
        let mut hs = BTreeMap::new();
        hs.insert("h1".to_owned(), item(&[("exact", "算力")]));
        write_article(
            &mut da,
            Some(&ArticleState { highlights: hs.clone(), ..Default::default() }),
            &same,
            &keep,
        )
        .unwrap();
        let (_, first) = commit(&mut da).unwrap();
        hs.insert("h2".to_owned(), item(&[("exact", "芯片")]));
        write_article(
            &mut da,
            Some(&ArticleState { highlights: hs, ..Default::default() }),
            &same,
            &keep,
        )
        .unwrap();
        let (_, second) = commit(&mut da).unwrap();
        let saved = save(&mut da);
        assert!(is_saved(&saved));
        assert!(!is_saved(&first) && !is_saved(&second) && !is_saved(b"ZHAJI"));
        // A device that had the first change takes in the whole saved form.
        let mut db = create("article:x", &b).unwrap();
        apply(&mut db, vec![decode_change(&first).unwrap()]).unwrap();
        load_saved(&mut db, &saved).unwrap();
        assert_eq!(read_article(&db).unwrap(), read_article(&da).unwrap());
        assert_eq!(read_article(&db).unwrap().highlights.len(), 2);
        // One that had nothing loads it as its document.
        let dc = load("article:x", Some(&saved), &b).unwrap();
        assert_eq!(read_article(&dc).unwrap(), read_article(&da).unwrap());
    }

    #[test]
    fn concurrent_edits_of_a_note_merge_as_text() {
        let a = actor("0123456789abcdef0123456789abcdef").unwrap();
        let b = actor("fedcba9876543210fedcba9876543210").unwrap();
        let same = |s: &str| Some(s.to_owned());
        let keep = |_: &str| false;
        let note = |body: &str| {
            let mut notes = BTreeMap::new();
            notes.insert("n".to_owned(), Item { body: Some(body.to_owned()), ..Item::default() });
            ArticleState { notes, ..ArticleState::default() }
        };
        let mut da = create("article:x", &a).unwrap();
        write_article(&mut da, Some(&note("算力很贵。")), &same, &keep).unwrap();
        let (_, first) = commit(&mut da).unwrap();
        let mut db = create("article:x", &b).unwrap();
        apply(&mut db, vec![decode_change(&first).unwrap()]).unwrap();
        write_article(&mut da, Some(&note("开头：算力很贵。")), &same, &keep).unwrap();
        write_article(&mut db, Some(&note("算力很贵。结尾")), &same, &keep).unwrap();
        let (_, ca) = commit(&mut da).unwrap();
        let (_, cb) = commit(&mut db).unwrap();
        apply(&mut da, vec![decode_change(&cb).unwrap()]).unwrap();
        apply(&mut db, vec![decode_change(&ca).unwrap()]).unwrap();
        let body = |d: &AutoCommit| read_article(d).unwrap().notes["n"].body.clone().unwrap();
        assert_eq!(body(&da), "开头：算力很贵。结尾");
        assert_eq!(body(&db), body(&da));
    }
}
