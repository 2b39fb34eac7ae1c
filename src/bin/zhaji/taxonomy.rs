//! Who and what the articles are about: `suggest` (tags for a stretch of text), `who`, and
//! `taxonomy list|add|edit|remove|reset` (the names behind both).

use crate::print;
use anyhow::Context;
use clap::{Args, Subcommand};
use zhaji::{EntryKind, EntryPatch, Id, Library};

#[derive(Args)]
pub struct SuggestArgs {
    article: Option<Id>,
    #[arg(long, requires = "article")]
    start: Option<u32>,
    #[arg(long, requires = "article")]
    end: Option<u32>,
    /// A text to suggest tags for, instead of an article's range.
    #[arg(long, allow_hyphen_values = true, conflicts_with_all = ["article", "start", "end"])]
    text: Option<String>,
}

/// The tags suggested for a text, for a stretch of an article, or for the whole article.
pub fn suggest(lib: &Library, args: SuggestArgs, json: bool) -> anyhow::Result<()> {
    let list = match (args.article, args.start, args.end, args.text) {
        (_, _, _, Some(t)) => lib.suggest_tags_for_text(&t)?,
        (Some(a), Some(s), Some(e), None) => lib.suggest_tags(a, s, e)?,
        (Some(a), None, None, None) => {
            let len = lib.article(a)?.summary.chars;
            lib.suggest_tags(a, 0, len)?
        }
        _ => anyhow::bail!("give an article with --start and --end, or --text"),
    };
    print::either(json, list.as_slice(), print::suggestions)
}

#[derive(Args)]
pub struct WhoArgs {
    article: Id,
}

pub fn who(lib: &Library, args: WhoArgs, json: bool) -> anyhow::Result<()> {
    print::either(json, &lib.who_and_what(args.article)?, print::who)
}

#[derive(Subcommand)]
pub enum TaxonomyCmd {
    /// List the entries (optionally of one kind).
    List {
        #[arg(long)]
        kind: Option<String>,
    },
    /// Add an entry of your own.
    Add(AddArgs),
    /// Rename an entry or replace its aliases (its tag is renamed everywhere).
    Edit(EditArgs),
    /// Remove an entry (a bundled one stays removed through updates).
    Remove { key: String },
    /// Undo your changes to a bundled entry.
    Reset { key: String },
}

/// Runs one `taxonomy …` subcommand.
pub fn taxonomy(lib: &mut Library, cmd: TaxonomyCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        TaxonomyCmd::List { kind } => list(lib, kind.as_deref(), json),
        TaxonomyCmd::Add(args) => add(lib, args, json),
        TaxonomyCmd::Edit(args) => edit(lib, args, json),
        TaxonomyCmd::Remove { key } => remove(lib, &key, json),
        TaxonomyCmd::Reset { key } => reset(lib, &key, json),
    }
}

#[derive(Args)]
pub struct AddArgs {
    /// actor, model, person, topic or stance.
    kind: String,
    #[arg(long)]
    zh: Option<String>,
    #[arg(long)]
    en: Option<String>,
    #[arg(long = "alias")]
    aliases: Vec<String>,
}

fn add(lib: &mut Library, args: AddArgs, json: bool) -> anyhow::Result<()> {
    let AddArgs { kind, zh, en, aliases } = args;
    let patch = EntryPatch { zh, en, aliases: Some(aliases), related: None };
    print::either(json, &lib.add_taxonomy_entry(entry_kind(&kind)?, &patch)?, print::entry)
}

#[derive(Args)]
pub struct EditArgs {
    key: String,
    #[arg(long)]
    zh: Option<String>,
    #[arg(long)]
    en: Option<String>,
    /// Replaces all aliases when given.
    #[arg(long = "alias")]
    aliases: Vec<String>,
}

/// Renames an entry; no `--alias` keeps its aliases, any replaces them all.
fn edit(lib: &mut Library, args: EditArgs, json: bool) -> anyhow::Result<()> {
    let EditArgs { key, zh, en, aliases } = args;
    let aliases = (!aliases.is_empty()).then_some(aliases);
    let patch = EntryPatch { zh, en, aliases, related: None };
    print::either(json, &lib.edit_taxonomy_entry(&key, &patch)?, print::entry)
}

fn remove(lib: &mut Library, key: &str, json: bool) -> anyhow::Result<()> {
    lib.remove_taxonomy_entry(key)?;
    print::only_json(json, &serde_json::json!({ "removed": key }))
}

fn reset(lib: &mut Library, key: &str, json: bool) -> anyhow::Result<()> {
    print::either(json, &lib.reset_taxonomy_entry(key)?, print::entry)
}

/// The entries, all or of one kind.
fn list(lib: &Library, kind: Option<&str>, json: bool) -> anyhow::Result<()> {
    let kind = kind.map(entry_kind).transpose()?;
    let list: Vec<_> =
        lib.taxonomy()?.into_iter().filter(|e| kind.is_none_or(|k| e.kind == k)).collect();
    print::either(json, list.as_slice(), print::taxonomy)
}

fn entry_kind(kind: &str) -> anyhow::Result<EntryKind> {
    EntryKind::parse(kind)
        .with_context(|| format!("unknown kind {kind:?}: actor, model, person, topic or stance"))
}
