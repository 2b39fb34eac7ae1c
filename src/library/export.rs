//! Markdown export: one file per article, written in parallel, each atomically.

use super::Library;
use crate::article::with_notes;
use crate::export::plan::{self, Base, Rendered};
use crate::export::{folder, remove_if_unchanged, stamp, write_checked, Checked, Templates};
use crate::model::*;
use crate::{store, Error, Result};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What to export.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportOptions {
    /// Only these articles (each exported whatever it holds); the library when empty.
    #[ts(type = "Array<number>")]
    pub articles: Vec<Id>,
    /// The article template (MiniJinja), instead of the default one.
    #[serde(default)]
    #[ts(optional)]
    pub template: Option<String>,
    /// The file-name template, instead of `{{ title }}`.
    #[serde(default)]
    #[ts(optional)]
    pub filename_template: Option<String>,
    /// With `articles` empty: every live article when true; otherwise only those with a
    /// highlight or a note (a library of 2,000 articles should not make 2,000 empty notes).
    #[serde(default)]
    pub all: bool,
    /// The language of the files' own words (headings, default colour names).
    #[serde(default)]
    pub lang: crate::export::ExportLang,
}

/// A folder the library keeps up to date: exported into again, with these options, whenever
/// the library changed (the desktop's "keep this folder up to date"). Kept in the library's
/// settings, so each library has its own.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct KeptFolder {
    pub dir: String,
    pub options: ExportOptions,
}

/// One article rendered as an export would write it (see [`Library::preview_export`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportPreview {
    pub file_name: String,
    pub text: String,
}

/// How the last export into a kept folder went, for a status line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct KeptFolderStatus {
    pub dir: String,
    /// When it ended (RFC 3339, UTC).
    pub at: String,
    /// Files written (created, updated, merged, moved, or written with conflicts).
    pub written: u32,
    /// Files holding conflict markers for the reader to resolve.
    pub conflicts: Vec<String>,
    /// Why the export failed, when it did (the folder is gone, a template error…).
    pub error: Option<String>,
}

impl KeptFolderStatus {
    /// The status after an export into `dir` that ended with `outcome`.
    pub fn new(dir: &str, outcome: &Result<ExportReport>) -> KeptFolderStatus {
        let at = crate::text::now_rfc3339();
        match outcome {
            Ok(r) => KeptFolderStatus {
                dir: dir.to_owned(),
                at,
                written: r.files.iter().filter(|f| f.written).count() as u32,
                conflicts: r.conflicts.clone(),
                error: None,
            },
            Err(e) => KeptFolderStatus {
                dir: dir.to_owned(),
                at,
                written: 0,
                conflicts: Vec::new(),
                error: Some(e.message().to_owned()),
            },
        }
    }
}

/// Decides when a folder kept up to date is due for another export: once the library changed
/// (its change counter moved, see [`Library::change_counter`]) and then stayed unchanged for
/// the debounce time, so that a burst of edits makes one export.
#[derive(Debug, Clone)]
pub struct Debounce {
    seen: i64,
    changed_at: Option<std::time::Instant>,
    quiet: std::time::Duration,
}

impl Debounce {
    /// Starts from the counter as it is now (`counter`): nothing is due until it moves.
    pub fn new(counter: i64, quiet: std::time::Duration) -> Debounce {
        Debounce { seen: counter, changed_at: None, quiet }
    }

    /// Given the change counter at `now`, true if and only if an export is due: the counter
    /// moved, and has not moved again for the debounce time. Once true, it is false until the
    /// counter moves again.
    pub fn due(&mut self, counter: i64, now: std::time::Instant) -> bool {
        if counter != self.seen {
            self.seen = counter;
            self.changed_at = Some(now);
            return false;
        }
        match self.changed_at {
            Some(t) if now.saturating_duration_since(t) >= self.quiet => {
                self.changed_at = None;
                true
            }
            _ => false,
        }
    }
}

/// The setting that holds the kept folder.
const KEPT_FOLDER_SETTING: &str = "export.kept_folder";

/// The most threads that render and write the files.
const MAX_THREADS: usize = 8;

