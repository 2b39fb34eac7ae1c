//! Following the debate: a taxonomy of who and what (companies, models, people, topics,
//! stances), tag suggestions for passages, the who & what of an article with the figures it
//! cites, claims with evidence for and against, and Markdown debate briefs.
//!
//! The parts, and why they are split so:
//! - [`taxonomy`]: the bundled file (`data/taxonomy.json`) and the merge with the user's
//!   overrides. Pure functions; the overrides are stored by `store::debate`.
//! - [`matcher`]: one Aho-Corasick automaton over every name, built once per taxonomy and kept
//!   in the [`Cache`] of a [`crate::Library`], so a suggestion costs a scan of the passage, not
//!   a rebuild.
//! - [`figures`]: a hand-written scanner for numbers with units, in Chinese and English.
//! - [`brief`]: the Markdown of a claim brief and a tag brief, reusing the exporter's quoting.
//!
//! The [`crate::Library`] methods a shell calls are in the façade (`library/taxonomy.rs`,
//! `library/claims.rs`); every write is one transaction.
//!
//! The command line for these lives with the binary's (`src/bin/zhaji/claims.rs` and
//! `taxonomy.rs`), so the library does not depend on clap's types.

pub mod brief;
pub mod figures;
pub mod matcher;
pub mod taxonomy;
pub mod types;

use crate::Result;
use matcher::Matcher;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;
use taxonomy::Bundled;
use types::{EntityMentions, Span, TagSuggestion, WhoAndWhat};

/// What a library keeps between calls: the bundled taxonomy it merges with (the built-in one
/// unless replaced), and the matcher for the merged taxonomy with the signature of the user's
/// changes it was made from, so that changes written by another connection (the CLI, a sync
/// round on the desktop's thread) are seen at the next use.
#[derive(Default)]
pub struct Cache {
    bundled: RefCell<Option<Arc<Bundled>>>,
    matcher: RefCell<Option<(String, Arc<Matcher>)>>,
}

impl Cache {
    /// The bundled taxonomy, parsed on first use.
    pub(crate) fn bundled(&self) -> Result<Arc<Bundled>> {
        if let Some(b) = self.bundled.borrow().as_ref() {
            return Ok(b.clone());
        }
        let b = Arc::new(taxonomy::parse_bundled(taxonomy::BUNDLED_JSON)?);
        *self.bundled.borrow_mut() = Some(b.clone());
        Ok(b)
    }

    pub(crate) fn set_bundled(&self, b: Bundled) {
        *self.bundled.borrow_mut() = Some(Arc::new(b));
        self.invalidate();
    }

    /// The matcher, if it was made from the user's changes of signature `signature`.
    pub(crate) fn matcher(&self, signature: &str) -> Option<Arc<Matcher>> {
        match self.matcher.borrow().as_ref() {
            Some((s, m)) if s == signature => Some(m.clone()),
            _ => None,
        }
    }

    pub(crate) fn set_matcher(&self, signature: String, m: Arc<Matcher>) {
        *self.matcher.borrow_mut() = Some((signature, m));
    }

    /// Forgets the matcher after the taxonomy changed.
    pub(crate) fn invalidate(&self) {
        *self.matcher.borrow_mut() = None;
    }
}

/// The tags a text suggests: the entries it names (in order of first mention, each with how
/// often and under which spellings), then the entries those imply (a model's maker) that it
/// does not name.
pub fn suggestions(m: &Matcher, text: &str) -> Vec<TagSuggestion> {
    let mut out: Vec<TagSuggestion> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for hit in m.find(text) {
        let written =
            crate::text::slice_chars(text, hit.span.start as usize, hit.span.end as usize)
                .unwrap_or("")
                .to_owned();
        for e in m.entries_of(&hit) {
            let i = match at.get(&e.tag) {
                Some(&i) => i,
                None => {
                    out.push(suggestion_of(e, None));
                    at.insert(e.tag.clone(), out.len() - 1);
                    out.len() - 1
                }
            };
            out[i].count += 1;
            if !out[i].matched.contains(&written) {
                out[i].matched.push(written.clone());
            }
        }
    }
    let direct = out.len();
    for i in 0..direct {
        let Some(source) = m.entry(&out[i].key) else { continue };
        for r in &source.related {
            let Some(e) = m.entry(r) else { continue };
            if at.contains_key(&e.tag) {
                continue;
            }
            at.insert(e.tag.clone(), out.len());
            let implied_by = Some(out[i].tag.clone());
            out.push(suggestion_of(e, implied_by));
        }
    }
    out
}

/// A suggestion of entry `e` that the text has not counted yet; `implied_by` names the tag of
/// the named entry that implies it, for one the text does not name itself.
fn suggestion_of(e: &types::TaxonomyEntry, implied_by: Option<String>) -> TagSuggestion {
    TagSuggestion {
        tag: e.tag.clone(),
        key: e.key.clone(),
        kind: e.kind,
        zh: e.zh.clone(),
        en: e.en.clone(),
        count: 0,
        matched: Vec::new(),
        implied_by,
        applied: false,
    }
}

/// The who & what of a text: every entry it names with its mentions, and its figures.
pub fn who_and_what(m: &Matcher, article_id: crate::Id, text: &str) -> WhoAndWhat {
    let mut entities: Vec<EntityMentions> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for hit in m.find(text) {
        for e in m.entries_of(&hit) {
            let i = *at.entry(e.key.as_str()).or_insert_with(|| {
                entities.push(EntityMentions {
                    key: e.key.clone(),
                    kind: e.kind,
                    tag: e.tag.clone(),
                    zh: e.zh.clone(),
                    en: e.en.clone(),
                    count: 0,
                    mentions: Vec::new(),
                });
                entities.len() - 1
            });
            entities[i].count += 1;
            entities[i].mentions.push(Span { start: hit.span.start, end: hit.span.end });
        }
    }
    entities.sort_by(|a, b| {
        (a.kind, std::cmp::Reverse(a.count), &a.tag).cmp(&(
            b.kind,
            std::cmp::Reverse(b.count),
            &b.tag,
        ))
    });
    WhoAndWhat { article_id, entities, figures: figures::find_figures(text) }
}
