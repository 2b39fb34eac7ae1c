//! The taxonomy of the debate: the bundled entries (`data/taxonomy.json`) merged with the
//! user's overrides stored in the library.
//!
//! Merge rule, and why: the bundled file is keyed by `kind/id`, which never changes, while the
//! names may. The user's changes are stored per entry and per field (a new Chinese name, a new
//! alias list, a removal), not as a copy of the whole entry, so that a newer bundled version
//! still reaches every field the user did not touch: a renamed entry gets the new bundled
//! aliases, an untouched entry gets everything, and a bundled entry the user never saw appears.
//! Whatever the user set wins, and a removed entry stays removed. Entries the user added live
//! only in the library.

use super::types::{EntryKind, EntryOrigin, EntryPatch, TaxonomyEntry};
use crate::{Error, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};

/// The taxonomy built into Zhaji.
pub const BUNDLED_JSON: &str = include_str!("../../data/taxonomy.json");

/// The longest name or alias, in characters: a name is a name, not a paragraph.
const MAX_NAME_CHARS: usize = 100;
/// The most aliases an entry can have.
const MAX_ALIASES: usize = 200;

#[derive(Deserialize)]
struct File {
    format: u32,
    #[serde(default)]
    version: String,
    entries: Vec<FileEntry>,
}

#[derive(Deserialize)]
struct FileEntry {
    kind: String,
    id: String,
    #[serde(default)]
    zh: String,
    #[serde(default)]
    en: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
}

/// A parsed bundled taxonomy.
#[derive(Debug, Clone, Default)]
pub struct Bundled {
    /// The file's version string, for display.
    pub version: String,
    pub entries: Vec<TaxonomyEntry>,
}

/// One stored user override: `None` fields are not overridden.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Override {
    pub key: String,
    pub zh: Option<String>,
    pub en: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub related: Option<Vec<String>>,
    /// The user removed this entry.
    pub removed: bool,
    /// The user created this entry (it is not in the bundled file).
    pub user_added: bool,
}

/// Parses a taxonomy file. Entries with an unknown kind, a bad id or no name are refused with a
/// message naming them, so that a broken bundled file fails its tests rather than silently
/// losing entries; a repeated key is refused for the same reason.
pub fn parse_bundled(json: &str) -> Result<Bundled> {
    let file: File = serde_json::from_str(json)
        .map_err(|e| Error::invalid(format!("the taxonomy file is not valid: {e}")))?;
    if file.format != 1 {
        return Err(Error::invalid(format!(
            "the taxonomy file has format {}, this Zhaji reads format 1",
            file.format
        )));
    }
    let mut seen = HashSet::new();
    let mut entries = Vec::with_capacity(file.entries.len());
    for e in file.entries {
        let kind = EntryKind::parse(&e.kind).ok_or_else(|| {
            Error::invalid(format!("taxonomy entry {}: unknown kind {:?}", e.id, e.kind))
        })?;
        check_id(&e.id)?;
        let key = format!("{}/{}", kind.as_str(), e.id);
        if !seen.insert(key.clone()) {
            return Err(Error::invalid(format!("taxonomy entry {key} appears twice")));
        }
        let entry = build(kind, &e.id, &e.zh, &e.en, e.aliases, e.related, EntryOrigin::Bundled)
            .map_err(|err| err.context(format!("taxonomy entry {key}")))?;
        entries.push(entry);
    }
    Ok(Bundled { version: file.version, entries })
}

/// Merges the bundled entries with the user's overrides (see the module documentation).
/// The result is sorted by kind, then tag, then key, so that lists are stable.
pub fn merge(bundled: &Bundled, overrides: &[Override]) -> Vec<TaxonomyEntry> {
    let mut by_key: BTreeMap<&str, &Override> = BTreeMap::new();
    for o in overrides {
        by_key.insert(&o.key, o);
    }
    let mut out = Vec::with_capacity(bundled.entries.len() + overrides.len());
    let mut bundled_keys = HashSet::new();
    for b in &bundled.entries {
        bundled_keys.insert(b.key.as_str());
        match by_key.get(b.key.as_str()) {
            None => out.push(b.clone()),
            Some(o) if o.removed => {}
            Some(o) => {
                if let Some(e) = apply(b, o, EntryOrigin::Edited) {
                    out.push(e);
                }
            }
        }
    }
    for o in overrides {
        if o.removed || bundled_keys.contains(o.key.as_str()) || !o.user_added {
            continue;
        }
        let Some((kind, id)) = split_key(&o.key) else { continue };
        let blank = TaxonomyEntry {
            key: o.key.clone(),
            kind,
            id: id.to_owned(),
            zh: String::new(),
            en: String::new(),
            aliases: Vec::new(),
            related: Vec::new(),
            tag: String::new(),
            origin: EntryOrigin::User,
        };
        if let Some(e) = apply(&blank, o, EntryOrigin::User) {
            out.push(e);
        }
    }
    out.sort_by(|a, b| (a.kind, &a.tag, &a.key).cmp(&(b.kind, &b.tag, &b.key)));
    out
}

