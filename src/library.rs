//! The façade: everything a shell or the command line can do with a library.

use crate::anchor::{AnchorText, Found, Quote};
use crate::import::{self, Block, Document};
use crate::model::*;
use crate::text::{self, now_rfc3339};
use crate::{store, Error, ErrorKind, Result};
use rusqlite::{Connection, Transaction};
use std::path::{Path, PathBuf};

/// An open library of articles.
///
/// Every method that writes does so in one transaction: it fully happens or not at all.
pub struct Library {
    /// Declared before `conn` so that its thread and connection close first, and the closing of
    /// `conn` (then the last connection of this process) checkpoints and removes the log.
    _checkpointer: Option<store::Checkpointer>,
    conn: Connection,
    path: Option<PathBuf>,
    is_new: bool,
    /// The merged taxonomy and its matcher, built on first use (see `crate::debate`).
    pub(crate) debate: crate::debate::Cache,
}

/// Which articles to list, and in what order.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ListOptions {
    pub sort: SortBy,
    /// Oldest (or A–Z) first when true.
    pub ascending: bool,
    /// Only articles that carry this tag or one of its children, or have a highlight that does.
    pub tag: Option<String>,
}

/// A highlight to make: by offsets, or by quoting the text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct HighlightSpec {
    #[ts(type = "number")]
    pub article_id: Id,
    /// Code-point offsets `[start, end)`; or else `quote`.
    pub range: Option<(u32, u32)>,
    pub quote: Option<String>,
    /// Which occurrence of `quote` (from 1) when it occurs more than once.
    pub occurrence: Option<u32>,
    pub color: Color,
    pub tags: Vec<String>,
    pub note: Option<String>,
}

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportOptions {
    /// Only these articles; all when empty.
    #[ts(type = "Array<number>")]
    pub articles: Vec<Id>,
}

impl Library {
    /// Opens the library at `path`, creating it (and its folder) if needed.
    pub fn open(path: &Path) -> Result<Library> {
        let existed = path.exists();
        let mut conn = store::open(path)?;
        let checkpointer = store::Checkpointer::start(&mut conn, path)?;
        Ok(Library {
            _checkpointer: Some(checkpointer),
            conn,
            path: Some(path.to_owned()),
            is_new: !existed,
            debate: Default::default(),
        })
    }

    /// A library in memory, gone when dropped.
    pub fn open_in_memory() -> Result<Library> {
        Ok(Library {
            _checkpointer: None,
            conn: store::open_in_memory()?,
            path: None,
            is_new: true,
            debate: Default::default(),
        })
    }

    /// The file this library lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The default library file: `$XDG_DATA_HOME/zhaji/library.db` on Linux (usually
    /// `~/.local/share/zhaji/library.db`), the platform's data folder elsewhere.
    pub fn default_path() -> Result<PathBuf> {
        dirs::data_dir().map(|d| d.join("zhaji").join("library.db")).ok_or_else(|| {
            Error::new(ErrorKind::Io, "cannot find the user's data folder (is HOME set?)")
        })
    }

    /// True if and only if this open created the library file (a first run).
    pub fn is_new(&self) -> bool {
        self.is_new
    }

    /// Adds the bundled sample article with a few highlights, tags and notes; returns its id.
    pub fn add_sample(&mut self) -> Result<Id> {
        crate::sample::add(self)
    }

