//! Everything the commands show: JSON (`--json`, the façade's own types, pretty-printed) or
//! text, one function per kind of output. Results go to stdout, progress and per-file
//! failures to stderr; the one-line error that ends a command is printed by `main`.

use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use zhaji::annotations::{AnnotationReport, Outcome, UnmatchedImport, WebAnnotationExport};
use zhaji::{
    Article, ArticleSummary, Claim, ClaimView, Color, ColorLabel, Evidence, ExportReport,
    ExportStatus, Highlight, HitKind, Id, ImportOutcome, ImportProgress, ImportStatus, ItemKind,
    LinkTarget, Note, NoteTarget, NotebookItem, PathImport, ReindexReport, SearchResults, Tag,
    TagSuggestion, TaxonomyEntry, TrashItem, WhoAndWhat,
};

/// Prints `value` as pretty JSON.
pub fn json<T: Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Prints `value` as JSON if `as_json`; a command that says nothing when it works prints
/// nothing otherwise.
pub fn only_json<T: Serialize + ?Sized>(as_json: bool, value: &T) -> anyhow::Result<()> {
    if as_json {
        json(value)?;
    }
    Ok(())
}

/// Prints `value` as JSON if `as_json`, else as text with `text`.
pub fn either<T: Serialize + ?Sized>(
    as_json: bool,
    value: &T,
    text: impl FnOnce(&T),
) -> anyhow::Result<()> {
    if as_json {
        json(value)
    } else {
        text(value);
        Ok(())
    }
}

// ---- importing ----

/// The output of one `zhaji import`: each document's outcome as it is imported (in JSON, all of
/// them in one array at the end), each folder's summary, and a count of the failures. Each
/// failure is one line on stderr, in JSON too (where the array also holds it).
pub struct Imports {
    as_json: bool,
    /// True while a folder's documents come: their outcome lines are not printed one by one (a
    /// folder may hold thousands), its summary is.
    pub in_folder: bool,
    documents: Vec<DocumentResult>,
    failed: usize,
}

/// One document of an import, as `import --json` gives it: the outcome of one imported (with
/// its path added), or the path of one that failed or was skipped and why.
#[derive(Serialize)]
#[serde(untagged)]
enum DocumentResult {
    Imported {
        path: String,
        #[serde(flatten)]
        outcome: Box<ImportOutcome>,
    },
    Failed {
        path: String,
        error: String,
    },
    Skipped {
        path: String,
        skipped: String,
    },
    Annotations {
        path: String,
        annotations: AnnotationReport,
    },
}

/// The counts of a folder import, for its summary line.
#[derive(Default)]
pub struct FolderSummary {
    pub found: usize,
    pub imported: usize,
    pub already_present: usize,
    pub updated: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl FolderSummary {
    /// Counts one document imported.
    pub fn count(&mut self, o: &ImportOutcome) {
        match o.status {
            ImportStatus::Imported => self.imported += 1,
            ImportStatus::AlreadyPresent => self.already_present += 1,
            ImportStatus::Updated { .. } => self.updated += 1,
        }
    }
}

impl Imports {
    pub fn new(as_json: bool) -> Imports {
        Imports { as_json, in_folder: false, documents: Vec::new(), failed: 0 }
    }

    /// One path's result: a file's outcome or failure, or a folder's documents, what its walk
    /// skipped or could not read, and its summary line.
    pub fn path(&mut self, r: PathImport) {
        let path = PathBuf::from(&r.path);
        if let Some(e) = r.error {
            return self.failed(&path, &e.message);
        }
        if let Some(o) = r.outcome {
            return self.document(&path, Ok(o));
        }
        let Some(report) = r.folder else { return };
        self.in_folder = true;
        let mut summary = FolderSummary { found: report.found as usize, ..Default::default() };
        for d in report.documents {
            let doc = PathBuf::from(&d.path);
            match (d.outcome, d.error) {
                (Some(o), _) => {
                    summary.count(&o);
                    self.document(&doc, Ok(o));
                }
                (None, Some(e)) => {
                    summary.failed += 1;
                    self.failed(&doc, &e.message);
                }
                (None, None) => {}
            }
        }
        for s in &report.skipped {
            self.skipped(Path::new(&s.path), &s.reason);
        }
        // The report lists its documents' failures first, then what could not be read at all.
        for u in report.failed.iter().skip(summary.failed) {
            summary.failed += 1;
            self.failed(Path::new(&u.path), &u.reason);
        }
        summary.skipped = report.skipped.len();
        self.folder_summary(&path, &summary);
        self.in_folder = false;
    }