/// An entry with an override's fields applied; `None` if the result has no name (an override
/// stored by an older version could in principle say so; such an entry is skipped rather than
/// shown nameless).
fn apply(base: &TaxonomyEntry, o: &Override, origin: EntryOrigin) -> Option<TaxonomyEntry> {
    build(
        base.kind,
        &base.id,
        o.zh.as_deref().unwrap_or(&base.zh),
        o.en.as_deref().unwrap_or(&base.en),
        o.aliases.clone().unwrap_or_else(|| base.aliases.clone()),
        o.related.clone().unwrap_or_else(|| base.related.clone()),
        origin,
    )
    .ok()
}

/// Builds an entry with its names cleaned and its tag computed.
pub fn build(
    kind: EntryKind,
    id: &str,
    zh: &str,
    en: &str,
    aliases: Vec<String>,
    related: Vec<String>,
    origin: EntryOrigin,
) -> Result<TaxonomyEntry> {
    let zh = clean_name(zh)?;
    let en = clean_name(en)?;
    if zh.is_empty() && en.is_empty() {
        return Err(Error::invalid("a taxonomy entry needs a Chinese or an English name"));
    }
    let aliases = clean_aliases(aliases)?;
    let mut rel = Vec::new();
    for r in related {
        let r = r.trim().to_owned();
        if split_key(&r).is_some() && !rel.contains(&r) {
            rel.push(r);
        }
    }
    let tag = tag_for(kind, &zh, &en);
    Ok(TaxonomyEntry {
        key: format!("{}/{id}", kind.as_str()),
        kind,
        id: id.to_owned(),
        zh,
        en,
        aliases,
        related: rel,
        tag,
        origin,
    })
}

/// The tag of an entry: `kind/` plus the Chinese name, else the English name.
///
/// Chinese first because Zhaji's readers are Chinese-first and the issue's own examples are
/// `actor/百度` and `topic/算力`; the English name and the aliases still match in text, and the
/// UI shows both names. A `/` inside a name would make a deeper tag, so it becomes `／`
/// (the full-width slash) in the tag only.
pub fn tag_for(kind: EntryKind, zh: &str, en: &str) -> String {
    let name = if zh.is_empty() { en } else { zh };
    format!("{}/{}", kind.as_str(), name.replace('/', "／"))
}

/// Splits `kind/id` into its parts, checking both.
pub fn split_key(key: &str) -> Option<(EntryKind, &str)> {
    let (kind, id) = key.split_once('/')?;
    let kind = EntryKind::parse(kind)?;
    check_id(id).ok()?;
    Some((kind, id))
}

/// An id is a slug: lowercase ASCII letters, digits, `-`, `.` and `_`, 1 to 64 of them, so that
/// it is safe in keys, file names and URLs.
fn check_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "not a taxonomy id: {id:?} (use lowercase letters, digits, '-', '.', '_')"
        )))
    }
}

/// A name: NFC, one line, inner white space collapsed, at most [`MAX_NAME_CHARS`] characters.
pub fn clean_name(name: &str) -> Result<String> {
    let n = crate::text::normalize(name);
    let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
    if crate::text::char_len(&n) > MAX_NAME_CHARS {
        return Err(Error::invalid(format!(
            "a name is limited to {MAX_NAME_CHARS} characters: {:?}…",
            n.chars().take(20).collect::<String>()
        )));
    }
    Ok(n)
}

fn clean_aliases(aliases: Vec<String>) -> Result<Vec<String>> {
    if aliases.len() > MAX_ALIASES {
        return Err(Error::invalid(format!("an entry can have at most {MAX_ALIASES} aliases")));
    }
    let mut out: Vec<String> = Vec::with_capacity(aliases.len());
    for a in aliases {
        let a = clean_name(&a)?;
        if !a.is_empty() && !out.contains(&a) {
            out.push(a);
        }
    }
    Ok(out)
}