    /// The connection, for reads by the debate features (`crate::debate::facade`).
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn write(&mut self) -> Result<Transaction<'_>> {
        store::tx::write_transaction(&mut self.conn)
    }

    // ---- import ----

    /// Imports the file at `path`. Identical text already in the library is not added again;
    /// a changed version of a file imported before from the same path updates that article
    /// and re-anchors its highlights.
    pub fn import_file(&mut self, path: &Path) -> Result<ImportOutcome> {
        self.import_one(crate::batch::Source::Path(path.to_owned()))
    }

    /// Imports files, as [`Library::import_file`] each: one result per file, in order. Many at
    /// once are much faster than one by one: the files are read on another thread while the
    /// ones before are written, several to a transaction (each still all or nothing).
    /// `keep_going` is asked before each file is written (with its index); when it says no, the
    /// import stops there and the results end with the file before.
    pub fn import_files(
        &mut self,
        paths: &[PathBuf],
        keep_going: &mut dyn FnMut(usize) -> bool,
    ) -> Vec<Result<ImportOutcome>> {
        let sources = paths.iter().map(|p| crate::batch::Source::Path(p.clone())).collect();
        crate::batch::import_many(&mut self.conn, sources, keep_going).0
    }

    /// Imports parsed documents, as [`Library::import_document`] each: one result per
    /// document, in order (see [`Library::import_files`] on why many at once are faster).
    pub fn import_documents(
        &mut self,
        docs: Vec<(Document, Option<String>)>,
    ) -> Vec<Result<ImportOutcome>> {
        let sources = docs
            .into_iter()
            .map(|(d, source)| crate::batch::Source::Doc(Box::new(d), source))
            .collect();
        crate::batch::import_many(&mut self.conn, sources, &mut |_| true).0
    }

    fn import_one(&mut self, source: crate::batch::Source) -> Result<ImportOutcome> {
        let (mut results, _) =
            crate::batch::import_many(&mut self.conn, vec![source], &mut |_| true);
        results.pop().unwrap_or_else(|| Err(Error::internal("the import gave no result")))
    }

    /// Imports text the user pasted as a new article.
    pub fn import_pasted(&mut self, text: &str) -> Result<ImportOutcome> {
        let doc = import::parse_pasted(text);
        self.import_document(doc, None)
    }

    // ---- folder import (issue 5) ----

    /// Imports every supported file under `dir` (recursively, hidden files skipped), each all or
    /// nothing, so that one bad file never stops or spoils the rest (see
    /// [`Library::import_files`]). `progress` is called before each file is written; returning
    /// `false` cancels the import after the files already done (nothing half-imported is left).
    pub fn import_folder(
        &mut self,
        dir: &Path,
        progress: &mut dyn FnMut(&FolderProgress) -> bool,
    ) -> Result<FolderReport> {
        let files = import::folder_files(dir)?;
        let mut report = FolderReport { found: files.len() as u32, ..FolderReport::default() };
        let sources = files.iter().map(|f| crate::batch::Source::Path(f.clone())).collect();
        let total = files.len() as u32;
        let (results, cancelled) = crate::batch::import_many(&mut self.conn, sources, &mut |i| {
            progress(&FolderProgress {
                done: i as u32,
                total,
                current: files[i].display().to_string(),
            })
        });
        report.cancelled = cancelled;
        for (f, r) in files.iter().zip(results) {
            match r {
                Ok(o) => {
                    match o.status {
                        ImportStatus::Imported => report.imported += 1,
                        ImportStatus::AlreadyPresent => report.already_present += 1,
                        ImportStatus::Updated { .. } => report.updated += 1,
                    }
                    report.articles.push(o.article.id);
                }
                Err(e) => report.failed.push(FolderFailure {
                    path: f.display().to_string(),
                    reason: e.message().to_owned(),
                }),
            }
        }
        Ok(report)
    }

    /// Imports HTML the user pasted (a selection copied from a browser, or a whole page).
    pub fn import_pasted_html(&mut self, html: &str) -> Result<ImportOutcome> {
        let doc = import::parse_pasted_html(html);
        self.import_document(doc, None)
    }

    // ---- end of folder import ----

    /// Imports a parsed document; `source` is where it came from (a canonical path).
    pub fn import_document(
        &mut self,
        doc: Document,
        source: Option<String>,
    ) -> Result<ImportOutcome> {
        self.import_one(crate::batch::Source::Doc(Box::new(doc), source))
    }

    /// Replaces the text of article `id` with the document at `path`, re-anchoring its
    /// highlights and passage notes. Metadata the user may have edited is kept.
    pub fn update_article_from_file(&mut self, id: Id, path: &Path) -> Result<ImportOutcome> {
        let doc = import::read_document(path)?;
        self.update_article(id, doc).map_err(|e| e.context(path.display()))
    }

    /// Replaces the text of article `id` with `doc`'s, re-anchoring its highlights.
    pub fn update_article(&mut self, id: Id, doc: Document) -> Result<ImportOutcome> {
        let (text, passages) = assemble(&doc.blocks)?;
        let hash = text::content_hash(&text);
        let now = now_rfc3339();
        let tx = self.write()?;
        live_article(&tx, id)?;
        let report = replace_content(&tx, id, &doc.format, &text, &hash, &passages, &now)?;
        let article = store::article_summary(&tx, id)?
            .ok_or_else(|| Error::internal("the updated article vanished"))?;
        tx.commit()?;
        Ok(ImportOutcome {
            article,
            status: ImportStatus::Updated { report },
            encoding: doc.encoding,
            warnings: doc.warnings,
        })
    }

    // ---- articles ----

    /// The live articles, filtered and sorted as asked.
    pub fn articles(&self, opts: &ListOptions) -> Result<Vec<ArticleSummary>> {
        let tag = match &opts.tag {
            Some(t) => Some(normalize_tag(t)?),
            None => None,
        };
        store::list_articles(&self.conn, tag.as_deref(), opts.sort, opts.ascending)
    }

    /// A live article with its text, passages, highlights and notes.
    pub fn article(&self, id: Id) -> Result<Article> {
        self.load_article(id, true)
    }

    /// An article with or without its text and passages (an export needs only the quotes).
    fn load_article(&self, id: Id, with_text: bool) -> Result<Article> {
        let summary = live_article(&self.conn, id)?;
        let passages = if with_text { store::passages(&self.conn, id)? } else { Vec::new() };
        let text = join_passages(&passages);
        let highlights = store::article_highlights(&self.conn, id)?;
        let notes = store::article_notes(&self.conn, id)?;
        Ok(attach_notes(summary, text, passages, highlights, notes))
    }

    /// Changes an article's metadata.
    pub fn set_article_meta(&mut self, id: Id, patch: &ArticleMetaPatch) -> Result<ArticleSummary> {
        let tx = self.write()?;
        let mut meta = live_article(&tx, id)?.meta;
        fn apply(field: &mut Option<String>, value: &Option<String>) {
            if let Some(v) = value {
                let v = text::normalize(v.trim());
                *field = (!v.is_empty()).then_some(v);
            }
        }
        if let Some(t) = &patch.title {
            let t = text::normalize(t.trim());
            if t.is_empty() {
                return Err(Error::invalid("an article's title cannot be empty"));
            }
            meta.title = t;
        }
        apply(&mut meta.author, &patch.author);
        apply(&mut meta.site, &patch.site);
        apply(&mut meta.source, &patch.source);
        apply(&mut meta.url, &patch.url);
        apply(&mut meta.published, &patch.published);
        apply(&mut meta.language, &patch.language);
        store::update_article_meta(&tx, id, &meta, &now_rfc3339())?;
        let summary = live_article(&tx, id)?;
        tx.commit()?;
        Ok(summary)
    }

    // ---- highlights ----

    /// Makes a highlight, with its tags and note, in one transaction.
    pub fn create_highlight(&mut self, spec: &HighlightSpec) -> Result<Highlight> {
        let tags = spec.tags.iter().map(|t| normalize_tag(t)).collect::<Result<Vec<_>>>()?;
        let now = now_rfc3339();
        let tx = self.write()?;
        let id = spec.article_id;
        let chars = match store::article_chars(&tx, id)? {
            Some((chars, false)) => chars,
            Some((_, true)) => {
                return Err(Error::not_found(format!("article {id} is in the trash")))
            }
            None => return Err(Error::not_found(format!("no article {id}"))),
        };
        let anchor = match (spec.range, &spec.quote) {
            (Some((start, end)), _) => {
                // Only the passages around the range: the quote and its context are all a
                // highlight keeps of the text.
                if start >= end || end > chars {
                    return Err(Error::invalid(format!(
                        "the range {start}..{end} is not a non-empty stretch of the article's text (0..{chars})"
                    )));
                }
                let ctx = crate::anchor::CONTEXT_CHARS as u32;
                let (offset, window) = store::text_window(
                    &tx,
                    spec.article_id,
                    start.saturating_sub(ctx),
                    end.saturating_add(ctx),
                )?;
                let at = AnchorText::new(&window);
                let (s, e) = ((start - offset) as usize, (end - offset) as usize);
                Anchor { start, end, ..describe(&at, s, e)? }
            }
            (None, Some(q)) => {
                let text = join_passages(&store::passages(&tx, spec.article_id)?);
                let at = AnchorText::new(&text);
                let (start, end) = find_quote(&at, q, spec.occurrence)?;
                describe(&at, start, end)?
            }
            (None, None) => return Err(Error::invalid("a highlight needs a range or a quote")),
        };
        let id = store::insert_highlight(&tx, spec.article_id, &anchor, spec.color, &now)?;
        for name in &tags {
            let tag_id = store::ensure_tag(&tx, name, &now)?;
            store::link_tag(&tx, ItemRef { kind: ItemKind::Highlight, id }, tag_id)?;
        }
        if let Some(body) = spec.note.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
            store::insert_note(&tx, spec.article_id, Some(id), None, body, &now)?;
        }
        let h = load_highlight(&tx, id)?;
        tx.commit()?;
        Ok(h)
    }

    /// A live highlight with its tags and note.
    pub fn highlight(&self, id: Id) -> Result<Highlight> {
        load_highlight(&self.conn, id)
    }

    pub fn set_highlight_color(&mut self, id: Id, color: Color) -> Result<Highlight> {
        let tx = self.write()?;
        load_highlight(&tx, id)?;
        store::set_highlight_color(&tx, id, color, &now_rfc3339())?;
        let h = load_highlight(&tx, id)?;
        tx.commit()?;
        Ok(h)
    }

    /// Attaches a highlight (usually an orphan) to the text at `start..end`.
    pub fn reattach_highlight(&mut self, id: Id, start: u32, end: u32) -> Result<Highlight> {
        let tx = self.write()?;
        let h = load_highlight(&tx, id)?;
        let text = join_passages(&store::passages(&tx, h.article_id)?);
        let anchor = describe(&AnchorText::new(&text), start as usize, end as usize)?;
        store::set_highlight_anchor(&tx, id, &anchor, Some(&now_rfc3339()))?;
        let h = load_highlight(&tx, id)?;
        tx.commit()?;
        Ok(h)
    }

    /// Every orphaned highlight in the library, by article.
    pub fn orphans(&self) -> Result<Vec<Highlight>> {
        let mut list = store::orphans(&self.conn)?;
        for h in &mut list {
            h.note = store::live_note_on(&self.conn, h.article_id, Some(h.id))?;
        }
        Ok(list)
    }

    // ---- tags ----

    /// Every live tag with its counts, by name.
    pub fn tags(&self) -> Result<Vec<Tag>> {
        store::tags(&self.conn)
    }

    /// Puts tag `name` (created if new) on an article or a highlight.
    pub fn add_tag(&mut self, item: ItemRef, name: &str) -> Result<()> {
        let name = normalize_tag(name)?;
        let tx = self.write()?;
        check_taggable(&tx, item)?;
        let tag_id = store::ensure_tag(&tx, &name, &now_rfc3339())?;
        store::link_tag(&tx, item, tag_id)?;
        tx.commit()?;
        Ok(())
    }

    /// Takes tag `name` off an article or a highlight.
    pub fn remove_tag(&mut self, item: ItemRef, name: &str) -> Result<()> {
        let name = normalize_tag(name)?;
        let tx = self.write()?;
        check_taggable(&tx, item)?;
        let removed = match store::live_tag_id(&tx, &name)? {
            Some(tag_id) => store::unlink_tag(&tx, item, tag_id)?,
            None => false,
        };
        if !removed {
            return Err(Error::not_found(format!("the {} has no tag {name}", item.kind.as_str())));
        }
        tx.commit()?;
        Ok(())
    }

    /// Renames tag `from` and its children (`from/…`) to `to`; where a new name is already a
    /// tag, the two are merged.
    pub fn rename_tag(&mut self, from: &str, to: &str) -> Result<()> {
        let from = normalize_tag(from)?;
        let to = normalize_tag(to)?;
        if from == to {
            return Ok(());
        }
        if to.starts_with(&format!("{from}/")) {
            return Err(Error::invalid(format!("cannot move tag {from} inside itself ({to})")));
        }
        let tx = self.write()?;
        let subtree = store::tag_subtree(&tx, &from)?;
        if subtree.is_empty() {
            return Err(Error::not_found(format!("no tag {from}")));
        }
        for (id, name) in subtree {
            let new_name = format!("{to}{}", &name[from.len()..]);
            match store::tag_name_taken(&tx, &new_name)? {
                Some((other, deleted)) => {
                    if deleted {
                        store::set_deleted(&tx, ItemRef { kind: ItemKind::Tag, id: other }, None)?;
                    }
                    store::merge_tag_rows(&tx, id, other)?;
                }
                None => store::rename_tag_row(&tx, id, &new_name)?,
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets (or with `None` clears) a tag's colour: a CSS hex colour such as `#c0392b`.
    pub fn set_tag_color(&mut self, name: &str, color: Option<&str>) -> Result<()> {
        let name = normalize_tag(name)?;
        if let Some(c) = color {
            let ok =
                c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|c| c.is_ascii_hexdigit());
            if !ok {
                return Err(Error::invalid(format!("not a colour: {c} (expected #rrggbb)")));
            }
        }
        let tx = self.write()?;
        let id = store::live_tag_id(&tx, &name)?
            .ok_or_else(|| Error::not_found(format!("no tag {name}")))?;
        store::set_tag_color(&tx, id, color)?;
        tx.commit()?;
        Ok(())
    }

    // ---- notes ----

    /// Sets the note on the article as a whole; an empty body moves it to the trash.
    pub fn set_article_note(&mut self, article_id: Id, body: &str) -> Result<Option<Note>> {
        let tx = self.write()?;
        live_article(&tx, article_id)?;
        let note = upsert_note(&tx, article_id, None, body)?;
        tx.commit()?;
        Ok(note)
    }

    /// Sets the note on a highlight; an empty body moves it to the trash.
    pub fn set_highlight_note(&mut self, highlight_id: Id, body: &str) -> Result<Option<Note>> {
        let tx = self.write()?;
        let h = load_highlight(&tx, highlight_id)?;
        let note = upsert_note(&tx, h.article_id, Some(highlight_id), body)?;
        tx.commit()?;
        Ok(note)
    }

    /// Adds a margin note on the text `start..end` (usually a whole passage) of an article.
    pub fn add_passage_note(
        &mut self,
        article_id: Id,
        start: u32,
        end: u32,
        body: &str,
    ) -> Result<Note> {
        let body = body.trim();
        if body.is_empty() {
            return Err(Error::invalid("a note cannot be empty"));
        }
        let tx = self.write()?;
        live_article(&tx, article_id)?;
        let text = join_passages(&store::passages(&tx, article_id)?);
        let anchor = describe(&AnchorText::new(&text), start as usize, end as usize)?;
        let id = store::insert_note(&tx, article_id, None, Some(&anchor), body, &now_rfc3339())?;
        let note = live_note(&tx, id)?;
        tx.commit()?;
        Ok(note)
    }

    /// Changes a note's text. An empty body is refused: delete the note instead.
    pub fn edit_note(&mut self, note_id: Id, body: &str) -> Result<Note> {
        let body = body.trim();
        if body.is_empty() {
            return Err(Error::invalid("a note cannot be empty; delete it instead"));
        }
        let tx = self.write()?;
        live_note(&tx, note_id)?;
        store::set_note_body(&tx, note_id, body, &now_rfc3339())?;
        let note = live_note(&tx, note_id)?;
        tx.commit()?;
        Ok(note)
    }

    // ---- trash ----

    /// Moves an article, highlight, note or tag to the trash.
    pub fn delete(&mut self, item: ItemRef) -> Result<()> {
        let tx = self.write()?;
        match store::item_deleted(&tx, item)? {
            Some(false) => store::set_deleted(&tx, item, Some(&now_rfc3339()))?,
            Some(true) => {
                return Err(Error::not_found(format!(
                    "{} {} is already in the trash",
                    item.kind.as_str(),
                    item.id
                )))
            }
            None => return Err(Error::not_found(format!("no {} {}", item.kind.as_str(), item.id))),
        }
        tx.commit()?;
        Ok(())
    }

    /// Takes an item out of the trash.
    pub fn restore(&mut self, item: ItemRef) -> Result<()> {
        let tx = self.write()?;
        match store::item_deleted(&tx, item)? {
            Some(true) => {}
            Some(false) => {
                return Err(Error::invalid(format!(
                    "{} {} is not in the trash",
                    item.kind.as_str(),
                    item.id
                )))
            }
            None => {
                return Err(Error::not_found(format!(
                    "no {} {} (the trash may have been emptied)",
                    item.kind.as_str(),
                    item.id
                )))
            }
        }
        if item.kind == ItemKind::Note {
            // A highlight or an article has one note; if a new one was written since, the
            // restored text is appended to it rather than lost.
            if let Some((note, _)) = store::note(&tx, item.id)? {
                let on = match note.target {
                    NoteTarget::Article => Some(None),
                    NoteTarget::Highlight { highlight_id } => Some(Some(highlight_id)),
                    NoteTarget::Passage { .. } => None,
                };
                if let Some(h) = on {
                    if let Some(current) = store::live_note_on(&tx, note.article_id, h)? {
                        let merged = format!("{}\n\n{}", current.body, note.body);
                        store::set_note_body(&tx, current.id, &merged, &now_rfc3339())?;
                        store::merge_note_into(&tx, item.id, current.id)?;
                        tx.commit()?;
                        return Ok(());
                    }
                }
            }
        }
        store::set_deleted(&tx, item, None)?;
        tx.commit()?;
        Ok(())
    }

    /// Everything in the trash, newest first.
    pub fn trash(&self) -> Result<Vec<TrashItem>> {
        let mut items = store::trash(&self.conn)?;
        for i in &mut items {
            i.label = short_label(&i.label);
        }
        Ok(items)
    }

    /// Removes everything in the trash for good; returns how many items were removed.
    pub fn empty_trash(&mut self) -> Result<u32> {
        let tx = self.write()?;
        let n = store::empty_trash(&tx)?;
        tx.commit()?;
        Ok(n)
    }

    // ---- search (crate::search; the index follows every write by itself, via triggers) ----

    /// Finds titles, passages, highlights and notes matching `query` (see `crate::search` for
    /// the query language), grouped, ranked and paginated.
    pub fn search(
        &self,
        query: &str,
        opts: &crate::search::SearchOptions,
    ) -> Result<crate::search::SearchResults> {
        store::search::run(&self.conn, query, opts)
    }

    /// Where `needle` occurs in the text of article `id`, folded as search folds (see
    /// [`crate::search::find_all`]): at most 10,000 spans, in reading order.
    pub fn find_in_article(&self, id: Id, needle: &str) -> Result<Vec<crate::search::TextSpan>> {
        live_article(&self.conn, id)?;
        let text = join_passages(&store::passages(&self.conn, id)?);
        Ok(crate::search::find_all(&text, needle, 10_000))
    }

    /// Merges the segments of the search index until nothing is left to merge, as a library
    /// opened from a file does by itself while idle; gives the number of steps it took. A bulk
    /// import leaves merging to do, which the writes after it would otherwise pay for.
    pub fn merge_index(&mut self) -> Result<u32> {
        let mut steps = 0;
        while store::index::merge_step(&self.conn, 1024)? {
            steps += 1;
        }
        Ok(steps)
    }

    /// Rebuilds the search index from scratch (normally never needed: it is kept in sync, and
    /// rebuilt by itself when a new version changes its format).
    pub fn reindex(&mut self) -> Result<crate::search::ReindexReport> {
        let tx = self.write()?;
        let report = store::index::reindex(&tx)?;
        tx.commit()?;
        Ok(report)
    }

    // ---- settings and export ----

    /// The five colours with the names the user gave them.
    pub fn color_labels(&self) -> Result<Vec<ColorLabel>> {
        Color::ALL
            .into_iter()
            .map(|color| {
                let label = store::setting(&self.conn, &format!("color.{}", color.as_str()))?
                    .unwrap_or_else(|| color.default_label().to_owned());
                Ok(ColorLabel { color, label })
            })
            .collect()
    }

    /// Names a colour (`论点`); an empty label restores the default.
    pub fn set_color_label(&mut self, color: Color, label: &str) -> Result<()> {
        let label = text::normalize(label.trim());
        if label.contains('\n') || text::char_len(&label) > 40 {
            return Err(Error::invalid(
                "a colour's name must be one line of at most 40 characters",
            ));
        }
        let label = if label.is_empty() { color.default_label().to_owned() } else { label };
        let tx = self.write()?;
        store::set_setting(&tx, &format!("color.{}", color.as_str()), &label)?;
        tx.commit()?;
        Ok(())
    }

    /// Writes one Markdown file per article into `dir` (created if needed), each atomically;
    /// files whose content is unchanged are left alone.
    pub fn export_markdown(&self, dir: &Path, opts: &ExportOptions) -> Result<ExportReport> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, "cannot create the export folder", &e))?;
        // One read snapshot, so that a write from elsewhere (the CLI while the app runs) cannot
        // make the files disagree with each other.
        let snapshot = store::tx::read_snapshot(&self.conn)?;
        let labels = self.color_labels()?;
        let articles: Vec<Article> = if opts.articles.is_empty() {
            // The whole library: three statements in all, not three per article.
            let summaries = store::live_articles_by_id(&snapshot)?;
            let mut highlights = store::all_live_highlights(&snapshot)?.into_iter().peekable();
            let mut notes = store::all_live_notes(&snapshot)?.into_iter().peekable();
            summaries
                .into_iter()
                .map(|summary| {
                    let id = summary.id;
                    while highlights.next_if(|h| h.article_id < id).is_some() {}
                    while notes.next_if(|n| n.article_id < id).is_some() {}
                    let hs: Vec<Highlight> =
                        std::iter::from_fn(|| highlights.next_if(|h| h.article_id == id)).collect();
                    let ns: Vec<Note> =
                        std::iter::from_fn(|| notes.next_if(|n| n.article_id == id)).collect();
                    attach_notes(summary, String::new(), Vec::new(), hs, ns)
                })
                .collect()
        } else {
            opts.articles.iter().map(|&id| self.load_article(id, false)).collect::<Result<_>>()?
        };
        drop(snapshot);
        let list: Vec<(Id, String)> =
            articles.iter().map(|a| (a.summary.id, a.summary.meta.title.clone())).collect();
        let names: std::collections::HashMap<Id, String> =
            crate::export::plan_file_names(&list).into_iter().collect();
        // Rendering and writing the files touches no database: spread it over the cores, in
        // contiguous chunks so that the report keeps the articles' order.
        let write_one = |article: &Article| -> Result<ExportedFile> {
            let id = article.summary.id;
            let name =
                names.get(&id).ok_or_else(|| Error::internal("an export file name is missing"))?;
            let md = crate::export::article_markdown(article, &labels);
            let path = dir.join(name);
            let written = crate::export::write_atomically(&path, &md)?;
            Ok(ExportedFile { article_id: id, path: path.display().to_string(), written })
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let chunk = articles.len().div_ceil(threads).max(1);
        let parts: Vec<Result<Vec<ExportedFile>>> = std::thread::scope(|scope| {
            let handles: Vec<_> = articles
                .chunks(chunk)
                .map(|part| scope.spawn(|| part.iter().map(&write_one).collect::<Result<Vec<_>>>()))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| Err(Error::internal("an export thread failed")))
                })
                .collect()
        });
        let mut report = ExportReport { folder: dir.display().to_string(), files: Vec::new() };
        for part in parts {
            report.files.extend(part?);
        }
        Ok(report)
    }
}