    /// A document imported (its line in text, except inside a folder), or why it was not.
    pub fn document(&mut self, path: &Path, r: zhaji::Result<ImportOutcome>) {
        match r {
            Ok(o) => {
                if !self.as_json && !self.in_folder {
                    outcome(&o);
                }
                let path = path.display().to_string();
                self.documents.push(DocumentResult::Imported { path, outcome: Box::new(o) });
            }
            Err(e) => self.failed(path, e.message()),
        }
    }

    /// An annotation file's import: its summary line and its orphans (text), or why it failed.
    pub fn annotations(&mut self, path: &Path, r: zhaji::Result<AnnotationReport>) {
        match r {
            Ok(report) => {
                if !self.as_json {
                    annotation_report(path, &report);
                }
                let path = path.display().to_string();
                self.documents.push(DocumentResult::Annotations { path, annotations: report });
            }
            Err(e) => self.failed(path, e.message()),
        }
    }

    /// A document or folder that could not be imported: one line on stderr.
    pub fn failed(&mut self, path: &Path, message: &str) {
        self.failed += 1;
        crate::failure::print(message);
        let (path, error) = (path.display().to_string(), crate::failure::one_line(message));
        self.documents.push(DocumentResult::Failed { path, error });
    }

    /// An entry of a folder left out on purpose, and why.
    pub fn skipped(&mut self, path: &Path, why: &str) {
        let path = path.display().to_string();
        if !self.as_json {
            println!("skipped {path}: {why}");
        }
        self.documents.push(DocumentResult::Skipped { path, skipped: why.to_owned() });
    }

    /// A folder's summary line (text only).
    pub fn folder_summary(&self, dir: &Path, s: &FolderSummary) {
        if !self.as_json {
            println!(
                "{}: {} found, {} imported, {} already present, {} updated, {} failed, {} skipped",
                dir.display(),
                s.found,
                s.imported,
                s.already_present,
                s.updated,
                s.failed,
                s.skipped
            );
        }
    }

    /// In JSON, prints the whole array; returns how many documents or folders failed.
    pub fn finish(self) -> anyhow::Result<usize> {
        if self.as_json {
            json(&self.documents)?;
        }
        Ok(self.failed)
    }
}

/// Where an import is, on one line of stderr that each call overwrites; only when stderr is a
/// terminal, so that a script's stderr holds nothing but failures.
pub fn progress(p: &ImportProgress) {
    if p.total > 1 && std::io::stderr().is_terminal() {
        eprint!("\r[{}/{}] importing…", p.done + 1, p.total);
    }
}

/// Ends the progress line, if one was printed.
pub fn progress_done() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[K");
    }
}

/// One file imported or updated: the article, what happened, the encoding, any warnings.
pub fn outcome(o: &ImportOutcome) {
    let what = match &o.status {
        ImportStatus::Imported => "imported".to_string(),
        ImportStatus::AlreadyPresent => "already in the library".to_string(),
        ImportStatus::Updated { report } => format!(
            "updated: {} highlights unchanged, {} moved, {} orphaned",
            report.unchanged, report.moved, report.orphaned
        ),
    };
    println!("{}  {}  ({what}; {})", o.article.id, o.article.meta.title, o.encoding);
    for w in &o.warnings {
        println!("  warning: {}", crate::failure::one_line(w));
    }
}

// ---- articles ----

