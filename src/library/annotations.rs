//! Highlights from other tools, in (Kindle, Readwise, 微信读书, Hypothesis, Web Annotation) and
//! out (Web Annotation): each imported entry is matched to its article and anchored by Zhaji's
//! own anchoring; what matches nothing waits in the list of unmatched imports.

use super::{load_highlight, Library};
use crate::anchor::reanchor::describe;
use crate::anchor::{AnchorText, Quote};
use crate::annotations::{
    self, AnnotationReport, Entry, Format, ImportedItem, MatchedBy, Outcome, UnmatchedImport,
    WebAnnotationExport,
};
use crate::article::join_passages;
use crate::model::*;
use crate::search::SearchOptions;
use crate::tags::normalize_tag;
use crate::text::{self, now_rfc3339};
use crate::{store, Error, Result};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The longest stretch of a quote searched for when no article's title or address matches: a
/// phrase this long is rarely in two articles, and the search stays a few bigram lookups.
const SEARCH_CHARS: usize = 24;

/// A quote shorter than this is not searched across the library: a word or two is in many
/// articles, and an import must never attach to the wrong one.
const MIN_SEARCH_CHARS: usize = 6;

impl Library {
    /// Imports the highlights of an export file from another tool: `format` when given, else
    /// recognised by the file's content (see [`annotations::detect`]).
    pub fn import_annotation_file(
        &mut self,
        path: &Path,
        format: Option<Format>,
    ) -> Result<AnnotationReport> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, "cannot read", &e))?;
        let text = annotations::decode(&bytes);
        let format = match format.or_else(|| annotations::detect(&text)) {
            Some(f) => f,
            None => {
                return Err(Error::invalid(format!(
                    "{}: not an annotation file Zhaji knows (say which with --as)",
                    path.display()
                )))
            }
        };
        let entries =
            annotations::parse(format, &text).map_err(|e| e.context(path.display().to_string()))?;
        self.import_annotations(format, &entries)
    }

    /// Imports entries read from another tool's export, in one transaction. Each is matched to
    /// its article by the article's UUID or URL, then its title (and author), then by searching
    /// its quote across the library, and anchored there; an entry whose words the article
    /// already has a highlight on is a duplicate; one that matches nothing (or has no quote) is
    /// kept in the list of unmatched imports. No article is ever made.
    pub fn import_annotations(
        &mut self,
        format: Format,
        entries: &[Entry],
    ) -> Result<AnnotationReport> {
        let now = now_rfc3339();
        let tx = self.write()?;
        // The index rows of the new highlights and notes are written at the end, at once.
        let deferred = store::index::DeferredMarks::new(&tx)?;
        let mut m = Matcher::new(&tx)?;
        let mut report =
            AnnotationReport { format, matched: 0, duplicates: 0, orphans: 0, items: Vec::new() };
        for e in entries {
            let mut item = ImportedItem {
                outcome: Outcome::Orphan,
                quote: e.quote.clone(),
                title: e.title.clone(),
                location: e.location.clone(),
                article_id: None,
                matched_by: None,
                highlight_id: None,
                unmatched_id: None,
            };
            if e.article_note {
                if let [(article, by)] = m.named(e)[..] {
                    item.article_id = Some(article);
                    item.matched_by = Some(by);
                    item.outcome = article_note(&tx, article, e, &now)?;
                    match item.outcome {
                        Outcome::Duplicate => report.duplicates += 1,
                        _ => report.matched += 1,
                    }
                    report.items.push(item);
                    continue;
                }
            }
            match m.place(&tx, e)? {
                Some((article, by, start, end)) => {
                    item.article_id = Some(article);
                    item.matched_by = Some(by);
                    if e.margin_note {
                        let body = e.note.as_deref().unwrap_or("").trim();
                        let at = m.text(&tx, article)?;
                        let anchor = describe(at, start, end)?;
                        if store::passage_note_like(&tx, article, &anchor, body)?.is_some() {
                            item.outcome = Outcome::Duplicate;
                            report.duplicates += 1;
                        } else {
                            let created =
                                e.created.as_deref().and_then(utc).unwrap_or_else(|| now.clone());
                            store::insert_note(&tx, article, None, Some(&anchor), body, &created)?;
                            item.outcome = Outcome::Matched;
                            report.matched += 1;
                        }
                        report.items.push(item);
                        continue;
                    }
                    let ranges = m.ranges(&tx, article)?;
                    if let Some(&id) = ranges.get(&(start as u32, end as u32)) {
                        item.outcome = Outcome::Duplicate;
                        item.highlight_id = Some(id);
                        report.duplicates += 1;
                    } else {
                        let at = m.text(&tx, article)?;
                        let anchor = describe(at, start, end)?;
                        let id = write_highlight(&tx, article, &anchor, e, &now)?;
                        m.ranges(&tx, article)?.insert((start as u32, end as u32), id);
                        item.outcome = Outcome::Matched;
                        item.highlight_id = Some(id);
                        report.matched += 1;
                    }
                }
                None => {
                    let note = e.note.as_deref().map(str::trim);
                    let quote = e.quote.trim();
                    let title = e.title.as_deref();
                    match store::unmatched_like(&tx, quote, title, e.location.as_deref(), note)? {
                        Some(id) => {
                            item.outcome = Outcome::Duplicate;
                            item.unmatched_id = Some(id);
                            report.duplicates += 1;
                        }
                        None => {
                            let u = unmatched(format, e, &now);
                            item.unmatched_id = Some(store::insert_unmatched(&tx, &u)?);
                            report.orphans += 1;
                        }
                    }
                }
            }
            report.items.push(item);
        }
        deferred.finish(&tx)?;
        tx.commit()?;
        Ok(report)
    }

    /// The imported entries that matched no article, oldest first.
    pub fn unmatched_imports(&self) -> Result<Vec<UnmatchedImport>> {
        store::unmatched_imports(&self.conn)
    }

    /// Attaches an unmatched import to `article_id`: its quote is anchored there and it becomes
    /// a highlight (with its note, tags, colour and times), leaving the list.
    pub fn attach_unmatched(&mut self, id: Id, article_id: Id) -> Result<Highlight> {
        let now = now_rfc3339();
        let tx = self.write()?;
        let Some(u) = store::unmatched_import(&tx, id)? else {
            return Err(Error::not_found(format!("no unmatched import {id}")));
        };
        let text = super::live_text(&tx, article_id)?;
        let at = AnchorText::new(&text);
        let entry = Entry {
            quote: u.quote.clone(),
            note: u.note.clone(),
            tags: u.tags.clone(),
            color: u.color.clone(),
            created: u.created.clone(),
            modified: u.modified.clone(),
            ..Entry::default()
        };
        let shown: String = u.quote.chars().take(40).collect();
        let Some((start, end)) = anchor_in(&at, &entry) else {
            return Err(Error::not_found(format!(
                "article {article_id} does not contain \"{shown}\""
            )));
        };
        let anchor = describe(&at, start, end)?;
        let hid = write_highlight(&tx, article_id, &anchor, &entry, &now)?;
        store::delete_unmatched(&tx, id)?;
        let h = load_highlight(&tx, hid)?;
        tx.commit()?;
        Ok(h)
    }

    /// Writes the highlights of the library (or of `articles`) as W3C Web Annotation JSON-LD
    /// into `dir`: one file per article that has highlights, `<article uuid>.jsonld`, holding an
    /// `AnnotationCollection` (see [`annotations::web_annotation`]). Only those files are
    /// written; an unchanged file is left alone.
    pub fn export_web_annotations(
        &self,
        dir: &Path,
        articles: &[Id],
    ) -> Result<WebAnnotationExport> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, "cannot create the export folder", &e))?;
        let snapshot = store::tx::read_snapshot(&self.conn)?;
        let list = if articles.is_empty() {
            store::live_articles_by_id(&snapshot)?
        } else {
            articles
                .iter()
                .map(|&id| super::live_article(&snapshot, id))
                .collect::<Result<Vec<_>>>()?
        };
        let mut out = WebAnnotationExport { files: Vec::new(), annotations: 0 };
        for a in &list {
            let mut hs: Vec<Highlight> = store::article_highlights(&snapshot, a.id)?
                .into_iter()
                .filter(|h| h.anchor.status == AnchorStatus::Anchored)
                .collect();
            if hs.is_empty() && a.note_count == 0 {
                continue;
            }
            for h in &mut hs {
                h.note = store::live_note_on(&snapshot, a.id, Some(h.id))?;
            }
            let margin: Vec<(Note, Anchor)> = store::article_notes(&snapshot, a.id)?
                .into_iter()
                .filter_map(|n| match &n.target {
                    NoteTarget::Passage { anchor } if anchor.status == AnchorStatus::Anchored => {
                        let anchor = anchor.clone();
                        Some((n, anchor))
                    }
                    _ => None,
                })
                .collect();
            let article_notes: Vec<Note> = store::live_note_on(&snapshot, a.id, None)?
                .into_iter()
                .filter(|n| !n.body.trim().is_empty())
                .collect();
            let count = (hs.len() + margin.len() + article_notes.len()) as u32;
            if count == 0 {
                continue;
            }
            let doc = annotations::web_annotation::collection(a, &hs, &margin, &article_notes);
            let json = serde_json::to_string_pretty(&doc)
                .map_err(|e| Error::internal(format!("cannot write JSON: {e}")))?;
            let path = dir.join(format!("{}.jsonld", a.uuid));
            crate::export::write_atomically(&path, &format!("{json}\n"))?;
            out.files.push((path.display().to_string(), count));
            out.annotations += count;
        }
        Ok(out)
    }
}