/// Puts each note on a highlight inside the highlight; the others (on the article, on passages)
/// stay in the article's list.
fn attach_notes(
    summary: ArticleSummary,
    text: String,
    passages: Vec<Passage>,
    mut highlights: Vec<Highlight>,
    all_notes: Vec<Note>,
) -> Article {
    let mut notes = Vec::new();
    for note in all_notes {
        if let NoteTarget::Highlight { highlight_id } = note.target {
            if let Some(h) = highlights.iter_mut().find(|h| h.id == highlight_id) {
                h.note = Some(note);
            }
        } else {
            notes.push(note);
        }
    }
    Article { summary, text, passages, highlights, notes }
}

// ---- helpers (business rules; no SQL) ----

/// Builds an article's text and passages from parsed blocks: texts normalised (NFC, trimmed,
/// line breaks only in code), empty blocks dropped, joined by `'\n'`.
pub(crate) fn assemble(blocks: &[Block]) -> Result<(String, Vec<Passage>)> {
    let mut text = String::new();
    let mut passages: Vec<Passage> = Vec::with_capacity(blocks.len());
    let mut offset: u32 = 0;
    for b in blocks {
        let mut t = text::normalize(&b.text);
        if b.kind != PassageKind::Code {
            t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        } else {
            t = t.trim_matches('\n').trim_end().to_owned();
        }
        let t = t.trim_start_matches([' ', '\t']).trim_end();
        if t.is_empty() {
            continue;
        }
        if !passages.is_empty() {
            text.push('\n');
            offset += 1;
        }
        let len = text::char_len(t) as u32;
        text.push_str(t);
        let links = b.links.iter().filter(|l| l.start < l.end && l.end <= len).cloned().collect();
        passages.push(Passage {
            ordinal: passages.len() as u32,
            kind: b.kind,
            level: b.level,
            start: offset,
            end: offset + len,
            text: t.to_owned(),
            links,
        });
        offset += len;
    }
    if passages.is_empty() {
        return Err(Error::invalid("the document has no text"));
    }
    Ok((text, passages))
}