/// One line per article: id, date, title, byline, highlight count.
pub fn articles(list: &[ArticleSummary]) {
    for a in list {
        let by = [a.meta.author.as_deref(), a.meta.site.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let date = a.meta.published.as_deref().or(a.imported_at.get(..10)).unwrap_or("");
        println!(
            "{:>5}  {}  {}{}  ({} highlights)",
            a.id,
            date,
            escaped(&a.meta.title),
            if by.is_empty() { String::new() } else { format!(" — {by}") },
            a.highlight_count
        );
    }
}

/// An article's id and title, after a change to it.
pub fn article_title(a: &ArticleSummary) {
    println!("{}  {}", a.id, a.meta.title);
}

/// An article whole: its metadata and notes, then each numbered passage with the highlights
/// and margin notes that start in it, then the orphaned highlights.
pub fn article(a: &Article, labels: &[ColorLabel]) {
    let m = &a.summary.meta;
    println!("{}  [article {}]", m.title, a.summary.id);
    for (k, v) in [
        ("author", &m.author),
        ("site", &m.site),
        ("published", &m.published),
        ("url", &m.url),
        ("source", &m.source),
    ] {
        if let Some(v) = v {
            println!("{k}: {v}");
        }
    }
    if !a.summary.tags.is_empty() {
        println!("tags: {}", escaped(&a.summary.tags.join(", ")));
    }
    let label = |c: Color| {
        labels.iter().find(|l| l.color == c).map(|l| l.label.clone()).unwrap_or_default()
    };
    for n in &a.notes {
        if n.target == NoteTarget::Article {
            println!("note {}: {}", n.id, n.body);
        }
    }
    println!();
    let image_line = |img: &zhaji::ArticleImage| {
        let what = match (&img.format, &img.error) {
            (Some(f), _) => format!("{f}, {}×{}, {} bytes", img.width, img.height, img.bytes),
            (None, Some(e)) => format!("not kept: {e}"),
            (None, None) => "not kept".to_owned(),
        };
        let text = [img.alt.as_str(), img.caption.as_str()]
            .iter()
            .filter(|t| !t.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" — ");
        println!("    ▣ image {} ({what}): {}", img.ordinal + 1, escaped(&text));
    };
    for p in &a.passages {
        a.images.iter().filter(|i| i.position == p.ordinal).for_each(image_line);
        println!("[{}] {}", p.ordinal + 1, p.text);
        for h in a.highlights.iter().filter(|h| {
            h.anchor.status == zhaji::AnchorStatus::Anchored
                && h.anchor.start >= p.start
                && h.anchor.start <= p.end
        }) {
            let tags = h.tags.iter().map(|t| format!(" #{}", escaped(t))).collect::<String>();
            println!(
                "    ▸ highlight {} ({}, {}–{}): {}{tags}",
                h.id,
                label(h.color),
                h.anchor.start,
                h.anchor.end,
                h.anchor.exact
            );
            if let Some(n) = &h.note {
                println!("      note {}: {}", n.id, n.body);
            }
        }
        for n in &a.notes {
            if let NoteTarget::Passage { anchor } = &n.target {
                if anchor.status == zhaji::AnchorStatus::Anchored
                    && anchor.start >= p.start
                    && anchor.start <= p.end
                {
                    println!("    ✎ note {}: {}", n.id, n.body);
                }
            }
        }
    }
    let last = a.passages.len() as u32;
    a.images.iter().filter(|i| i.position >= last).for_each(image_line);
    let orphans: Vec<_> =
        a.highlights.iter().filter(|h| h.anchor.status == zhaji::AnchorStatus::Orphaned).collect();
    if !orphans.is_empty() {
        println!("\norphaned highlights (their text is no longer in the article):");
        for h in orphans {
            println!("    highlight {}: {}", h.id, h.anchor.exact);
        }
    }
}

// ---- highlights and colours ----

/// A new highlight: its id, where it is, its text.
pub fn highlight(h: &Highlight) {
    println!("highlight {} at {}–{}: {}", h.id, h.anchor.start, h.anchor.end, h.anchor.exact);
}

/// A highlight of `highlights --json`: as `show --json` gives it, with its article's title (its
/// `article_id` is already there).
#[derive(Serialize)]
pub struct NotebookEntry<'a> {
    #[serde(flatten)]
    pub highlight: &'a Highlight,
    pub article_title: &'a str,
}

impl<'a> From<&'a NotebookItem> for NotebookEntry<'a> {
    fn from(i: &'a NotebookItem) -> Self {
        NotebookEntry { highlight: &i.highlight, article_title: &i.article_title }
    }
}