impl Library {
    /// Writes one Markdown file per article into `dir` (created if needed), each atomically,
    /// never destroying what the reader wrote (see `export::plan`): a file Zhaji did not write
    /// is never touched, one the reader wrote in is merged, and a renamed article's file moves.
    /// What was rendered is kept in the library as the base of the next export's merge.
    /// Temporary files an interrupted export left in `dir` are removed.
    pub fn export_markdown(&mut self, dir: &Path, opts: &ExportOptions) -> Result<ExportReport> {
        // A template error is found before anything is written.
        let templates =
            Templates::new(opts.template.as_deref(), opts.filename_template.as_deref())?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io(dir, "cannot create the export folder", &e))?;
        let removed_temp_files = folder::remove_stale_temp_files(dir, folder::STALE_TEMP_AGE)?;
        let folder_key = std::fs::canonicalize(dir)
            .map_err(|e| Error::io(dir, "cannot find the export folder", &e))?
            .display()
            .to_string();
        // One read snapshot, so that a write from elsewhere (the CLI while the app runs) cannot
        // make the files disagree with each other.
        let snapshot = store::tx::read_snapshot(&self.conn)?;
        let labels = self.color_labels()?;
        let articles = self.articles_to_export(&snapshot, opts, templates.uses_passages())?;
        let bases: HashMap<String, Base> = store::export::export_bases(&snapshot, &folder_key)?
            .into_iter()
            .map(|(uuid, file_name, content)| (uuid, Base { file_name, content }))
            .collect();
        let claims = highlight_claims(&snapshot)?;
        drop(snapshot);

        // Rendering, reading and writing the files touches no database: spread it over the
        // cores, in contiguous chunks so that the report keeps the articles' order.
        let rendered: Vec<Rendered> = par_map(&articles, |a| {
            let (name, text) = templates.name_and_article(a, &labels, opts.lang, &claims)?;
            Ok(Rendered {
                id: a.summary.id,
                uuid: a.summary.uuid.clone(),
                stem: crate::export::file_stem(&name),
                text: stamp::stamp(&text),
            })
        })?;
        let same_article = |uuid: &str| -> Option<String> {
            let id = store::export::article_by_uuid(&self.conn, uuid).ok()??;
            rendered.iter().find(|a| a.id == id).map(|a| a.uuid.clone())
        };
        let (actions, files) = plan_export(dir, &rendered, &bases, &same_article)?;
        let written: Vec<ExportedFile> = par_map(&actions, |action| {
            let a = &rendered[action.index];
            let path = dir.join(&action.name);
            // The base this file's stamp will name is in the folder before the file is.
            if action.on_disk.as_deref() != Some(action.content.as_str()) {
                stamp::write_base(dir, &a.text)?;
            }
            let outcome = match &action.moved_from {
                Some((old, old_content)) => {
                    let outcome = write_checked(&path, None, &action.content)?;
                    if outcome == Checked::Written {
                        remove_if_unchanged(&dir.join(old), old_content)?;
                    }
                    outcome
                }
                None => write_checked(&path, action.on_disk.as_deref(), &action.content)?,
            };
            let skipped = outcome == Checked::ChangedMeanwhile;
            Ok(ExportedFile {
                article_id: a.id,
                article_uuid: a.uuid.clone(),
                path: path.display().to_string(),
                written: outcome == Checked::Written,
                status: if skipped { ExportStatus::Skipped } else { action.status },
                moved_from: action
                    .moved_from
                    .as_ref()
                    .filter(|_| !skipped)
                    .map(|(old, _)| dir.join(old).display().to_string()),
                name_taken_by: action
                    .name_taken_by
                    .as_ref()
                    .map(|n| dir.join(n).display().to_string()),
            })
        })?;

