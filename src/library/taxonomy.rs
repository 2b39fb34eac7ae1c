//! The debate's taxonomy (bundled entries merged with the user's changes), the tag suggestions
//! it makes, and the who & what of an article. Reads go through the cached matcher
//! (`crate::debate::Cache`), rebuilt after a change.

use super::tags::rename_subtree;
use super::{live_text, load_highlight, Library};
use crate::anchor::reanchor::bad_range;
use crate::debate::matcher::Matcher;
use crate::debate::taxonomy::{self, Override};
use crate::debate::types::*;
use crate::model::*;
use crate::tags::{is_inside, normalize_tag};
use crate::text::{self, now_rfc3339};
use crate::{store, Error, Result};
use rusqlite::Connection;
use std::sync::Arc;

impl Library {
    /// The matcher for the current taxonomy, built on first use and after changes (made here
    /// or by another connection).
    fn debate_matcher(&self) -> Result<Arc<Matcher>> {
        let signature = store::debate::taxonomy_signature(&self.conn)?;
        if let Some(m) = self.debate.matcher(&signature) {
            return Ok(m);
        }
        let bundled = self.debate.bundled()?;
        let overrides = store::debate::taxonomy_overrides(&self.conn)?;
        let m = Arc::new(Matcher::new(taxonomy::merge(&bundled, &overrides)));
        self.debate.set_matcher(signature, m.clone());
        Ok(m)
    }

    /// The taxonomy: the bundled entries merged with the user's additions, edits and removals,
    /// sorted by kind, then tag.
    pub fn taxonomy(&self) -> Result<Vec<TaxonomyEntry>> {
        Ok(self.debate_matcher()?.entries().to_vec())
    }

    /// One entry of the taxonomy by key (`actor/baidu`).
    pub fn taxonomy_entry(&self, key: &str) -> Result<TaxonomyEntry> {
        self.debate_matcher()?
            .entry(key.trim())
            .cloned()
            .ok_or_else(|| Error::not_found(format!("no taxonomy entry {key}")))
    }

    /// Replaces the bundled taxonomy this library merges with (normally the one built into
    /// Zhaji): how a newer version is applied, and how tests simulate one. The user's changes,
    /// stored in the library, are kept and still win.
    pub fn set_bundled_taxonomy(&mut self, json: &str) -> Result<()> {
        let b = taxonomy::parse_bundled(json)?;
        self.debate.set_bundled(b);
        Ok(())
    }

    /// Adds an entry of the user's. It needs a Chinese or an English name; its id is made from
    /// the English name (or the Chinese one) and never collides with a bundled id.
    pub fn add_taxonomy_entry(
        &mut self,
        kind: EntryKind,
        patch: &EntryPatch,
    ) -> Result<TaxonomyEntry> {
        let zh = taxonomy::clean_name(patch.zh.as_deref().unwrap_or(""))?;
        let en = taxonomy::clean_name(patch.en.as_deref().unwrap_or(""))?;
        if zh.is_empty() && en.is_empty() {
            return Err(Error::invalid("a new entry needs a Chinese or an English name"));
        }
        let current = self.taxonomy()?;
        let tag = taxonomy::tag_for(kind, &zh, &en);
        if let Some(same) = current.iter().find(|e| e.tag == tag) {
            return Err(Error::invalid(format!(
                "the taxonomy already has {tag} ({}); edit that entry instead",
                same.key
            )));
        }
        let bundled = self.debate.bundled()?;
        let tx = self.write()?;
        let overrides = store::debate::taxonomy_overrides(&tx)?;
        let id = taxonomy::new_user_id(&zh, &en, |id| {
            let key = format!("{}/{id}", kind.as_str());
            bundled.entries.iter().any(|e| e.key == key) || overrides.iter().any(|o| o.key == key)
        });
        let key = format!("{}/{id}", kind.as_str());
        let mut o = taxonomy::patch_override(None, None, &key, patch)?;
        o.user_added = true;
        o.zh = Some(zh);
        o.en = Some(en);
        store::debate::put_taxonomy_override(&tx, &o, &now_rfc3339())?;
        tx.commit()?;
        self.debate.invalidate();
        self.taxonomy_entry(&key)
    }

