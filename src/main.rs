//! `zhaji`: the library from a terminal — import, list, show, highlight, tag, annotate, search
//! the trash and export, on the same library file as the desktop app.

// Shipped code never unwraps: user data reaches only `Result`s (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// The debate subcommands (claim, brief, suggest, who, taxonomy) live beside their core code.
#[path = "debate/cli.rs"]
mod debate_cli;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use zhaji::{
    Article, Color, ExportOptions, HighlightSpec, Id, ImportOutcome, ImportStatus, ItemKind,
    ItemRef, Library, ListOptions, NoteTarget, SortBy,
};

#[derive(Parser)]
#[command(
    name = "zhaji",
    version,
    about = "札记 Zhaji: your articles, highlights, tags and notes, from a terminal"
)]
struct Cli {
    /// The library file (default: $ZHAJI_DB, else the user's data folder, shared with the app).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct Json {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Article,
    Highlight,
    Note,
    Tag,
}

#[derive(Clone, Copy, ValueEnum)]
enum Taggable {
    Article,
    Highlight,
}

#[derive(Clone, Copy, ValueEnum)]
enum Sort {
    Imported,
    Updated,
    Title,
    Published,
}

#[derive(Subcommand)]
enum Command {
    /// Import files or folders: text, Markdown, web pages, EPUB (a changed version of a file
    /// imported before updates it).
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        json: Json,
    },
    /// Replace an article's text with a new version of it, keeping its highlights.
    Update {
        article: Id,
        file: PathBuf,
        #[command(flatten)]
        json: Json,
    },
    /// List the articles.
    Articles {
        #[arg(long, value_enum, default_value = "imported")]
        sort: Sort,
        /// Oldest (or A–Z) first.
        #[arg(long)]
        asc: bool,
        /// Only articles with this tag (or a child of it) on them or their highlights.
        #[arg(long)]
        tag: Option<String>,
        #[command(flatten)]
        json: Json,
    },
    /// Show an article: its text with passage numbers, highlights and notes.
    Show {
        article: Id,
        #[command(flatten)]
        json: Json,
    },
    /// Change an article's title, author, site, url or date.
    Edit {
        article: Id,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        author: Option<String>,
        #[arg(long)]
        site: Option<String>,
        #[arg(long)]
        url: Option<String>,
        #[arg(long)]
        published: Option<String>,
    },
    /// Highlight a quote (or offsets) in an article.
    Highlight {
        article: Id,
        /// The text to highlight, as it appears in the article.
        #[arg(long, conflicts_with_all = ["start", "end"])]
        quote: Option<String>,
        /// Which occurrence of the quote, from 1, when it appears more than once.
        #[arg(long, requires = "quote")]
        occurrence: Option<u32>,
        /// Start offset in characters (code points) of the article's text.
        #[arg(long, requires = "end")]
        start: Option<u32>,
        #[arg(long, requires = "start")]
        end: Option<u32>,
        /// yellow, green, blue, pink, purple, or 1–5.
        #[arg(long, default_value = "yellow")]
        color: String,
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long)]
        note: Option<String>,
        #[command(flatten)]
        json: Json,
    },
    /// Change a highlight's colour.
    Recolor { highlight: Id, color: String },
    /// Put tags on an article or a highlight.
    Tag {
        #[arg(value_enum)]
        kind: Taggable,
        id: Id,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// Take tags off an article or a highlight.
    Untag {
        #[arg(value_enum)]
        kind: Taggable,
        id: Id,
        #[arg(required = true)]
        tags: Vec<String>,
    },
    /// List the tags with their counts.
    Tags {
        #[command(flatten)]
        json: Json,
    },
    /// Rename a tag and its children everywhere (merging into an existing tag).
    RenameTag { from: String, to: String },
    /// Write a note on an article, a highlight, or a passage (by its number in `show`).
    /// An empty text removes an article's or highlight's note (to the trash).
    Note {
        #[command(subcommand)]
        on: NoteOn,
    },
    /// Move an article, highlight, note or tag to the trash.
    Delete {
        #[arg(value_enum)]
        kind: Kind,
        id: Id,
    },
    /// Take an item out of the trash.
    Restore {
        #[arg(value_enum)]
        kind: Kind,
        id: Id,
    },
    /// List what is in the trash.
    Trash {
        #[command(flatten)]
        json: Json,
    },
    /// Remove everything in the trash for good.
    EmptyTrash {
        /// Required: emptying the trash cannot be undone.
        #[arg(long)]
        yes: bool,
    },
    /// List highlights whose text could not be found after an update.
    Orphans {
        #[command(flatten)]
        json: Json,
    },
    /// Name a highlight colour (e.g. `zhaji color-label blue 论点`), or list the names.
    ColorLabel { color: Option<String>, label: Option<String> },
    /// Export articles as Markdown files into a folder.
    Export {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Only these articles (all when absent).
        #[arg(long = "article")]
        articles: Vec<Id>,
        #[command(flatten)]
        json: Json,
    },
    /// Search titles, passages, highlights and notes (Chinese and English). Words, "phrases",
    /// -exclude, OR, prefix*, and filters tag:, color:, article:, has:note,
    /// in:highlights|notes|articles, before:/after:YYYY-MM-DD.
    Search {
        query: String,
        /// At most this many hits of each kind.
        #[arg(long, default_value_t = 20)]
        limit: u32,
        /// Skip this many hits of each kind (the next page).
        #[arg(long, default_value_t = 0)]
        offset: u32,
        #[command(flatten)]
        json: Json,
    },
    /// Rebuild the search index from scratch.
    Reindex {
        #[command(flatten)]
        json: Json,
    },
    #[command(flatten)]
    Debate(debate_cli::DebateCommand),
}