/// The notebook: each highlight with its colour, article and tags, its note indented below.
pub fn notebook(items: &[NotebookItem]) {
    if items.is_empty() {
        println!("no highlights");
    }
    for i in items {
        let h = &i.highlight;
        let tags = if h.tags.is_empty() {
            String::new()
        } else {
            format!(" #{}", escaped(&h.tags.join(" #")))
        };
        println!(
            "highlight {} [{}] article {} 《{}》{tags}",
            h.id,
            h.color.as_str(),
            h.article_id,
            escaped(&one_line(&i.article_title))
        );
        println!("  {}", escaped(&one_line(&h.anchor.exact)));
        if let Some(n) = &h.note {
            println!("  note: {}", escaped(&one_line(&n.body)));
        }
    }
}

/// The highlights that lost their text, with the article each belongs to.
pub fn orphans(list: &[Highlight]) {
    if list.is_empty() {
        println!("no orphaned highlights");
    }
    for h in list {
        println!("highlight {} (article {}): {}", h.id, h.article_id, h.anchor.exact);
    }
}

/// An annotation import's summary, then a line for each entry that matched no article.
fn annotation_report(path: &Path, r: &AnnotationReport) {
    println!(
        "{}: {} highlights ({}): {} matched, {} duplicates, {} unmatched",
        path.display(),
        r.items.len(),
        r.format.as_str(),
        r.matched,
        r.duplicates,
        r.orphans
    );
    for i in r.items.iter().filter(|i| i.outcome == Outcome::Orphan) {
        let id = i.unmatched_id.map(|id| format!(" {id}")).unwrap_or_default();
        let title = i.title.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
        println!("unmatched{id}{title}: {}", shorten(&i.quote));
    }
}

/// The first 60 characters of a quote on one line.
fn shorten(quote: &str) -> String {
    let one_line = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s: String = one_line.chars().take(60).collect();
    if one_line.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// The imported highlights that matched no article.
pub fn unmatched(list: &[UnmatchedImport]) {
    if list.is_empty() {
        println!("no unmatched imports");
    }
    for u in list {
        let title = u.title.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
        println!("unmatched {} [{}]{title}: {}", u.id, u.format, shorten(&u.quote));
    }
}

/// The files a Web Annotation export wrote.
pub fn web_annotations(r: &WebAnnotationExport) {
    for (path, n) in &r.files {
        println!("wrote {path} ({n} annotations)");
    }
    println!("{} annotations in {} files", r.annotations, r.files.len());
}

/// One colour's name (an empty line when it has none).
pub fn color_label(label: Option<&ColorLabel>) {
    println!("{}", label.map(|l| l.label.as_str()).unwrap_or_default());
}

/// Every colour: its number, its name in English, the user's name for it.
pub fn color_labels(labels: &[ColorLabel]) {
    for (i, l) in labels.iter().enumerate() {
        println!("{}  {:<7} {}", i + 1, l.color.as_str(), l.label);
    }
}

// ---- tags, notes and the trash ----

/// One line per tag with its counts.
pub fn tags(list: &[Tag]) {
    for t in list {
        let name = escaped(&t.name);
        println!("{name}  ({} highlights, {} articles)", t.highlight_count, t.article_count);
    }
}

/// The note written, or that an empty text moved it to the trash.
pub fn note_saved(n: Option<&Note>) {
    match n {
        Some(n) => println!("note {}", n.id),
        None => println!("note removed (it is in the trash)"),
    }
}

/// An item moved to the trash, and how to get it back.
pub fn deleted(kind: ItemKind, id: Id) {
    println!("moved {} {id} to the trash (restore it with `zhaji restore`)", kind.as_str());
}

pub fn restored(kind: ItemKind, id: Id) {
    println!("restored {} {id}", kind.as_str());
}

/// A backup just made.
pub fn backup_made(b: &zhaji::BackupInfo) {
    println!("backed up the library to {} ({})", b.path, size(b.bytes));
}

/// The backups in the library's backup folder, newest first.
pub fn backups(list: &[zhaji::BackupInfo]) {
    if list.is_empty() {
        println!("no backups yet (make one with `zhaji backup`)");
    }
    for b in list {
        println!("{}  {:>9}  {:<10}  {}", b.created, size(b.bytes), b.reason, b.path);
    }
}

/// A library replaced by a backup.
pub fn backup_restored(backup: &Path, aside: &Path) {
    println!(
        "restored the library from {}; the library it replaced is kept as {}",
        backup.display(),
        aside.display()
    );
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MB", b as f64 / f64::from(1u32 << 20)),
        b if b >= 1 << 10 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{b} B"),
    }
}