/// Imports `e`, a note on a whole article, as the note of `article`: a duplicate when the
/// article's note already says it, added after what the note says otherwise (an article has one
/// note, and the reader's words in it stay).
fn article_note(conn: &Connection, article: Id, e: &Entry, now: &str) -> Result<Outcome> {
    let body = e.note.as_deref().unwrap_or("").trim();
    match store::live_note_on(conn, article, None)? {
        Some(n) if n.body.contains(body) => Ok(Outcome::Duplicate),
        Some(n) => {
            store::set_note_body(conn, n.id, &format!("{}\n\n{body}", n.body.trim_end()), now)?;
            Ok(Outcome::Matched)
        }
        None => {
            let created = e.created.as_deref().and_then(utc).unwrap_or_else(|| now.to_owned());
            store::insert_note(conn, article, None, None, body, &created)?;
            Ok(Outcome::Matched)
        }
    }
}

/// The row kept for an entry that matched nothing.
fn unmatched(format: Format, e: &Entry, now: &str) -> UnmatchedImport {
    UnmatchedImport {
        id: 0,
        format: format.as_str().to_owned(),
        quote: e.quote.trim().to_owned(),
        note: e.note.as_deref().map(str::trim).map(str::to_owned),
        tags: e.tags.clone(),
        color: e.color.clone(),
        created: e.created.clone(),
        modified: e.modified.clone(),
        location: e.location.clone(),
        title: e.title.clone(),
        author: e.author.clone(),
        url: e.url.clone(),
        imported_at: now.to_owned(),
    }
}