/// A new id for an entry the user adds: a slug of the English name (`Mistral AI` →
/// `u-mistral-ai`), or of the code points of the Chinese one; prefixed `u-` so that it never
/// collides with a bundled id, now or in a later version. `taken` says whether an id is in use;
/// `-2`, `-3`… is added until it is not.
pub fn new_user_id(zh: &str, en: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut slug = String::new();
    for c in en.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        slug = zh.chars().take(8).map(|c| format!("{:x}", c as u32)).collect::<Vec<_>>().join("-");
    }
    slug.truncate(50);
    let base = format!("u-{}", slug.trim_end_matches('-'));
    let mut id = base.clone();
    let mut n = 2;
    while taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Applies a patch to an override, keeping only what differs from the bundled entry (so that
/// a field the user sets back to the bundled value follows later bundled versions again).
pub fn patch_override(
    base: Option<&TaxonomyEntry>,
    current: Option<Override>,
    key: &str,
    patch: &EntryPatch,
) -> Result<Override> {
    let mut o = current.unwrap_or_else(|| Override { key: key.to_owned(), ..Default::default() });
    if let Some(zh) = &patch.zh {
        let zh = clean_name(zh)?;
        o.zh = (base.map(|b| &b.zh) != Some(&zh)).then_some(zh);
    }
    if let Some(en) = &patch.en {
        let en = clean_name(en)?;
        o.en = (base.map(|b| &b.en) != Some(&en)).then_some(en);
    }
    if let Some(aliases) = &patch.aliases {
        let a = clean_aliases(aliases.clone())?;
        o.aliases = (base.map(|b| &b.aliases) != Some(&a)).then_some(a);
    }
    if let Some(related) = &patch.related {
        let r: Vec<String> = related.iter().map(|r| r.trim().to_owned()).collect();
        if let Some(bad) = r.iter().find(|r| split_key(r).is_none()) {
            return Err(Error::invalid(format!("not a taxonomy key: {bad:?} (kind/id)")));
        }
        o.related = (base.map(|b| &b.related) != Some(&r)).then_some(r);
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_taxonomy_parses_and_every_related_key_exists() {
        let b = parse_bundled(BUNDLED_JSON).unwrap();
        assert!(b.entries.len() >= 90);
        let keys: HashSet<&str> = b.entries.iter().map(|e| e.key.as_str()).collect();
        for e in &b.entries {
            for r in &e.related {
                assert!(keys.contains(r.as_str()), "{} relates to missing {r}", e.key);
            }
        }
        let tags: HashSet<&str> = b.entries.iter().map(|e| e.tag.as_str()).collect();
        assert_eq!(tags.len(), b.entries.len(), "two entries share a tag");
        for t in ["actor/百度", "model/GPT-3", "topic/算力", "person/李开复", "stance/规模派"]
        {
            assert!(tags.contains(t), "{t}");
        }
    }

    #[test]
    fn bad_files_are_refused_with_a_reason() {
        assert!(parse_bundled("{").is_err());
        assert!(parse_bundled(r#"{"format":2,"entries":[]}"#).is_err());
        let dup = r#"{"format":1,"entries":[{"kind":"actor","id":"a","zh":"甲"},{"kind":"actor","id":"a","zh":"乙"}]}"#;
        assert!(parse_bundled(dup).is_err());
        let nameless = r#"{"format":1,"entries":[{"kind":"actor","id":"a"}]}"#;
        assert!(parse_bundled(nameless).is_err());
        let bad_id = r#"{"format":1,"entries":[{"kind":"actor","id":"A B","zh":"甲"}]}"#;
        assert!(parse_bundled(bad_id).is_err());
    }

    #[test]
    fn user_ids_are_slugs_that_avoid_taken_ones() {
        assert_eq!(new_user_id("", "Mistral AI", |_| false), "u-mistral-ai");
        assert_eq!(new_user_id("", "Mistral AI", |id| id == "u-mistral-ai"), "u-mistral-ai-2");
        assert_eq!(new_user_id("零一", "", |_| false), "u-96f6-4e00");
        assert!(split_key("actor/u-96f6-4e00").is_some());
    }
}