pub(crate) fn join_passages(passages: &[Passage]) -> String {
    let mut text = String::with_capacity(passages.iter().map(|p| p.text.len() + 1).sum());
    for (i, p) in passages.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&p.text);
    }
    text
}

/// A title for a document that has none: its first line, shortened.
pub(crate) fn default_title(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let mut t: String = first.chars().take(60).collect();
    if first.chars().count() > 60 {
        t.push('…');
    }
    if t.is_empty() {
        "Untitled".into()
    } else {
        t
    }
}

/// Shortens a label for lists: its first line, at most 80 characters.
fn short_label(s: &str) -> String {
    let first = s.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    let mut t: String = first.chars().take(80).collect();
    if first.chars().count() > 80 || s.trim().lines().count() > 1 {
        t.push('…');
    }
    t
}

/// Normalises a tag name: NFC, no `#` in front, segments trimmed and separated by `/`, inner
/// white space collapsed. Refuses an empty name.
pub fn normalize_tag(name: &str) -> Result<String> {
    let n = text::normalize(name.trim());
    let n = n.trim_start_matches('#');
    let segments: Vec<String> = n
        .split('/')
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect();
    if segments.is_empty() {
        return Err(Error::invalid(format!("not a tag name: {name:?}")));
    }
    let joined = segments.join("/");
    if text::char_len(&joined) > 200 {
        return Err(Error::invalid("a tag name is limited to 200 characters"));
    }
    Ok(joined)
}

