//! The [`Library`] methods of the debate features. Reads go through the cached matcher; every
//! write is one transaction, like the rest of the façade.

use super::matcher::Matcher;
use super::taxonomy::{self, Override};
use super::types::*;
use crate::library::{join_passages, live_article, load_highlight, normalize_tag};
use crate::model::*;
use crate::text::{self, now_rfc3339};
use crate::{store, Error, Library, Result};
use rusqlite::Connection;
use std::path::Path;
use std::sync::Arc;

/// The longest claim, in characters: a claim is a sentence, not an essay.
const MAX_CLAIM_CHARS: usize = 500;

impl Library {
    // ---- taxonomy ----

    /// The matcher for the current taxonomy, built on first use and after changes.
    pub(crate) fn debate_matcher(&self) -> Result<Arc<Matcher>> {
        if let Some(m) = self.debate.matcher() {
            return Ok(m);
        }
        let bundled = self.debate.bundled()?;
        let overrides = store::debate::taxonomy_overrides(self.conn())?;
        let m = Arc::new(Matcher::new(taxonomy::merge(&bundled, &overrides)));
        self.debate.set_matcher(m.clone());
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

    // ---- suggestions and who & what ----

    /// The tags a text suggests (see [`crate::debate::suggestions`]).
    pub fn suggest_tags_for_text(&self, text: &str) -> Result<Vec<TagSuggestion>> {
        Ok(super::suggestions(&*self.debate_matcher()?, &text::normalize(text)))
    }

    /// The tags for the text `start..end` of an article, as offered when it is highlighted.
    pub fn suggest_tags(&self, article_id: Id, start: u32, end: u32) -> Result<Vec<TagSuggestion>> {
        live_article(self.conn(), article_id)?;
        let text = join_passages(&store::passages(self.conn(), article_id)?);
        let slice = text::slice_chars(&text, start as usize, end as usize)
            .filter(|_| start < end)
            .ok_or_else(|| {
                Error::invalid(format!(
                    "the range {start}..{end} is not a non-empty stretch of the article's text (0..{})",
                    text::char_len(&text)
                ))
            })?;
        Ok(super::suggestions(&*self.debate_matcher()?, slice))
    }

    /// The tags for a highlight's text, each marked `applied` when the highlight has it.
    pub fn suggest_tags_for_highlight(&self, highlight_id: Id) -> Result<Vec<TagSuggestion>> {
        let h = load_highlight(self.conn(), highlight_id)?;
        let mut list = super::suggestions(&*self.debate_matcher()?, &h.anchor.exact);
        for s in &mut list {
            s.applied = h.tags.contains(&s.tag);
        }
        Ok(list)
    }

    /// The who & what panel of an article: who and what it mentions, where, and its figures.
    pub fn who_and_what(&self, article_id: Id) -> Result<WhoAndWhat> {
        live_article(self.conn(), article_id)?;
        let text = join_passages(&store::passages(self.conn(), article_id)?);
        Ok(super::who_and_what(&*self.debate_matcher()?, article_id, &text))
    }

    // ---- claims ----

    /// Names a new claim. The same text as a live claim is refused: link to that one instead.
    pub fn create_claim(&mut self, text: &str) -> Result<Claim> {
        let text = clean_claim(text)?;
        let tx = self.write()?;
        if let Some(id) = store::debate::live_claim_by_text(&tx, &text)? {
            return Err(Error::invalid(format!("claim {id} already says this")));
        }
        let id = store::debate::insert_claim(&tx, &text, &now_rfc3339())?;
        let c = live_claim(&tx, id)?;
        tx.commit()?;
        Ok(c)
    }

    /// Rewords a claim; its evidence stays.
    pub fn rename_claim(&mut self, id: Id, text: &str) -> Result<Claim> {
        let text = clean_claim(text)?;
        let tx = self.write()?;
        live_claim(&tx, id)?;
        if let Some(other) = store::debate::live_claim_by_text(&tx, &text)?.filter(|&o| o != id) {
            return Err(Error::invalid(format!("claim {other} already says this")));
        }
        store::debate::set_claim_text(&tx, id, &text, &now_rfc3339())?;
        let c = live_claim(&tx, id)?;
        tx.commit()?;
        Ok(c)
    }

    /// The live claims with their evidence counts, most recently changed first.
    pub fn claims(&self) -> Result<Vec<Claim>> {
        store::debate::claims(self.conn())
    }

    /// A claim with its evidence for, against and around it, side by side.
    pub fn claim(&self, id: Id) -> Result<ClaimView> {
        let claim = live_claim(self.conn(), id)?;
        let mut view =
            ClaimView { claim, supporting: Vec::new(), opposing: Vec::new(), context: Vec::new() };
        for link in store::debate::live_claim_links(self.conn(), id)? {
            let e = evidence(self.conn(), id, link)?;
            match e.role {
                EvidenceRole::Supports => view.supporting.push(e),
                EvidenceRole::Opposes => view.opposing.push(e),
                EvidenceRole::Context => view.context.push(e),
            }
        }
        Ok(view)
    }

    /// Links a highlight to a claim as evidence for, against or around it, with an optional
    /// note. Linking it again changes the role and note.
    pub fn link_evidence(
        &mut self,
        claim_id: Id,
        highlight_id: Id,
        role: EvidenceRole,
        note: Option<&str>,
    ) -> Result<Evidence> {
        let note = note.map(|n| text::normalize(n.trim())).filter(|n| !n.is_empty());
        let now = now_rfc3339();
        let tx = self.write()?;
        live_claim(&tx, claim_id)?;
        load_highlight(&tx, highlight_id)?;
        store::debate::put_claim_link(&tx, claim_id, highlight_id, role, note.as_deref(), &now)?;
        store::debate::touch_claim(&tx, claim_id, &now)?;
        let link = store::debate::live_claim_links(&tx, claim_id)?
            .into_iter()
            .find(|l| l.highlight_id == highlight_id)
            .ok_or_else(|| Error::internal("the new link vanished"))?;
        let e = evidence(&tx, claim_id, link)?;
        tx.commit()?;
        Ok(e)
    }

    /// Takes a highlight off a claim's evidence.
    pub fn unlink_evidence(&mut self, claim_id: Id, highlight_id: Id) -> Result<()> {
        let tx = self.write()?;
        live_claim(&tx, claim_id)?;
        if !store::debate::delete_claim_link(&tx, claim_id, highlight_id)? {
            return Err(Error::not_found(format!(
                "highlight {highlight_id} is not evidence of claim {claim_id}"
            )));
        }
        store::debate::touch_claim(&tx, claim_id, &now_rfc3339())?;
        tx.commit()?;
        Ok(())
    }

    /// Moves a claim to the trash (restore it with [`Library::restore`]).
    pub fn delete_claim(&mut self, id: Id) -> Result<()> {
        self.delete(ItemRef { kind: ItemKind::Claim, id })
    }

    // ---- briefs ----

    /// A claim as a Markdown debate brief (see [`crate::debate::brief`]).
    pub fn claim_brief(&self, id: Id) -> Result<String> {
        let view = self.claim(id)?;
        Ok(super::brief::claim_markdown(&view))
    }

    /// Every highlight with tag `name` or one of its children, as a Markdown brief grouped by
    /// article, oldest article first.
    pub fn tag_brief(&self, name: &str) -> Result<String> {
        let name = normalize_tag(name)?;
        let mut groups: Vec<(ArticleSummary, Vec<Highlight>)> = Vec::new();
        for (article_id, highlight_id) in store::debate::highlights_under_tag(self.conn(), &name)? {
            let h = load_highlight(self.conn(), highlight_id)?;
            match groups.last_mut() {
                Some((a, list)) if a.id == article_id => list.push(h),
                _ => groups.push((live_article(self.conn(), article_id)?, vec![h])),
            }
        }
        Ok(super::brief::tag_markdown(&name, &groups, &self.color_labels()?))
    }

    /// Writes a claim brief to `path`, atomically; an unchanged file is left alone.
    pub fn export_claim_brief(&self, id: Id, path: &Path) -> Result<BriefFile> {
        write_brief(path, &self.claim_brief(id)?)
    }

    /// Writes a tag brief to `path`, atomically; an unchanged file is left alone.
    pub fn export_tag_brief(&self, name: &str, path: &Path) -> Result<BriefFile> {
        write_brief(path, &self.tag_brief(name)?)
    }
}

fn write_brief(path: &Path, md: &str) -> Result<BriefFile> {
    let written = crate::export::write_atomically(path, md)?;
    Ok(BriefFile { path: path.display().to_string(), written })
}

fn clean_claim(text: &str) -> Result<String> {
    let t = text::normalize(text.trim());
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.is_empty() {
        return Err(Error::invalid("a claim cannot be empty"));
    }
    if text::char_len(&t) > MAX_CLAIM_CHARS {
        return Err(Error::invalid(format!(
            "a claim is limited to {MAX_CLAIM_CHARS} characters; put the rest in a note"
        )));
    }
    Ok(t)
}

fn live_claim(conn: &Connection, id: Id) -> Result<Claim> {
    match store::debate::claim(conn, id)? {
        Some((c, false)) => Ok(c),
        Some((_, true)) => Err(Error::not_found(format!("claim {id} is in the trash"))),
        None => Err(Error::not_found(format!("no claim {id}"))),
    }
}

fn evidence(conn: &Connection, claim_id: Id, link: store::debate::LinkRow) -> Result<Evidence> {
    let highlight = load_highlight(conn, link.highlight_id)?;
    let a = live_article(conn, highlight.article_id)?;
    Ok(Evidence {
        claim_id,
        role: link.role,
        note: link.note,
        source: EvidenceSource {
            article_id: a.id,
            title: a.meta.title,
            site: a.meta.site,
            author: a.meta.author,
            published: a.meta.published,
            url: a.meta.url,
        },
        highlight,
        linked_at: link.created_at,
    })
}

/// Renames tag `from` and its children to `to` wherever used, merging into tags that already
/// have the new names (as [`Library::rename_tag`] does, inside the caller's transaction).
fn rename_tag_everywhere(conn: &Connection, from: &str, to: &str) -> Result<()> {
    let (Ok(from), Ok(to)) = (normalize_tag(from), normalize_tag(to)) else {
        return Ok(());
    };
    if from == to || to.starts_with(&format!("{from}/")) {
        return Ok(());
    }
    for (id, name) in store::tag_subtree(conn, &from)? {
        let new_name = format!("{to}{}", &name[from.len()..]);
        match store::tag_name_taken(conn, &new_name)? {
            Some((other, deleted)) => {
                if deleted {
                    store::set_deleted(conn, ItemRef { kind: ItemKind::Tag, id: other }, None)?;
                }
                store::merge_tag_rows(conn, id, other)?;
            }
            None => store::rename_tag_row(conn, id, &new_name)?,
        }
    }
    Ok(())
}