        // The new bases: what was rendered, under the name it was written to. A library that
        // may not be written (read-only or damaged) still exports; it keeps no bases, and the
        // next export merges over the lines both versions share.
        if !self.read_only && self.damage().is_none() {
            let tx = self.write()?;
            for (action, file) in actions.iter().zip(&written) {
                if file.status == ExportStatus::Skipped {
                    continue;
                }
                let a = &rendered[action.index];
                let same = bases
                    .get(&a.uuid)
                    .is_some_and(|b| b.file_name == action.name && b.content == a.text);
                if !same {
                    store::export::set_export_base(
                        &tx,
                        &folder_key,
                        &a.uuid,
                        &action.name,
                        &a.text,
                    )?;
                }
            }
            tx.commit()?;
        }
        self.write_attachments(dir, &articles)?;
        let in_use: HashSet<&str> = files
            .iter()
            .map(|f| f.content.as_str())
            .chain(actions.iter().map(|a| a.content.as_str()))
            .filter_map(stamp::stated)
            .collect();
        stamp::remove_unused_bases(dir, &in_use, stamp::UNUSED_BASE_AGE)?;
        let conflicts = written
            .iter()
            .filter(|f| f.status == ExportStatus::Conflicted)
            .map(|f| f.path.clone())
            .collect();
        Ok(ExportReport {
            folder: dir.display().to_string(),
            files: written,
            conflicts,
            removed_temp_files,
        })
    }

    /// A number that changes whenever another process or connection changes the library; poll
    /// it to keep an export folder up to date (see [`Library::export_watch`]).
    pub fn change_counter(&self) -> Result<i64> {
        store::export::data_version(&self.conn)
    }

    /// Keeps `dir` up to date: exports now, then again each time the library was changed by
    /// another process or connection (the app, another command) and then left alone for
    /// `debounce`, polling every `poll`. Every export keeps the guarantees of
    /// [`Library::export_markdown`]. `after` gets each report and says whether to go on.
    pub fn export_watch(
        &mut self,
        dir: &Path,
        opts: &ExportOptions,
        poll: std::time::Duration,
        debounce: std::time::Duration,
        mut after: impl FnMut(&ExportReport) -> bool,
    ) -> Result<()> {
        let mut debounce = Debounce::new(self.change_counter()?, debounce);
        if !after(&self.export_markdown(dir, opts)?) {
            return Ok(());
        }
        loop {
            std::thread::sleep(poll.min(debounce.quiet.max(std::time::Duration::from_millis(1))));
            if debounce.due(self.change_counter()?, std::time::Instant::now())
                && !after(&self.export_markdown(dir, opts)?)
            {
                return Ok(());
            }
        }
    }

    /// One article as an export with `opts` would write it, as (file name, Markdown), writing
    /// nothing: the preview of a template while the reader edits it. A template error names
    /// the line (see [`Templates::new`]).
    pub fn preview_export(&self, article_id: Id, opts: &ExportOptions) -> Result<ExportPreview> {
        let templates =
            Templates::new(opts.template.as_deref(), opts.filename_template.as_deref())?;
        let mut article = self.load_article(article_id, false)?;
        if templates.uses_passages() {
            article.passages = highlight_passages(&self.conn, article_id)?;
        }
        let claims = highlight_claims(&self.conn)?;
        let (name, text) =
            templates.name_and_article(&article, &self.color_labels()?, opts.lang, &claims)?;
        Ok(ExportPreview { file_name: format!("{}.md", crate::export::file_stem(&name)), text })
    }

    /// The folder this library keeps up to date, if any.
    pub fn kept_folder(&self) -> Result<Option<KeptFolder>> {
        match store::setting(&self.conn, KEPT_FOLDER_SETTING)? {
            Some(json) if !json.is_empty() => serde_json::from_str(&json)
                .map(Some)
                .map_err(|e| Error::internal(format!("the kept export folder setting: {e}"))),
            _ => Ok(None),
        }
    }

    /// Makes `kept` the folder this library keeps up to date (`None`: none). The folder must
    /// exist; its template, if any, must be valid.
    pub fn set_kept_folder(&mut self, kept: Option<&KeptFolder>) -> Result<()> {
        let json = match kept {
            Some(k) => {
                let dir = Path::new(&k.dir);
                if !dir.is_dir() {
                    return Err(Error::not_found(format!("no folder {}", k.dir)));
                }
                let o = &k.options;
                Templates::new(o.template.as_deref(), o.filename_template.as_deref())?;
                serde_json::to_string(k)
                    .map_err(|e| Error::internal(format!("cannot write the setting: {e}")))?
            }
            None => String::new(),
        };
        let tx = self.write()?;
        store::set_setting(&tx, KEPT_FOLDER_SETTING, &json)?;
        tx.commit()?;
        Ok(())
    }

    /// What a `zhaji://` link points to: `zhaji://article/<uuid>`, `zhaji://highlight/<uuid>`,
    /// `zhaji://note/<uuid>` (as exports write them), or `zhaji://article/<id>#<start>-<end>`
    /// (as older exports did). Not found when the thing is gone or in the trash; invalid input
    /// for anything else.
    pub fn resolve_link(&self, link: &str) -> Result<LinkTarget> {
        let bad = || Error::invalid(format!("not a Zhaji link: {link}"));
        let rest = link.trim().strip_prefix("zhaji://").ok_or_else(bad)?;
        let (kind, id) = rest.split_once('/').ok_or_else(bad)?;
        let (id, fragment) = match id.split_once('#') {
            Some((id, f)) => (id, Some(f)),
            None => (id, None),
        };
        let id = id.trim_end_matches('/');
        let uuid = uuid::Uuid::parse_str(id).ok().map(|u| u.hyphenated().to_string());
        let gone = || Error::not_found(format!("nothing in this library has the link {link}"));
        match (kind, uuid) {
            ("article", Some(u)) => {
                let id = store::export::article_by_uuid(&self.conn, &u)?.ok_or_else(gone)?;
                self.link_target(id, "article", None, None, None)
            }
            ("article", None) => {
                let id: Id = id.parse().map_err(|_| bad())?;
                let range = fragment.and_then(|f| {
                    let (s, e) = f.split_once('-')?;
                    Some((s.parse::<u32>().ok()?, e.parse::<u32>().ok()?))
                });
                self.link_target(id, "article", None, None, range)
            }
            ("highlight", Some(u)) => {
                let hid = store::export::highlight_by_uuid(&self.conn, &u)?.ok_or_else(gone)?;
                let h = self.highlight(hid)?;
                self.link_target(h.article_id, "highlight", Some(&h), None, None)
            }
            ("note", Some(u)) => {
                let nid = store::export::note_by_uuid(&self.conn, &u)?.ok_or_else(gone)?;
                let note = match store::note(&self.conn, nid)? {
                    Some((n, false)) => n,
                    _ => return Err(gone()),
                };
                if let NoteTarget::Highlight { highlight_id } = note.target {
                    let h = self.highlight(highlight_id)?;
                    let mut t =
                        self.link_target(h.article_id, "note", Some(&h), Some(&note), None)?;
                    t.note = Some(note.body.clone());
                    return Ok(t);
                }
                self.link_target(note.article_id, "note", None, Some(&note), None)
            }
            _ => Err(bad()),
        }
    }

    fn link_target(
        &self,
        article_id: Id,
        kind: &str,
        h: Option<&Highlight>,
        n: Option<&Note>,
        range: Option<(u32, u32)>,
    ) -> Result<LinkTarget> {
        let article = self.article(article_id)?;
        let anchor = h.map(|h| &h.anchor).or(match n.map(|n| &n.target) {
            Some(NoteTarget::Passage { anchor }) => Some(anchor),
            _ => None,
        });
        let (range, text) = match anchor {
            Some(a) if a.status == AnchorStatus::Anchored => {
                (Some((a.start, a.end)), Some(a.exact.clone()))
            }
            Some(a) => (None, Some(a.exact.clone())),
            None => {
                let text = range.and_then(|(s, e)| {
                    crate::text::slice_chars(&article.text, s as usize, e as usize)
                        .map(str::to_string)
                });
                (range.filter(|_| text.is_some()), text)
            }
        };
        let passage = range.and_then(|(s, _)| {
            article.passages.iter().find(|p| p.start <= s && s < p.end.max(p.start + 1))
        });
        Ok(LinkTarget {
            kind: kind.to_string(),
            article_id,
            article_uuid: article.summary.uuid.clone(),
            title: article.summary.meta.title.clone(),
            highlight_id: h.map(|h| h.id),
            note_id: n.map(|n| n.id),
            start: range.map(|r| r.0),
            end: range.map(|r| r.1),
            text,
            passage: passage.map(|p| p.text.clone()),
            note: n
                .map(|n| n.body.clone())
                .or_else(|| h.and_then(|h| h.note.as_ref()).map(|n| n.body.clone())),
        })
    }

    /// Writes the images the exported articles show into the attachments folder, each once.
    fn write_attachments(&self, dir: &Path, articles: &[Article]) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for img in articles.iter().flat_map(|a| &a.images) {
            let (Some(hash), Some(format)) = (&img.hash, &img.format) else { continue };
            if !seen.insert(hash.as_str()) {
                continue;
            }
            let path = dir.join(crate::export::attachment_path(hash, format));
            if std::fs::metadata(&path).is_ok_and(|m| m.len() == u64::from(img.bytes)) {
                continue; // named by its content: the same size is the same file
            }
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)
                    .map_err(|e| Error::io(folder, "cannot create the attachments folder", &e))?;
            }
            let (_, data) = self.image(hash)?;
            crate::export::write_bytes_atomically(&path, &data)?;
        }
        Ok(())
    }

    /// The articles to export with their highlights and notes, without their text (an export
    /// needs only the quotes) and, when `passages`, with the passages that hold highlights
    /// (for the template's `passage`); `snapshot` is the read transaction they are read in.
    fn articles_to_export(
        &self,
        snapshot: &Connection,
        opts: &ExportOptions,
        passages: bool,
    ) -> Result<Vec<Article>> {
        if !opts.articles.is_empty() {
            return opts
                .articles
                .iter()
                .map(|&id| {
                    let mut article = self.load_article(id, false)?;
                    if passages {
                        article.passages = highlight_passages(snapshot, id)?;
                    }
                    Ok(article)
                })
                .collect();
        }
        let with_highlights =
            if passages { store::passages_with_highlights(snapshot, None)? } else { Vec::new() };
        let mut with_highlights = with_highlights.into_iter().peekable();
        // The whole library: three statements in all, not three per article.
        let summaries = store::live_articles_by_id(snapshot)?;
        let mut highlights = store::all_live_highlights(snapshot)?.into_iter().peekable();
        let mut notes = store::all_live_notes(snapshot)?.into_iter().peekable();
        let mut images = store::all_live_article_images(snapshot)?.into_iter().peekable();
        Ok(summaries
            .into_iter()
            .filter(|s| opts.all || s.highlight_count > 0 || s.note_count > 0)
            .map(|summary| {
                let id = summary.id;
                while highlights.next_if(|h| h.article_id < id).is_some() {}
                while notes.next_if(|n| n.article_id < id).is_some() {}
                let hs: Vec<Highlight> =
                    std::iter::from_fn(|| highlights.next_if(|h| h.article_id == id)).collect();
                let ns: Vec<Note> =
                    std::iter::from_fn(|| notes.next_if(|n| n.article_id == id)).collect();
                while images.next_if(|(a, _)| *a < id).is_some() {}
                while with_highlights.next_if(|(a, _)| *a < id).is_some() {}
                let ps = std::iter::from_fn(|| with_highlights.next_if(|(a, _)| *a == id))
                    .map(|(_, p)| p)
                    .collect();
                let mut article = with_notes(summary, String::new(), ps, hs, ns);
                article.images = std::iter::from_fn(|| images.next_if(|(a, _)| *a == id))
                    .map(|(_, i)| i)
                    .collect();
                article
            })
            .collect())
    }
}