pub(crate) fn live_article(conn: &Connection, id: Id) -> Result<ArticleSummary> {
    match store::article_summary(conn, id)? {
        Some(a) => Ok(a),
        None => Err(match store::article_deleted(conn, id)? {
            Some(true) => Error::not_found(format!("article {id} is in the trash")),
            _ => Error::not_found(format!("no article {id}")),
        }),
    }
}

pub(crate) fn load_highlight(conn: &Connection, id: Id) -> Result<Highlight> {
    match store::highlight(conn, id)? {
        Some((mut h, false)) => {
            if store::article_deleted(conn, h.article_id)? == Some(true) {
                return Err(Error::not_found(format!(
                    "highlight {id} belongs to an article in the trash"
                )));
            }
            h.note = store::live_note_on(conn, h.article_id, Some(id))?;
            Ok(h)
        }
        Some((_, true)) => Err(Error::not_found(format!("highlight {id} is in the trash"))),
        None => Err(Error::not_found(format!("no highlight {id}"))),
    }
}

fn live_note(conn: &Connection, id: Id) -> Result<Note> {
    match store::note(conn, id)? {
        Some((n, false)) => Ok(n),
        Some((_, true)) => Err(Error::not_found(format!("note {id} is in the trash"))),
        None => Err(Error::not_found(format!("no note {id}"))),
    }
}