/// What is in the trash: kind, id, label, the article it was in, when it was deleted.
pub fn trash(items: &[TrashItem]) {
    if items.is_empty() {
        println!("the trash is empty");
    }
    for t in items {
        let of = t.article_title.as_ref().map(|a| format!("  (in {a})")).unwrap_or_default();
        println!(
            "{} {}  {}{}  deleted {}",
            t.item.kind.as_str(),
            t.item.id,
            t.label,
            of,
            t.deleted_at
        );
    }
}

pub fn emptied(removed: u32) {
    println!("removed {removed} items for good");
}

// ---- export and search ----

/// Each file of an export, written or left as it was.
pub fn export(report: &ExportReport) {
    for f in &report.files {
        let what = match f.status {
            ExportStatus::Created | ExportStatus::Updated => "wrote     ",
            ExportStatus::Unchanged => "unchanged ",
            ExportStatus::Merged => "merged    ",
            ExportStatus::Conflicted => "conflict  ",
            ExportStatus::Skipped => "skipped   ",
        };
        println!("{what}{}", f.path);
        if let Some(old) = &f.moved_from {
            println!("          moved from {old}");
        }
        if let Some(theirs) = &f.name_taken_by {
            println!("          {theirs} is not Zhaji's and was left alone: another name was used");
        }
        if f.status == ExportStatus::Skipped {
            println!("          the file changed while exporting: left alone, export again");
        }
    }
    if !report.conflicts.is_empty() {
        println!(
            "{} file(s) have lines both you and Zhaji changed, marked <<<<<<< … >>>>>>>:",
            report.conflicts.len()
        );
        for c in &report.conflicts {
            println!("  {c}");
        }
    }
    if report.removed_temp_files > 0 {
        println!(
            "removed {} temporary file(s) left by an interrupted export",
            report.removed_temp_files
        );
    }
}

/// What a link points to: the article, then the highlight's or note's text and its passage.
pub fn link_target(t: &LinkTarget) {
    println!("article {}  {}", t.article_id, one_line(&t.title));
    match (t.kind.as_str(), t.highlight_id, t.note_id) {
        ("highlight", Some(h), _) => println!("highlight {h}"),
        ("note", _, Some(n)) => println!("note {n}"),
        _ => {}
    }
    if let (Some(s), Some(e)) = (t.start, t.end) {
        println!("at {s}-{e}");
    } else if t.kind != "article" {
        println!("orphaned: its text is no longer in the article");
    }
    if let Some(text) = &t.text {
        println!("text: {}", one_line(text));
    }
    if let Some(p) = &t.passage {
        println!("passage: {}", one_line(p));
    }
    if let Some(n) = &t.note {
        println!("note: {}", one_line(n));
    }
}

/// Search results by kind of hit, the matches in each snippet between [[ and ]].
pub fn search(r: &SearchResults) {
    if r.groups.is_empty() {
        println!("nothing found");
        return;
    }
    for g in &r.groups {
        let name = match g.kind {
            HitKind::Title => "titles",
            HitKind::Passage => "passages",
            HitKind::Highlight => "highlights",
            HitKind::Note => "notes",
        };
        let order = if g.ranked { "by relevance" } else { "newest first" };
        let more = if g.total_exact { "" } else { "+" };
        println!("{name}: {}{more} ({order})", g.total);
        for h in &g.hits {
            let place = match (h.kind, h.passage_ordinal, h.highlight_id, h.note_id) {
                (HitKind::Passage, Some(p), _, _) => format!("article {} ¶{p}", h.article_id),
                (HitKind::Note, _, _, Some(n)) => format!("note {n}"),
                (HitKind::Highlight, _, Some(id), _) => format!("highlight {id}"),
                _ => format!("article {}", h.article_id),
            };
            let at = match h.article_matches.first() {
                Some(m) => format!(" @{}..{}", m.start, m.end),
                None => String::new(),
            };
            let mut shown = String::new();
            let chars: Vec<char> = h.snippet.chars().collect();
            let mut i = 0;
            for m in &h.snippet_marks {
                shown.extend(&chars[i..m.start as usize]);
                shown.push_str("[[");
                shown.extend(&chars[m.start as usize..m.end as usize]);
                shown.push_str("]]");
                i = m.end as usize;
            }
            shown.extend(&chars[i..]);
            println!("  {place}{at}  {shown}");
        }
    }
}

