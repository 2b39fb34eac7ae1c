//! `zhaji`: the library from a terminal — import, list, show, highlight, tag, annotate, search
//! the trash and export, on the same library file as the desktop app.
//!
//! This file is the table of contents: [`Command`] lists every command with its help line, and
//! [`run`] hands each to its one function in the module of its area. The areas parse their own
//! flags (an `…Args` struct beside the function that uses them) and call the [`Library`] façade;
//! everything they show goes through [`print`], which holds the text and JSON output.

// Shipped code never unwraps: user data reaches only `Result`s (tests may).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

/// The command line allocates with mimalloc: its bulk imports ran 25% faster than with glibc's
/// malloc (see ARCHITECTURE.md; the desktop keeps glibc's, for its memory).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod articles;
mod backup;
mod check;
mod claims;
mod export;
mod failure;
mod highlights;
mod import;
mod notes;
mod print;
mod search;
mod sync;
mod tags;
mod taxonomy;
mod trash;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use zhaji::Library;

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
    /// Make a new library at --db (or $ZHAJI_DB) even where its folder does not exist yet or
    /// the file is empty; without it such a path is refused, so that a typo makes no library.
    #[arg(long, global = true)]
    create: bool,
    /// Print exactly one JSON document (what the command made, changed or found) instead of
    /// text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

// Each variant's doc comment is the command's line in `zhaji --help`.
#[derive(Subcommand)]
enum Command {
    /// Import files, folders or links: text, Markdown, web pages, EPUB (a changed version of a
    /// file imported or a link captured before updates it); and highlights from Kindle's My
    /// Clippings.txt, Readwise CSV, 微信读书 notes, Hypothesis JSON or Web Annotation JSON-LD
    /// (recognised by content).
    Import(import::ImportArgs),
    /// Replace an article's text with a new version of it, keeping its highlights.
    Update(import::UpdateArgs),
    /// List the articles.
    Articles(articles::ArticlesArgs),
    /// Show an article: its text with passage numbers, highlights and notes.
    Show(articles::ShowArgs),
    /// Change an article's title, author, site, url or date.
    Edit(articles::EditArgs),
    /// Highlight a quote (or offsets) in an article.
    Highlight(highlights::HighlightArgs),
    /// List the highlights of the whole library (the notebook), newest first or by article,
    /// filtered by tag, colour (or its name), claim, article, note and date.
    Highlights(highlights::HighlightsArgs),
    /// Change a highlight's colour.
    Recolor(highlights::RecolorArgs),
    /// Put tags on an article or a highlight.
    Tag(tags::TagArgs),
    /// Take tags off an article or a highlight.
    Untag(tags::TagArgs),
    /// List the tags with their counts.
    Tags,
    /// Rename a tag and its children everywhere (merging into an existing tag).
    RenameTag(tags::RenameTagArgs),
    /// Write a note on an article, a highlight, or a passage (by its number in `show`).
    /// An empty text removes an article's or highlight's note (to the trash).
    Note {
        #[command(subcommand)]
        on: notes::NoteOn,
    },
    /// Move an article, highlight, note or tag to the trash.
    Delete(trash::ItemArgs),
    /// Take an item out of the trash (`restore article 3`), or replace the library with a
    /// backup (`restore FILE`; the current library is moved aside, never deleted).
    Restore(trash::RestoreArgs),
    /// List what is in the trash.
    Trash,
    /// Remove everything in the trash for good.
    EmptyTrash(trash::EmptyTrashArgs),
    /// List highlights whose text could not be found after an update; `orphans imported`
    /// lists the imported highlights that matched no article, `orphans attach ID ARTICLE`
    /// attaches one.
    Orphans(highlights::OrphansArgs),
    /// Name a highlight colour (e.g. `zhaji color-label blue 论点`), or list the names.
    ColorLabel(highlights::ColorLabelArgs),
    /// Export articles as Markdown files (or highlights as W3C Web Annotations) into a folder.
    Export(export::ExportArgs),
    /// Print what a zhaji:// link (from an exported file) points to.
    Open(export::OpenArgs),
    /// Search titles, passages, highlights and notes (Chinese and English). Words, "phrases",
    /// -exclude, OR, prefix*, and filters tag:, color:, article:, has:note,
    /// in:highlights|notes|articles, before:/after:YYYY-MM-DD.
    Search(search::SearchArgs),
    /// Rebuild the search index from scratch.
    Reindex,
    /// Claims of the debate and the evidence for and against them.
    Claim {
        #[command(subcommand)]
        cmd: claims::ClaimCmd,
    },
    /// Export a claim or a tag as a Markdown debate brief.
    Brief(claims::BriefArgs),
    /// The tags suggested for a stretch of an article (by offsets or by quote) or for a text.
    Suggest(taxonomy::SuggestArgs),
    /// Who and what an article mentions, and the figures it cites.
    Who(taxonomy::WhoArgs),
    /// Back the library up (a consistent copy) into its backup folder, or to --out FILE.
    Backup(backup::BackupArgs),
    /// List the backups in the library's backup folder, newest first.
    Backups,
    /// Sync with other devices through a folder they share: `sync init FOLDER`, `sync` (one
    /// round), `sync status`, `sync leave`, `sync texts ARTICLE`, `sync history UUID`.
    Sync {
        #[command(subcommand)]
        cmd: Option<sync::SyncCmd>,
    },
    /// The taxonomy of companies, models, people, topics and stances.
    Taxonomy {
        #[command(subcommand)]
        cmd: taxonomy::TaxonomyCmd,
    },
}