/// The passages of article `id` that hold part of a highlight.
fn highlight_passages(conn: &Connection, id: Id) -> Result<Vec<Passage>> {
    let passages = store::passages_with_highlights(conn, Some(id))?;
    Ok(passages.into_iter().map(|(_, p)| p).collect())
}

/// The claims each highlight is evidence for, as the export's template lists them.
fn highlight_claims(conn: &Connection) -> Result<crate::export::HighlightClaims> {
    let mut claims = crate::export::HighlightClaims::new();
    for (highlight, role, text) in store::debate::live_claims_by_highlight(conn)? {
        let side = match role {
            crate::debate::types::EvidenceRole::Supports => crate::export::ClaimSide::Supports,
            crate::debate::types::EvidenceRole::Opposes => crate::export::ClaimSide::Opposes,
            crate::debate::types::EvidenceRole::Context => crate::export::ClaimSide::Context,
        };
        claims.entry(highlight).or_default().push((side, text));
    }
    Ok(claims)
}

/// What to do with each file (see `export::plan`), reading only the files that can matter.
///
/// An article rendered exactly as at the last export, whose file is still there under the name
/// it was given, needs nothing whatever the reader did to that file: the merge of the reader's
/// file over a base equal to the new rendering is the reader's file. So those files (all but a
/// few, usually) are not read: the plan is made with the base standing for each. Should the
/// plan then do anything with one of them (move it, say, when names collide), the folder is
/// read whole and the plan made again. (A file the reader put in place of one of Zhaji's,
/// under its name, is then taken for Zhaji's and left as it is, as before.)
/// Plans the export (see `plan::plan`), returning the actions and the folder's files as read.
/// `same_article` gives the UUID of the rendered article a file's UUID also names, if any (the
/// UUID another device gave the article before sync made theirs one): its file is the article's.
fn plan_export(
    dir: &Path,
    rendered: &[Rendered],
    bases: &HashMap<String, Base>,
    same_article: &dyn Fn(&str) -> Option<String>,
) -> Result<(Vec<plan::Action>, Vec<folder::FolderFile>)> {
    let kept = |hash: &str| stamp::read_base(dir, hash);
    let ours: HashSet<&str> = rendered.iter().map(|a| a.uuid.as_str()).collect();
    let known = |mut files: Vec<folder::FolderFile>| {
        for f in &mut files {
            if let Some(u) = f.uuid.as_deref().filter(|u| !ours.contains(u)) {
                if let Some(same) = same_article(u) {
                    f.uuid = Some(same);
                }
            }
        }
        files
    };
    // File name to (article UUID, base), for each article rendered as its base.
    let settled: HashMap<&str, (&str, &str)> = rendered
        .iter()
        .filter_map(|a| {
            let b = bases.get(&a.uuid).filter(|b| b.content == a.text)?;
            Some((b.file_name.as_str(), (a.uuid.as_str(), b.content.as_str())))
        })
        .collect();
    if !settled.is_empty() {
        let files = known(folder::scan_except(dir, &settled)?);
        let actions = plan::plan(rendered, &files, bases, &kept);
        // Each article whose file was not read keeps it as it is, where it is.
        let unread: std::collections::HashSet<&str> =
            files.iter().filter_map(|f| settled.get(f.name.as_str()).map(|(u, _)| *u)).collect();
        let untouched = |action: &plan::Action| {
            !unread.contains(rendered[action.index].uuid.as_str())
                || (action.moved_from.is_none()
                    && action.on_disk.as_deref() == Some(action.content.as_str()))
        };
        if actions.iter().all(untouched) {
            return Ok((actions, files));
        }
    }
    let files = known(folder::scan(dir)?);
    Ok((plan::plan(rendered, &files, bases, &kept), files))
}

/// `f` over `items` on up to [`MAX_THREADS`] threads, in contiguous chunks, results in order.
fn par_map<T: Sync, U: Send>(items: &[T], f: impl Fn(&T) -> Result<U> + Sync) -> Result<Vec<U>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_THREADS);
    let chunk = items.len().div_ceil(threads).max(1);
    let parts: Vec<Result<Vec<U>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Result<Vec<_>>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err(Error::internal("an export thread failed"))))
            .collect()
    });
    let mut out = Vec::with_capacity(items.len());
    for part in parts {
        out.extend(part?);
    }
    Ok(out)
}
