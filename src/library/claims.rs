//! Claims of the debate with their evidence (highlights for, against and around them), and
//! the Markdown briefs made from claims and tags.

use super::{live_article, load_highlight, Library};
use crate::debate::types::*;
use crate::model::*;
use crate::tags::normalize_tag;
use crate::text::{self, now_rfc3339};
use crate::{store, Error, Result};
use rusqlite::Connection;
use std::path::Path;

/// The longest claim, in characters: a claim is a sentence, not an essay.
const MAX_CLAIM_CHARS: usize = 500;

impl Library {
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
        store::debate::claims(&self.conn)
    }

    /// A claim with its evidence for, against and around it, side by side.
    pub fn claim(&self, id: Id) -> Result<ClaimView> {
        let claim = live_claim(&self.conn, id)?;
        let mut view =
            ClaimView { claim, supporting: Vec::new(), opposing: Vec::new(), context: Vec::new() };
        for link in store::debate::live_claim_links(&self.conn, id)? {
            let e = evidence(&self.conn, id, link)?;
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

    /// A claim as a Markdown debate brief (see [`crate::debate::brief`]).
    pub fn claim_brief(&self, id: Id) -> Result<String> {
        let view = self.claim(id)?;
        // The files as a whole-library export names them (articles with highlights or notes).
        let exported: Vec<(Id, String)> = store::live_articles_by_id(&self.conn)?
            .into_iter()
            .filter(|a| a.highlight_count > 0 || a.note_count > 0)
            .map(|a| (a.id, a.meta.title))
            .collect();
        let names: std::collections::HashMap<Id, String> =
            crate::export::plan_file_names(&exported).into_iter().collect();
        let file_of = |id: Id, title: &str| match names.get(&id) {
            Some(n) => n.strip_suffix(".md").unwrap_or(n).to_owned(),
            None => crate::export::file_stem(title),
        };
        Ok(crate::debate::brief::claim_markdown_in(&view, &file_of))
    }

    /// Every highlight with tag `name` or one of its children, as a Markdown brief grouped by
    /// article, oldest article first.
    pub fn tag_brief(&self, name: &str) -> Result<String> {
        let name = normalize_tag(name)?;
        let mut groups: Vec<(ArticleSummary, Vec<Highlight>)> = Vec::new();
        for (article_id, highlight_id) in store::debate::highlights_under_tag(&self.conn, &name)? {
            let h = load_highlight(&self.conn, highlight_id)?;
            match groups.last_mut() {
                Some((a, list)) if a.id == article_id => list.push(h),
                _ => groups.push((live_article(&self.conn, article_id)?, vec![h])),
            }
        }
        Ok(crate::debate::brief::tag_markdown(&name, &groups, &self.color_labels()?))
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