    /// Changes an entry's names, aliases or related entries. When the change renames its tag,
    /// the tag is renamed everywhere it is used (merged into the new name if that exists), so
    /// that highlights tagged before and after the rename stay together.
    pub fn edit_taxonomy_entry(&mut self, key: &str, patch: &EntryPatch) -> Result<TaxonomyEntry> {
        let key = key.trim();
        let before = self.taxonomy_entry(key)?;
        let bundled = self.debate.bundled()?;
        let base = bundled.entries.iter().find(|e| e.key == key).cloned();
        let tx = self.write()?;
        let current = store::debate::taxonomy_override(&tx, key)?;
        let o = taxonomy::patch_override(base.as_ref(), current, key, patch)?;
        // Check the result before storing it: it must keep a name.
        let preview = taxonomy::merge(
            &taxonomy::Bundled { version: String::new(), entries: base.into_iter().collect() },
            std::slice::from_ref(&o),
        );
        let after = preview
            .into_iter()
            .next()
            .ok_or_else(|| Error::invalid("an entry needs a Chinese or an English name"))?;
        let others = taxonomy::merge(&bundled, &store::debate::taxonomy_overrides(&tx)?);
        if let Some(clash) = others.iter().find(|e| e.tag == after.tag && e.key != key) {
            return Err(Error::invalid(format!(
                "{} is already the tag of {}; choose another name",
                after.tag, clash.key
            )));
        }
        store::debate::put_taxonomy_override(&tx, &o, &now_rfc3339())?;
        if after.tag != before.tag {
            rename_tag_everywhere(&tx, &before.tag, &after.tag)?;
        }
        tx.commit()?;
        self.debate.invalidate();
        self.taxonomy_entry(key)
    }

    /// Removes an entry: it is no longer suggested or listed. A bundled entry stays removed
    /// through later bundled versions (until [`Library::reset_taxonomy_entry`]); an entry of the
    /// user's is gone. Tags already on highlights are the user's and stay.
    pub fn remove_taxonomy_entry(&mut self, key: &str) -> Result<()> {
        let key = key.trim();
        self.taxonomy_entry(key)?;
        let bundled = self.debate.bundled()?;
        let is_bundled = bundled.entries.iter().any(|e| e.key == key);
        let tx = self.write()?;
        if is_bundled {
            let mut o = store::debate::taxonomy_override(&tx, key)?
                .unwrap_or_else(|| Override { key: key.to_owned(), ..Default::default() });
            o.removed = true;
            store::debate::put_taxonomy_override(&tx, &o, &now_rfc3339())?;
        } else {
            store::debate::delete_taxonomy_override(&tx, key)?;
        }
        tx.commit()?;
        self.debate.invalidate();
        Ok(())
    }

    /// Drops the user's changes to a bundled entry (a removal too), so that it follows the
    /// bundled taxonomy again; returns the entry as bundled.
    pub fn reset_taxonomy_entry(&mut self, key: &str) -> Result<TaxonomyEntry> {
        let key = key.trim();
        let bundled = self.debate.bundled()?;
        if !bundled.entries.iter().any(|e| e.key == key) {
            return Err(Error::not_found(format!(
                "{key} is not a bundled entry (an entry of yours can be removed)"
            )));
        }
        let tx = self.write()?;
        store::debate::delete_taxonomy_override(&tx, key)?;
        tx.commit()?;
        self.debate.invalidate();
        self.taxonomy_entry(key)
    }

    /// The tags a text suggests (see [`crate::debate::suggestions`]).
    pub fn suggest_tags_for_text(&self, text: &str) -> Result<Vec<TagSuggestion>> {
        Ok(crate::debate::suggestions(&*self.debate_matcher()?, &text::normalize(text)))
    }

    /// The tags for the text `start..end` of an article, as offered when it is highlighted.
    pub fn suggest_tags(&self, article_id: Id, start: u32, end: u32) -> Result<Vec<TagSuggestion>> {
        let text = live_text(&self.conn, article_id)?;
        let slice = text::slice_chars(&text, start as usize, end as usize)
            .filter(|_| start < end)
            .ok_or_else(|| bad_range(start, end, text::char_len(&text)))?;
        Ok(crate::debate::suggestions(&*self.debate_matcher()?, slice))
    }

    /// The tags for a highlight's text, each marked `applied` when the highlight has it.
    pub fn suggest_tags_for_highlight(&self, highlight_id: Id) -> Result<Vec<TagSuggestion>> {
        let h = load_highlight(&self.conn, highlight_id)?;
        let mut list = crate::debate::suggestions(&*self.debate_matcher()?, &h.anchor.exact);
        for s in &mut list {
            s.applied = h.tags.contains(&s.tag);
        }
        Ok(list)
    }

    /// The who & what panel of an article: who and what it mentions, where, and its figures.
    pub fn who_and_what(&self, article_id: Id) -> Result<WhoAndWhat> {
        let text = live_text(&self.conn, article_id)?;
        Ok(crate::debate::who_and_what(&*self.debate_matcher()?, article_id, &text))
    }
}

/// Renames the tag `from` and its children to `to` wherever used, as [`Library::rename_tag`]
/// does, inside the caller's transaction. Names that are not tag names, a rename to the same
/// name and one into its own subtree change nothing.
fn rename_tag_everywhere(conn: &Connection, from: &str, to: &str) -> Result<()> {
    let (Ok(from), Ok(to)) = (normalize_tag(from), normalize_tag(to)) else {
        return Ok(());
    };
    if from != to && !is_inside(&to, &from) {
        rename_subtree(conn, &from, &to)?;
    }
    Ok(())
}