/// What rebuilding the search index took.
pub fn reindex(r: &ReindexReport) {
    println!(
        "indexed {} rows ({:.1} MB of text) in {} ms; the index takes {:.1} MB",
        r.rows,
        r.text_bytes as f64 / 1e6,
        r.millis,
        r.index_bytes as f64 / 1e6
    );
}

// ---- the debate ----

/// A claim's id and text.
pub fn claim_name(c: &Claim) {
    println!("claim {}: {}", c.id, c.text);
}

/// A claim with its evidence for, against and as context.
pub fn claim(v: &ClaimView) {
    claim_name(&v.claim);
    evidence("for", &v.supporting);
    evidence("against", &v.opposing);
    evidence("context", &v.context);
}

fn evidence(title: &str, list: &[Evidence]) {
    println!("{title} ({})", list.len());
    for e in list {
        let s = &e.source;
        let mut from = vec![s.title.clone()];
        from.extend([&s.site, &s.author, &s.published].into_iter().flatten().cloned());
        println!("  [{}] “{}”", e.highlight.id, one_line(&e.highlight.anchor.exact));
        println!("      — {} (article {})", from.join(" · "), s.article_id);
        if let Some(n) = &e.note {
            println!("      note: {}", one_line(n));
        }
    }
}

/// One line per claim: id, counts for (+), against (−) and context (·), text.
pub fn claims(list: &[Claim]) {
    for c in list {
        println!("{:>4}  +{} −{} ·{}  {}", c.id, c.supporting, c.opposing, c.context, c.text);
    }
}

/// A brief printed whole (it ends with its own newline).
pub fn brief(markdown: &str) {
    print!("{markdown}");
}

/// A brief written to a file, or found already the same there.
pub fn brief_written(path: &Path, written: bool) {
    let how = if written { "wrote" } else { "unchanged" };
    println!("{how} {}", path.display());
}

/// Suggested tags: each with its count and the names matched, or the tag that implies it.
pub fn suggestions(list: &[TagSuggestion]) {
    for s in list {
        match &s.implied_by {
            Some(by) => println!("{}  (implied by {by})", s.tag),
            None => println!("{}  ×{}  {}", s.tag, s.count, s.matched.join(", ")),
        }
    }
}

/// Who and what an article mentions, then the figures it cites in their sentences.
pub fn who(w: &WhoAndWhat) {
    for e in &w.entities {
        let name = if e.en.is_empty() || e.en == e.zh {
            e.zh.clone()
        } else {
            format!("{} / {}", e.zh, e.en)
        };
        println!("{:<28} ×{:<3} {name}", e.tag, e.count);
    }
    println!("\nfigures ({})", w.figures.len());
    for f in &w.figures {
        println!("  {:<20} {}", f.text, one_line(&f.sentence));
    }
}

/// One line per taxonomy entry: key, tag, English name, aliases.
pub fn taxonomy(list: &[TaxonomyEntry]) {
    for e in list {
        println!("{:<28} {:<24} {} [{}]", e.key, e.tag, e.en, e.aliases.join(", "));
    }
}

/// A taxonomy entry's key and the tag it gives.
pub fn entry(e: &TaxonomyEntry) {
    println!("{} → {}", e.key, e.tag);
}

/// `s` on one line (white space runs made one space), cut to 100 characters with an ellipsis.
fn one_line(s: &str) -> String {
    let line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = line.chars().take(100).collect();
    if line.chars().count() > 100 {
        format!("{short}…")
    } else {
        short
    }
}

/// `s` with its control characters escaped (`\n`, `\u{1b}`), so that a name stored before they
/// were refused cannot break a line or drive the terminal.
fn escaped(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(char::is_control) {
        s.chars()
            .map(|c| if c.is_control() { c.escape_default().to_string() } else { c.to_string() })
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}