fn check_taggable(conn: &Connection, item: ItemRef) -> Result<()> {
    match item.kind {
        ItemKind::Article => live_article(conn, item.id).map(|_| ()),
        ItemKind::Highlight => load_highlight(conn, item.id).map(|_| ()),
        _ => Err(Error::invalid(format!("a {} cannot be tagged", item.kind.as_str()))),
    }
}

fn upsert_note(
    tx: &Connection,
    article_id: Id,
    highlight_id: Option<Id>,
    body: &str,
) -> Result<Option<Note>> {
    let body = body.trim();
    let now = now_rfc3339();
    let current = store::live_note_on(tx, article_id, highlight_id)?;
    match (current, body.is_empty()) {
        (Some(n), true) => {
            store::set_deleted(tx, ItemRef { kind: ItemKind::Note, id: n.id }, Some(&now))?;
            Ok(None)
        }
        (None, true) => Ok(None),
        (Some(n), false) => {
            if n.body != body {
                store::set_note_body(tx, n.id, body, &now)?;
            }
            live_note(tx, n.id).map(Some)
        }
        (None, false) => {
            let id = store::insert_note(tx, article_id, highlight_id, None, body, &now)?;
            live_note(tx, id).map(Some)
        }
    }
}

/// The anchor of `start..end` in a text, refusing empty or out-of-range ranges.
fn describe(at: &AnchorText, start: usize, end: usize) -> Result<Anchor> {
    let q = at.describe(start, end).ok_or_else(|| {
        Error::invalid(format!(
            "the range {start}..{end} is not a non-empty stretch of the article's text (0..{})",
            at.len()
        ))
    })?;
    if q.exact.trim().is_empty() {
        return Err(Error::invalid("cannot highlight only white space"));
    }
    Ok(Anchor {
        start: start as u32,
        end: end as u32,
        exact: q.exact,
        prefix: q.prefix,
        suffix: q.suffix,
        status: AnchorStatus::Anchored,
    })
}

