//! The documents of what belongs to no article: one per claim (`claim:<uuid>`), holding the
//! claim and its evidence, and one for the preferences (`preferences`), holding the user's
//! taxonomy entries and the colours' names. Each is small: a claim has a handful of links, the
//! preferences a few dozen entries, and neither grows with the library.
//!
//! Layout: a claim's document has `claim` (its fields; its text as Automerge text in `body`, so
//! that two devices rewording it merge as text; `purged`) and `links` (highlight UUID → role,
//! note, times, `gone`). The preferences' document has `taxonomy` (entry key → the override's
//! columns, `gone`) and `colors` (colour → `label`). A link taken off or an override dropped is
//! `gone`, never a removed key, so a concurrent edit of it is not discarded.

use super::doc::{child, read_item, read_items, read_scalar, root_map, write_item};
use super::{Item, Scalar};
use crate::Result;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc, ScalarValue, ROOT};
use std::collections::BTreeMap;

/// The key of the preferences' document.
pub(crate) const PREFERENCES_DOC: &str = "preferences";
const CLAIM_MAPS: [&str; 2] = ["claim", "links"];
const PREFERENCES_MAPS: [&str; 2] = ["taxonomy", "colors"];

/// The maps the first change of document `key` makes, when it is one of these documents.
pub(crate) fn maps_of(key: &str) -> Option<&'static [&'static str]> {
    if key == PREFERENCES_DOC {
        Some(&PREFERENCES_MAPS)
    } else if claim_uuid(key).is_some() {
        Some(&CLAIM_MAPS)
    } else {
        None
    }
}

/// The claim's UUID, when `key` is a claim's document (`claim:<uuid>`).
pub(crate) fn claim_uuid(key: &str) -> Option<&str> {
    key.strip_prefix("claim:")
}

/// A claim as its document holds it: its own fields (its text in `body`) and its links by the
/// UUID of their highlight, those taken off included (`gone`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ClaimState {
    pub claim: Item,
    pub links: BTreeMap<String, Item>,
}

/// The preferences as their document holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Preferences {
    pub taxonomy: BTreeMap<String, Item>,
    pub colors: BTreeMap<String, Item>,
}

/// True if and only if `item` was taken off (a link) or dropped (an override).
pub(crate) fn is_gone(item: &Item) -> bool {
    item.get("gone").as_int() == Some(1)
}

/// Writes `items` into map `name` (each with `gone` 0), and `gone` on those the document has
/// alive, `items` lacks and `may_drop` allows (they were taken off here).
fn write_present(
    doc: &mut AutoCommit,
    name: &str,
    items: &BTreeMap<String, Item>,
    may_drop: &dyn Fn(&str) -> bool,
) -> Result<()> {
    let map = root_map(doc, name)?;
    for (key, item) in items {
        let mut item = item.clone();
        item.fields.insert("gone".into(), Scalar::Int(0));
        write_item(doc, &map, key, &item)?;
    }
    let absent: Vec<String> =
        doc.keys(&map).filter(|k| !items.contains_key(k) && may_drop(k)).collect();
    for key in absent {
        let Some(obj) = child(doc, &map, &key)? else { continue };
        if read_scalar(doc, &obj, "gone")? != Some(Scalar::Int(1)) {
            doc.put(&obj, "gone", ScalarValue::Int(1)).map_err(super::doc::am)?;
        }
    }
    Ok(())
}

/// Writes a claim's state from SQLite into its document (`None`: its row was purged here).
/// `may_unlink` says which links the document has and SQLite lacks were taken off here (not
/// those whose highlight has not arrived yet).
pub(crate) fn write_claim(
    doc: &mut AutoCommit,
    state: Option<&ClaimState>,
    may_unlink: &dyn Fn(&str) -> bool,
) -> Result<()> {
    let Some(state) = state else {
        let claim = root_map(doc, "claim")?;
        if read_scalar(doc, &claim, "purged")? != Some(Scalar::Int(1)) {
            doc.put(&claim, "purged", ScalarValue::Int(1)).map_err(super::doc::am)?;
        }
        return Ok(());
    };
    write_item(doc, &ROOT, "claim", &state.claim)?;
    write_present(doc, "links", &state.links, may_unlink)
}

/// A claim's document read whole.
pub(crate) fn read_claim(doc: &AutoCommit) -> Result<ClaimState> {
    Ok(ClaimState {
        claim: read_item(doc, &root_map(doc, "claim")?)?,
        links: read_items(doc, &root_map(doc, "links")?)?,
    })
}

/// Writes the preferences from SQLite into their document: an entry the document has and
/// SQLite lacks was dropped here; a colour is never dropped (its name goes back to the default
/// by being set to it).
pub(crate) fn write_preferences(doc: &mut AutoCommit, p: &Preferences) -> Result<()> {
    write_present(doc, "taxonomy", &p.taxonomy, &|_: &str| true)?;
    write_present(doc, "colors", &p.colors, &|_: &str| false)
}

/// The preferences as their document holds them.
pub(crate) fn read_preferences(doc: &AutoCommit) -> Result<Preferences> {
    Ok(Preferences {
        taxonomy: read_items(doc, &root_map(doc, "taxonomy")?)?,
        colors: read_items(doc, &root_map(doc, "colors")?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::doc::{actor, apply, commit, create, decode_change};

    fn claim(text: &str) -> ClaimState {
        let mut c = ClaimState::default();
        c.claim.body = Some(text.to_owned());
        c.claim.fields.insert("created_at".into(), Scalar::Str("t".into()));
        c
    }

    #[test]
    fn concurrent_rewordings_of_a_claim_merge_as_text() {
        let a = actor("0123456789abcdef0123456789abcdef").unwrap();
        let b = actor("fedcba9876543210fedcba9876543210").unwrap();
        let key = "claim:c";
        let none = |_: &str| false;
        let mut da = create(key, &a).unwrap();
        write_claim(&mut da, Some(&claim("算力决定成本")), &none).unwrap();
        let (_, first) = commit(&mut da).unwrap();
        let mut db = create(key, &b).unwrap();
        apply(&mut db, vec![decode_change(&first).unwrap()]).unwrap();
        write_claim(&mut da, Some(&claim("算力最终决定成本")), &none).unwrap();
        write_claim(&mut db, Some(&claim("算力决定推理成本")), &none).unwrap();
        let (_, ca) = commit(&mut da).unwrap();
        let (_, cb) = commit(&mut db).unwrap();
        apply(&mut da, vec![decode_change(&cb).unwrap()]).unwrap();
        apply(&mut db, vec![decode_change(&ca).unwrap()]).unwrap();
        let text = |d: &AutoCommit| read_claim(d).unwrap().claim.body.unwrap();
        assert_eq!(text(&da), "算力最终决定推理成本");
        assert_eq!(text(&da), text(&db));
    }

    #[test]
    fn a_link_is_taken_off_only_where_allowed() {
        let a = actor("0123456789abcdef0123456789abcdef").unwrap();
        let mut d = create("claim:c", &a).unwrap();
        let mut c = claim("芯片短缺");
        for h in ["h1", "h2"] {
            let mut link = Item::default();
            link.fields.insert("role".into(), Scalar::Str("supports".into()));
            c.links.insert(h.into(), link);
        }
        write_claim(&mut d, Some(&c), &|_: &str| true).unwrap();
        c.links.clear();
        write_claim(&mut d, Some(&c), &|h: &str| h == "h1").unwrap();
        let read = read_claim(&d).unwrap();
        assert!(is_gone(&read.links["h1"]));
        assert!(!is_gone(&read.links["h2"]), "a link whose highlight is not here stays");
    }
}