#[derive(Subcommand)]
enum NoteOn {
    /// The note on an article as a whole.
    Article { id: Id, text: String },
    /// The note on a highlight.
    Highlight { id: Id, text: String },
    /// A margin note on passage number N of an article.
    Passage { article: Id, passage: u32, text: String },
    /// Change an existing note by its id.
    Edit { id: Id, text: String },
}

fn main() -> ExitCode {
    // Like other Unix tools, end quietly when the reader of our output goes away
    // (`zhaji articles | head`) instead of failing on the broken pipe.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zhaji: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open(db: Option<PathBuf>) -> anyhow::Result<Library> {
    let path = match db
        .or_else(|| std::env::var_os("ZHAJI_DB").filter(|v| !v.is_empty()).map(PathBuf::from))
    {
        Some(p) => p,
        None => Library::default_path()?,
    };
    Ok(Library::open(&path)?)
}

fn color(s: &str) -> anyhow::Result<Color> {
    Color::parse(s).with_context(|| {
        format!("unknown colour {s:?}: use yellow, green, blue, pink, purple or 1–5")
    })
}

fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let mut lib = open(cli.db)?;
    match cli.command {
        Command::Import { files, json } => {
            let mut outcomes = Vec::new();
            let mut failed = 0;
            // Folders one by one, with a summary each; the files between them all at once
            // (read on another thread while the ones before are written).
            let mut rest = files.as_slice();
            while let Some(f) = rest.first() {
                if f.is_dir() {
                    // Folders (issue 5): every supported file under it, with a summary.
                    let r = lib.import_folder(f, &mut |p| {
                        if !json.json {
                            eprint!("\r[{}/{}] importing…", p.done + 1, p.total);
                        }
                        true
                    })?;
                    if json.json {
                        print_json(&r)?;
                    } else {
                        eprintln!();
                        print_folder_report(f, &r);
                    }
                    failed += r.failed.len();
                    rest = &rest[1..];
                    continue;
                }
                let n = rest.iter().take_while(|f| !f.is_dir()).count();
                for r in lib.import_files(&rest[..n], &mut |_| true) {
                    match r {
                        Ok(o) => {
                            if !json.json {
                                print_outcome(&o);
                            }
                            outcomes.push(o);
                        }
                        Err(e) => {
                            failed += 1;
                            eprintln!("zhaji: {e}");
                        }
                    }
                }
                rest = &rest[n..];
            }
            if json.json {
                print_json(&outcomes)?;
            }
            if failed > 0 {
                bail!("{failed} file(s) could not be imported");
            }
        }
        Command::Update { article, file, json } => {
            let o = lib.update_article_from_file(article, &file)?;
            if json.json {
                print_json(&o)?;
            } else {
                print_outcome(&o);
            }
        }
        Command::Articles { sort, asc, tag, json } => {
            let sort = match sort {
                Sort::Imported => SortBy::Imported,
                Sort::Updated => SortBy::Updated,
                Sort::Title => SortBy::Title,
                Sort::Published => SortBy::Published,
            };
            let list = lib.articles(&ListOptions { sort, ascending: asc, tag })?;
            if json.json {
                print_json(&list)?;
            } else {
                for a in list {
                    let by = [a.meta.author.as_deref(), a.meta.site.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ");
                    let date =
                        a.meta.published.as_deref().or(a.imported_at.get(..10)).unwrap_or("");
                    println!(
                        "{:>5}  {}  {}{}  ({} highlights)",
                        a.id,
                        date,
                        a.meta.title,
                        if by.is_empty() { String::new() } else { format!(" — {by}") },
                        a.highlight_count
                    );
                }
            }
        }
        Command::Show { article, json } => {
            let a = lib.article(article)?;
            if json.json {
                print_json(&a)?;
            } else {
                print_article(&a, &lib.color_labels()?);
            }
        }
        Command::Edit { article, title, author, site, url, published } => {
            let s = lib.set_article_meta(
                article,
                &zhaji::ArticleMetaPatch {
                    title,
                    author,
                    site,
                    url,
                    published,
                    ..Default::default()
                },
            )?;
            println!("{}  {}", s.id, s.meta.title);
        }
        Command::Highlight {
            article,
            quote,
            occurrence,
            start,
            end,
            color: c,
            tags,
            note,
            json,
        } => {
            let range = match (start, end) {
                (Some(s), Some(e)) => Some((s, e)),
                _ => None,
            };
            if range.is_none() && quote.is_none() {
                bail!("say what to highlight: --quote TEXT, or --start N --end N");
            }
            let h = lib.create_highlight(&HighlightSpec {
                article_id: article,
                range,
                quote,
                occurrence,
                color: color(&c)?,
                tags,
                note,
            })?;
            if json.json {
                print_json(&h)?;
            } else {
                println!(
                    "highlight {} at {}–{}: {}",
                    h.id, h.anchor.start, h.anchor.end, h.anchor.exact
                );
            }
        }
        Command::Recolor { highlight, color: c } => {
            lib.set_highlight_color(highlight, color(&c)?)?;
        }
        Command::Tag { kind, id, tags } => {
            for t in tags {
                lib.add_tag(taggable(kind, id), &t)?;
            }
        }
        Command::Untag { kind, id, tags } => {
            for t in tags {
                lib.remove_tag(taggable(kind, id), &t)?;
            }
        }
        Command::Tags { json } => {
            let tags = lib.tags()?;
            if json.json {
                print_json(&tags)?;
            } else {
                for t in tags {
                    println!(
                        "{}  ({} highlights, {} articles)",
                        t.name, t.highlight_count, t.article_count
                    );
                }
            }
        }
        Command::RenameTag { from, to } => lib.rename_tag(&from, &to)?,
        Command::Note { on } => match on {
            NoteOn::Article { id, text } => report_note(lib.set_article_note(id, &text)?),
            NoteOn::Highlight { id, text } => report_note(lib.set_highlight_note(id, &text)?),
            NoteOn::Passage { article, passage, text } => {
                let a = lib.article(article)?;
                let p =
                    a.passages.iter().find(|p| p.ordinal + 1 == passage).with_context(|| {
                        format!(
                            "article {article} has passages 1 to {}, not {passage}",
                            a.passages.len()
                        )
                    })?;
                let n = lib.add_passage_note(article, p.start, p.end, &text)?;
                println!("note {}", n.id);
            }
            NoteOn::Edit { id, text } => {
                let n = lib.edit_note(id, &text)?;
                println!("note {}", n.id);
            }
        },
        Command::Delete { kind, id } => {
            lib.delete(item(kind, id))?;
            println!(
                "moved {} {id} to the trash (restore it with `zhaji restore`)",
                kind_name(kind)
            );
        }
        Command::Restore { kind, id } => {
            lib.restore(item(kind, id))?;
            println!("restored {} {id}", kind_name(kind));
        }
        Command::Trash { json } => {
            let items = lib.trash()?;
            if json.json {
                print_json(&items)?;
            } else if items.is_empty() {
                println!("the trash is empty");
            } else {
                for t in items {
                    let of = t.article_title.map(|a| format!("  (in {a})")).unwrap_or_default();
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
        }
        Command::EmptyTrash { yes } => {
            if !yes {
                bail!("emptying the trash cannot be undone: run `zhaji empty-trash --yes`");
            }
            println!("removed {} items for good", lib.empty_trash()?);
        }
        Command::Orphans { json } => {
            let list = lib.orphans()?;
            if json.json {
                print_json(&list)?;
            } else if list.is_empty() {
                println!("no orphaned highlights");
            } else {
                for h in list {
                    println!("highlight {} (article {}): {}", h.id, h.article_id, h.anchor.exact);
                }
            }
        }
        Command::ColorLabel { color: c, label } => match (c, label) {
            (Some(c), Some(l)) => lib.set_color_label(color(&c)?, &l)?,
            (Some(c), None) => {
                let c = color(&c)?;
                let l = lib.color_labels()?.into_iter().find(|l| l.color == c).map(|l| l.label);
                println!("{}", l.unwrap_or_default());
            }
            _ => {
                for (i, l) in lib.color_labels()?.into_iter().enumerate() {
                    println!("{}  {:<7} {}", i + 1, l.color.as_str(), l.label);
                }
            }
        },
        Command::Debate(cmd) => debate_cli::run(&mut lib, cmd)?,
        Command::Export { out, articles, json } => {
            let report = lib.export_markdown(&out, &ExportOptions { articles })?;
            if json.json {
                print_json(&report)?;
            } else {
                for f in &report.files {
                    println!("{} {}", if f.written { "wrote    " } else { "unchanged" }, f.path);
                }
            }
        }
        Command::Search { query, limit, offset, json } => {
            let results = lib.search(&query, &zhaji::SearchOptions { limit, offset })?;
            if json.json {
                print_json(&results)?;
            } else {
                print_search(&results);
            }
        }
        Command::Reindex { json } => {
            let r = lib.reindex()?;
            if json.json {
                print_json(&r)?;
            } else {
                println!(
                    "indexed {} rows ({:.1} MB of text) in {} ms; the index takes {:.1} MB",
                    r.rows,
                    r.text_bytes as f64 / 1e6,
                    r.millis,
                    r.index_bytes as f64 / 1e6
                );
            }
        }
    }
    Ok(())
}

/// Prints search results as text, the matches in the snippet between [[ and ]].
fn print_search(r: &zhaji::SearchResults) {
    if r.groups.is_empty() {
        println!("nothing found");
        return;
    }
    for g in &r.groups {
        let name = match g.kind {
            zhaji::HitKind::Title => "titles",
            zhaji::HitKind::Passage => "passages",
            zhaji::HitKind::Highlight => "highlights",
            zhaji::HitKind::Note => "notes",
        };
        let order = if g.ranked { "by relevance" } else { "newest first" };
        let more = if g.total_exact { "" } else { "+" };
        println!("{name}: {}{more} ({order})", g.total);
        for h in &g.hits {
            let place = match (h.kind, h.passage_ordinal, h.highlight_id, h.note_id) {
                (zhaji::HitKind::Passage, Some(p), _, _) => {
                    format!("article {} ¶{p}", h.article_id)
                }
                (zhaji::HitKind::Note, _, _, Some(n)) => format!("note {n}"),
                (zhaji::HitKind::Highlight, _, Some(id), _) => format!("highlight {id}"),
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

fn taggable(kind: Taggable, id: Id) -> ItemRef {
    let kind = match kind {
        Taggable::Article => ItemKind::Article,
        Taggable::Highlight => ItemKind::Highlight,
    };
    ItemRef { kind, id }
}

fn item(kind: Kind, id: Id) -> ItemRef {
    let kind = match kind {
        Kind::Article => ItemKind::Article,
        Kind::Highlight => ItemKind::Highlight,
        Kind::Note => ItemKind::Note,
        Kind::Tag => ItemKind::Tag,
    };
    ItemRef { kind, id }
}

fn kind_name(kind: Kind) -> &'static str {
    item(kind, 0).kind.as_str()
}

fn report_note(n: Option<zhaji::Note>) {
    match n {
        Some(n) => println!("note {}", n.id),
        None => println!("note removed (it is in the trash)"),
    }
}

/// The summary of a folder import: counts, then each failure with its reason.
fn print_folder_report(dir: &std::path::Path, r: &zhaji::FolderReport) {
    println!(
        "{}: {} found, {} imported, {} already present, {} updated, {} failed{}",
        dir.display(),
        r.found,
        r.imported,
        r.already_present,
        r.updated,
        r.failed.len(),
        if r.cancelled { " (cancelled)" } else { "" }
    );
    for f in &r.failed {
        println!("  failed: {}", f.reason);
    }
}

fn print_outcome(o: &ImportOutcome) {
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
        println!("  warning: {w}");
    }
}

fn print_article(a: &Article, labels: &[zhaji::ColorLabel]) {
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
        println!("tags: {}", a.summary.tags.join(", "));
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
    for p in &a.passages {
        println!("[{}] {}", p.ordinal + 1, p.text);
        for h in a.highlights.iter().filter(|h| {
            h.anchor.status == zhaji::AnchorStatus::Anchored
                && h.anchor.start >= p.start
                && h.anchor.start <= p.end
        }) {
            let tags = h.tags.iter().map(|t| format!(" #{t}")).collect::<String>();
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
    let orphans: Vec<_> =
        a.highlights.iter().filter(|h| h.anchor.status == zhaji::AnchorStatus::Orphaned).collect();
    if !orphans.is_empty() {
        println!("\norphaned highlights (their text is no longer in the article):");
        for h in orphans {
            println!("    highlight {}: {}", h.id, h.anchor.exact);
        }
    }
}