/// Finds a quote for a new highlight. The quote is normalised like the article's text; when it
/// occurs more than once, `occurrence` (from 1) must say which.
fn find_quote(at: &AnchorText, quote: &str, occurrence: Option<u32>) -> Result<(usize, usize)> {
    let q = text::normalize(quote.trim());
    if q.is_empty() {
        return Err(Error::invalid("the quote is empty"));
    }
    let starts = at.find_exact(&q);
    let len = text::char_len(&q);
    let shown: String = q.chars().take(40).collect();
    match (starts.len(), occurrence) {
        (0, _) => Err(Error::not_found(format!("the article does not contain \"{shown}\""))),
        (1, None) | (1, Some(1)) => Ok((starts[0], starts[0] + len)),
        (n, None) => Err(Error::invalid(format!(
            "\"{shown}\" occurs {n} times in the article; say which (occurrence 1 to {n})"
        ))),
        (n, Some(k)) if k == 0 || k as usize > n => Err(Error::invalid(format!(
            "\"{shown}\" occurs {n} times; occurrence {k} does not exist"
        ))),
        (_, Some(k)) => {
            let s = starts[k as usize - 1];
            Ok((s, s + len))
        }
    }
}

/// Replaces an article's text and re-anchors every highlight and passage note of it (in the
/// trash too, so that a restored one is in the right place).
pub(crate) fn replace_content(
    tx: &Connection,
    id: Id,
    format: &str,
    text: &str,
    hash: &str,
    passages: &[Passage],
    now: &str,
) -> Result<ReanchorReport> {
    let chars = text::char_len(text) as u32;
    store::set_article_content(tx, id, format, hash, chars, now)?;
    store::replace_passages(tx, id, passages)?;
    let at = AnchorText::new(text);
    let mut report = ReanchorReport::default();
    for stored in store::highlight_anchors(tx, id)? {
        let (anchor, changed) = reanchor(&at, &stored.anchor, &mut report);
        if changed {
            store::set_highlight_anchor(tx, stored.id, &anchor, None)?;
        }
    }
    for stored in store::note_anchors(tx, id)? {
        let (anchor, changed) = reanchor(&at, &stored.anchor, &mut report);
        if changed {
            store::set_note_anchor(tx, stored.id, &anchor)?;
        }
    }
    Ok(report)
}