/// Writes an entry as a highlight of `article` at `anchor`, with its tags and note, keeping
/// the times the tool recorded.
fn write_highlight(
    conn: &Connection,
    article: Id,
    anchor: &Anchor,
    e: &Entry,
    now: &str,
) -> Result<Id> {
    let created = e.created.as_deref().and_then(utc).unwrap_or_else(|| now.to_owned());
    let modified = e.modified.as_deref().and_then(utc).unwrap_or_else(|| created.clone());
    let (created, modified) = (created.as_str(), modified.as_str());
    let color = annotations::zhaji_color(e.color.as_deref());
    let id = store::insert_imported_highlight(conn, article, anchor, color, created, modified)?;
    for name in &e.tags {
        // A tag Zhaji cannot name (empty after trimming, say) is left out rather than fail the
        // whole import.
        let Ok(name) = normalize_tag(name) else { continue };
        let tag_id = store::ensure_tag(conn, &name, now)?;
        store::link_tag(conn, ItemRef { kind: ItemKind::Highlight, id }, tag_id)?;
    }
    if let Some(body) = e.note.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        store::insert_note(conn, article, Some(id), None, body, created)?;
    }
    Ok(id)
}

/// A tool's RFC 3339 time as the library writes times (UTC, whole seconds:
/// `2023-04-11T10:30:00Z`); `None` when it is not one.
fn utc(t: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(t.trim()).ok()?;
    Some(t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// Where an entry's quote is in `at` (code points): the exact words (the one occurrence; among
/// several, the one its context or stored position points to, else the first), else
/// Zhaji's fuzzy anchoring, which errs towards finding nothing.
fn anchor_in(at: &AnchorText, e: &Entry) -> Option<(usize, usize)> {
    let q = text::normalize(e.quote.trim());
    if q.is_empty() {
        return None;
    }
    let len = text::char_len(&q);
    let hint = e.position.map(|(s, e)| (s as usize, e as usize));
    let quote = Quote {
        exact: q.clone(),
        prefix: e.prefix.clone().unwrap_or_default(),
        suffix: e.suffix.clone().unwrap_or_default(),
    };
    let starts = at.find_exact(&q);
    match starts.as_slice() {
        [s] => return Some((*s, s + len)),
        [first, ..] => {
            if e.prefix.is_some() || e.suffix.is_some() {
                if let Some(l) = at.locate(&quote, hint.unwrap_or((*first, first + len))) {
                    return Some((l.start, l.end));
                }
            }
            let near = hint.map_or(0, |h| h.0);
            return starts.iter().min_by_key(|s| s.abs_diff(near)).map(|&s| (s, s + len));
        }
        [] => {}
    }
    at.locate(&quote, hint.unwrap_or((0, 0))).map(|l| (l.start, l.end))
}

/// A title or address as compared: letters and digits only, folded to lower case (so that
/// `《大模型时代》` is `大模型时代` and `Deep Reading:` is `deep reading`).
fn key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// An address as compared: no scheme, `www.`, fragment or trailing slash.
fn url_key(u: &str) -> String {
    let u = u.trim();
    let u = u.split('#').next().unwrap_or(u);
    let u = u.split_once("://").map_or(u, |(_, rest)| rest);
    let u = u.strip_prefix("www.").unwrap_or(u);
    u.trim_end_matches('/').to_lowercase()
}

/// The library's articles by what an entry may name them by, each article's text prepared on
/// first use, and each article's highlighted ranges.
struct Matcher {
    by_uuid: HashMap<String, Id>,
    by_url: HashMap<String, Vec<Id>>,
    /// Title key to `(article, author key)`.
    by_title: HashMap<String, Vec<(Id, String)>>,
    texts: HashMap<Id, AnchorText>,
    ranges: HashMap<Id, HashMap<(u32, u32), Id>>,
}

impl Matcher {
    fn new(conn: &Connection) -> Result<Matcher> {
        let mut m = Matcher {
            by_uuid: HashMap::new(),
            by_url: HashMap::new(),
            by_title: HashMap::new(),
            texts: HashMap::new(),
            ranges: HashMap::new(),
        };
        for a in store::live_articles_by_id(conn)? {
            m.by_uuid.insert(a.uuid.clone(), a.id);
            if let Some(u) = a.meta.url.as_deref().filter(|u| !u.trim().is_empty()) {
                m.by_url.entry(url_key(u)).or_default().push(a.id);
            }
            let author = key(a.meta.author.as_deref().unwrap_or(""));
            m.by_title.entry(key(&a.meta.title)).or_default().push((a.id, author));
        }
        Ok(m)
    }

    fn text(&mut self, conn: &Connection, id: Id) -> Result<&AnchorText> {
        use std::collections::hash_map::Entry as Slot;
        Ok(match self.texts.entry(id) {
            Slot::Occupied(o) => o.into_mut(),
            Slot::Vacant(v) => {
                v.insert(AnchorText::new(&join_passages(&store::passages(conn, id)?)))
            }
        })
    }

    fn ranges(&mut self, conn: &Connection, id: Id) -> Result<&mut HashMap<(u32, u32), Id>> {
        use std::collections::hash_map::Entry as Slot;
        Ok(match self.ranges.entry(id) {
            Slot::Occupied(o) => o.into_mut(),
            Slot::Vacant(v) => v.insert(
                store::highlight_ranges(conn, id)?
                    .into_iter()
                    .map(|(start, end, h)| ((start, end), h))
                    .collect(),
            ),
        })
    }

    /// The articles an entry's metadata names, with how: its UUID, its URL, its title (narrowed
    /// by author when several articles share it).
    fn named(&self, e: &Entry) -> Vec<(Id, MatchedBy)> {
        if let Some(&id) = e.article_uuid.as_deref().and_then(|u| self.by_uuid.get(u)) {
            return vec![(id, MatchedBy::Uuid)];
        }
        let mut out = Vec::new();
        if let Some(ids) = e.url.as_deref().and_then(|u| self.by_url.get(&url_key(u))) {
            out.extend(ids.iter().map(|&id| (id, MatchedBy::Url)));
        }
        if let Some(list) = e.title.as_deref().and_then(|t| self.by_title.get(&key(t))) {
            let author = e.author.as_deref().map(key).filter(|a| !a.is_empty());
            let same_author: Vec<Id> = list
                .iter()
                .filter(|(_, a)| {
                    author.as_ref().is_some_and(|k| {
                        a.contains(k.as_str()) || k.contains(a.as_str()) && !a.is_empty()
                    })
                })
                .map(|(id, _)| *id)
                .collect();
            let ids: Vec<Id> = if same_author.is_empty() {
                list.iter().map(|(id, _)| *id).collect()
            } else {
                same_author
            };
            out.extend(
                ids.into_iter()
                    .filter(|id| !out.iter().any(|(o, _)| o == id))
                    .map(|id| (id, MatchedBy::Title))
                    .collect::<Vec<_>>(),
            );
        }
        out
    }

    /// The article and range an entry belongs at, if any.
    fn place(
        &mut self,
        conn: &Connection,
        e: &Entry,
    ) -> Result<Option<(Id, MatchedBy, usize, usize)>> {
        if e.quote.trim().is_empty() {
            return Ok(None);
        }
        let named = self.named(e);
        for &(id, by) in &named {
            if let Some((s, end)) = anchor_in(self.text(conn, id)?, e) {
                return Ok(Some((id, by, s, end)));
            }
        }
        // The quote searched across the library: accepted only in exactly one article.
        let mut found = None;
        for id in search_candidates(conn, &e.quote)? {
            if named.iter().any(|(n, _)| *n == id) {
                continue;
            }
            if let Some((s, end)) = anchor_in(self.text(conn, id)?, e) {
                if found.is_some() {
                    return Ok(None);
                }
                found = Some((id, MatchedBy::Search, s, end));
            }
        }
        Ok(found)
    }
}

/// The articles whose passages hold the longest stretch of `quote` without punctuation (up to
/// [`SEARCH_CHARS`]), by the library's search.
fn search_candidates(conn: &Connection, quote: &str) -> Result<Vec<Id>> {
    let q = text::normalize(quote);
    let mut best: Vec<char> = Vec::new();
    let mut run: Vec<char> = Vec::new();
    for c in q.chars().chain(std::iter::once('\n')) {
        if c.is_alphanumeric() || (c == ' ' && !run.is_empty()) {
            run.push(c);
        } else {
            while run.last() == Some(&' ') {
                run.pop();
            }
            if run.len() > best.len() {
                best = std::mem::take(&mut run);
            }
            run.clear();
        }
    }
    if best.len() < MIN_SEARCH_CHARS {
        return Ok(Vec::new());
    }
    let phrase: String = best.into_iter().take(SEARCH_CHARS).collect();
    let query = format!("\"{}\" in:passages", phrase.trim());
    let results =
        match store::search::run(conn, &query, &SearchOptions { limit: 50, offset: 0 }, &[]) {
            Ok(r) => r,
            // A phrase the query language refuses finds nothing, rather than fail the import.
            Err(e) if e.kind() == crate::ErrorKind::InvalidInput => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
    let mut seen = HashSet::new();
    Ok(results
        .groups
        .iter()
        .flat_map(|g| &g.hits)
        .map(|h| h.article_id)
        .filter(|id| seen.insert(*id))
        .collect())
}