fn main() -> ExitCode {
    // Like other Unix tools, end quietly when the reader of our output goes away
    // (`zhaji articles | head`) instead of failing on the broken pipe.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to the default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args: Vec<String> = std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            // --help and --version: printed as clap writes them, a success.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            failure::print(&failure::usage_line(&e, &args));
            return ExitCode::from(failure::USAGE_EXIT);
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.is::<failure::AlreadyReported>() {
                failure::print(&format!("{e:#}"));
            }
            ExitCode::FAILURE
        }
    }
}

/// Opens the library and runs one command on it; after a command that wrote, makes the day's
/// backup if none was made today (after the user's write has committed, never inside it).
fn run(cli: Cli) -> anyhow::Result<()> {
    let mut lib = open(cli.db, cli.create)?;
    let done = command(&mut lib, cli.command, cli.json);
    if done.is_ok() && lib.has_written() {
        if let Some(job) = lib.daily_backup_job() {
            // Best effort: a backup that cannot be made (a full disk) must not fail the command
            // that succeeded; the next writing command tries again.
            let _ = job.run();
        }
    }
    done
}

/// Runs one command on the library.
fn command(lib: &mut Library, command: Command, json: bool) -> anyhow::Result<()> {
    match command {
        Command::Import(args) => import::import(lib, args, json),
        Command::Update(args) => import::update(lib, args, json),
        Command::Articles(args) => articles::articles(lib, args, json),
        Command::Show(args) => articles::show(lib, args, json),
        Command::Edit(args) => articles::edit(lib, args, json),
        Command::Highlight(args) => highlights::highlight(lib, args, json),
        Command::Highlights(args) => highlights::highlights(lib, args, json),
        Command::Recolor(args) => highlights::recolor(lib, args, json),
        Command::Tag(args) => tags::tag(lib, args, json),
        Command::Untag(args) => tags::untag(lib, args, json),
        Command::Tags => tags::tags(lib, json),
        Command::RenameTag(args) => tags::rename_tag(lib, args, json),
        Command::Note { on } => notes::note(lib, on, json),
        Command::Delete(args) => trash::delete(lib, args, json),
        Command::Restore(args) => match args.target()? {
            Ok(item) => trash::restore(lib, item, json),
            Err(file) => backup::restore(lib, &file, json),
        },
        Command::Backup(args) => backup::backup(lib, args, json),
        Command::Backups => backup::backups(lib, json),
        Command::Trash => trash::trash(lib, json),
        Command::EmptyTrash(args) => trash::empty_trash(lib, args, json),
        Command::Orphans(args) => highlights::orphans(lib, args, json),
        Command::ColorLabel(args) => highlights::color_label(lib, args, json),
        Command::Export(args) => export::export(lib, args, json),
        Command::Open(args) => export::open(lib, args, json),
        Command::Search(args) => search::search(lib, args, json),
        Command::Reindex => search::reindex(lib, json),
        Command::Claim { cmd } => claims::claim(lib, cmd, json),
        Command::Brief(args) => claims::brief(lib, args, json),
        Command::Suggest(args) => taxonomy::suggest(lib, args, json),
        Command::Who(args) => taxonomy::who(lib, args, json),
        Command::Taxonomy { cmd } => taxonomy::taxonomy(lib, cmd, json),
        Command::Sync { cmd } => sync::sync(lib, cmd, json),
    }
}

/// Opens the library named by `--db`, else by `$ZHAJI_DB`, else the app's own (made on first
/// use). A named library that does not exist yet is made only in an existing folder, and an
/// empty file is not taken for one, unless `create` is set: a mistyped path is an error, not a
/// new empty library.
fn open(db: Option<PathBuf>, create: bool) -> anyhow::Result<Library> {
    let mut lib = open_named(db, create)?;
    // The check before the first write reads the whole file when it changed elsewhere.
    lib.on_slow_check(|mb| eprintln!("checking the library ({mb} MB)…"));
    Ok(lib)
}

fn open_named(db: Option<PathBuf>, create: bool) -> anyhow::Result<Library> {
    let named =
        db.or_else(|| std::env::var_os("ZHAJI_DB").filter(|v| !v.is_empty()).map(PathBuf::from));
    let Some(path) = named else {
        return Ok(Library::open(&Library::default_path()?)?);
    };
    if !create {
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() && m.len() == 0 => anyhow::bail!(
                "{}: is an empty file, not a library (add --create to make it one)",
                path.display()
            ),
            Ok(_) => {}
            Err(_) => {
                let folder = match path.parent() {
                    Some(p) if !p.as_os_str().is_empty() => p,
                    _ => std::path::Path::new("."),
                };
                if !folder.is_dir() {
                    anyhow::bail!(
                        "{}: no such folder (add --create to make a new library there)",
                        folder.display()
                    );
                }
            }
        }
    }
    Ok(Library::open(&path)?)
}