/// Finds one anchor in a new text; returns the new anchor and whether it changed.
fn reanchor(at: &AnchorText, old: &Anchor, report: &mut ReanchorReport) -> (Anchor, bool) {
    let quote =
        Quote { exact: old.exact.clone(), prefix: old.prefix.clone(), suffix: old.suffix.clone() };
    match at.locate(&quote, (old.start as usize, old.end as usize)) {
        Some(found) => {
            let same_place = found.start == old.start as usize && found.end == old.end as usize;
            if found.how == Found::Position || (same_place && found.how == Found::Exact) {
                report.unchanged += 1;
            } else {
                report.moved += 1;
            }
            match at.describe(found.start, found.end) {
                Some(q) => {
                    let new = Anchor {
                        start: found.start as u32,
                        end: found.end as u32,
                        exact: q.exact,
                        prefix: q.prefix,
                        suffix: q.suffix,
                        status: AnchorStatus::Anchored,
                    };
                    let changed = &new != old;
                    (new, changed)
                }
                None => orphan(old, report),
            }
        }
        None => orphan(old, report),
    }
}

fn orphan(old: &Anchor, report: &mut ReanchorReport) -> (Anchor, bool) {
    report.orphaned += 1;
    let mut a = old.clone();
    a.status = AnchorStatus::Orphaned;
    let changed = old.status != AnchorStatus::Orphaned;
    (a, changed)
}
