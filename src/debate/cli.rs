//! The command line of the debate features: `zhaji claim …`, `zhaji brief …`,
//! `zhaji suggest …`, `zhaji who …` and `zhaji taxonomy …`.
//!
//! Compiled into the `zhaji` binary only (`main.rs` includes this file by path), so that the
//! library does not carry clap types; it calls nothing but the public façade.

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use std::path::PathBuf;
use zhaji::{
    ClaimView, EntryKind, EntryPatch, Evidence, EvidenceRole, Id, ItemKind, ItemRef, Library,
};

/// The debate subcommands, flattened into the top-level command list.
#[derive(Subcommand)]
pub enum DebateCommand {
    /// Claims of the debate and the evidence for and against them.
    Claim {
        #[command(subcommand)]
        cmd: ClaimCmd,
    },
    /// Export a claim or a tag as a Markdown debate brief.
    Brief(BriefArgs),
    /// The tags suggested for a stretch of an article (by offsets or by quote) or for a text.
    Suggest {
        article: Option<Id>,
        #[arg(long, requires = "article")]
        start: Option<u32>,
        #[arg(long, requires = "article")]
        end: Option<u32>,
        /// A text to suggest tags for, instead of an article's range.
        #[arg(long, conflicts_with_all = ["article", "start", "end"])]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Who and what an article mentions, and the figures it cites.
    Who {
        article: Id,
        #[arg(long)]
        json: bool,
    },
    /// The taxonomy of companies, models, people, topics and stances.
    Taxonomy {
        #[command(subcommand)]
        cmd: TaxonomyCmd,
    },
}

#[derive(Subcommand)]
pub enum ClaimCmd {
    /// Name a new claim.
    Create { text: String },
    /// Link a highlight to a claim as evidence (again to change its role or note).
    Link {
        claim: Id,
        highlight: Id,
        /// for, against or context.
        #[arg(long, default_value = "for")]
        role: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Take a highlight off a claim.
    Unlink { claim: Id, highlight: Id },
    /// The evidence for and against a claim, side by side.
    Show {
        claim: Id,
        #[arg(long)]
        json: bool,
    },
    /// The claims with their counts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Reword a claim.
    Rename { claim: Id, text: String },
    /// Move a claim to the trash (`zhaji claim restore` brings it back).
    Delete { claim: Id },
    /// Take a claim out of the trash.
    Restore { claim: Id },
}

#[derive(Args)]
pub struct BriefArgs {
    /// The claim to brief.
    #[arg(long, conflicts_with = "tag", required_unless_present = "tag")]
    claim: Option<Id>,
    /// The tag to brief (its children included).
    #[arg(long)]
    tag: Option<String>,
    /// The Markdown file to write; printed when absent.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum TaxonomyCmd {
    /// List the entries (optionally of one kind).
    List {
        #[arg(long)]
        kind: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add an entry of your own.
    Add {
        /// actor, model, person, topic or stance.
        kind: String,
        #[arg(long)]
        zh: Option<String>,
        #[arg(long)]
        en: Option<String>,
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// Rename an entry or replace its aliases (its tag is renamed everywhere).
    Edit {
        key: String,
        #[arg(long)]
        zh: Option<String>,
        #[arg(long)]
        en: Option<String>,
        /// Replaces all aliases when given.
        #[arg(long = "alias")]
        aliases: Vec<String>,
    },
    /// Remove an entry (a bundled one stays removed through updates).
    Remove { key: String },
    /// Undo your changes to a bundled entry.
    Reset { key: String },
}

fn print_json<T: serde::Serialize>(v: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(v)?);
    Ok(())
}

fn one_line(s: &str) -> String {
    let line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = line.chars().take(100).collect();
    if line.chars().count() > 100 {
        format!("{short}…")
    } else {
        short
    }
}

fn print_evidence(title: &str, list: &[Evidence]) {
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

fn print_claim(v: &ClaimView) {
    println!("claim {}: {}", v.claim.id, v.claim.text);
    print_evidence("for", &v.supporting);
    print_evidence("against", &v.opposing);
    print_evidence("context", &v.context);
}

/// Runs one debate subcommand on an open library.
pub fn run(lib: &mut Library, cmd: DebateCommand) -> anyhow::Result<()> {
    match cmd {
        DebateCommand::Claim { cmd } => match cmd {
            ClaimCmd::Create { text } => {
                let c = lib.create_claim(&text)?;
                println!("claim {}: {}", c.id, c.text);
            }
            ClaimCmd::Link { claim, highlight, role, note } => {
                let role = EvidenceRole::parse(&role).with_context(|| {
                    format!("unknown role {role:?}: use for, against or context")
                })?;
                lib.link_evidence(claim, highlight, role, note.as_deref())?;
                print_claim(&lib.claim(claim)?);
            }
            ClaimCmd::Unlink { claim, highlight } => lib.unlink_evidence(claim, highlight)?,
            ClaimCmd::Show { claim, json } => {
                let v = lib.claim(claim)?;
                if json {
                    print_json(&v)?;
                } else {
                    print_claim(&v);
                }
            }
            ClaimCmd::List { json } => {
                let list = lib.claims()?;
                if json {
                    print_json(&list)?;
                } else {
                    for c in list {
                        println!(
                            "{:>4}  +{} −{} ·{}  {}",
                            c.id, c.supporting, c.opposing, c.context, c.text
                        );
                    }
                }
            }
            ClaimCmd::Rename { claim, text } => {
                lib.rename_claim(claim, &text)?;
            }
            ClaimCmd::Delete { claim } => lib.delete_claim(claim)?,
            ClaimCmd::Restore { claim } => {
                lib.restore(ItemRef { kind: ItemKind::Claim, id: claim })?
            }
        },
        DebateCommand::Brief(BriefArgs { claim, tag, out }) => {
            let md = match (claim, &tag) {
                (Some(id), _) => lib.claim_brief(id)?,
                (None, Some(t)) => lib.tag_brief(t)?,
                (None, None) => bail!("say which: --claim ID or --tag TAG"),
            };
            match out {
                Some(path) => {
                    let written = zhaji::export::write_atomically(&path, &md)?;
                    let how = if written { "wrote" } else { "unchanged" };
                    println!("{how} {}", path.display());
                }
                None => print!("{md}"),
            }
        }
        DebateCommand::Suggest { article, start, end, text, json } => {
            let list = match (article, start, end, text) {
                (_, _, _, Some(t)) => lib.suggest_tags_for_text(&t)?,
                (Some(a), Some(s), Some(e), None) => lib.suggest_tags(a, s, e)?,
                (Some(a), None, None, None) => {
                    let len = lib.article(a)?.summary.chars;
                    lib.suggest_tags(a, 0, len)?
                }
                _ => bail!("give an article with --start and --end, or --text"),
            };
            if json {
                print_json(&list)?;
            } else {
                for s in list {
                    match &s.implied_by {
                        Some(by) => println!("{}  (implied by {by})", s.tag),
                        None => println!("{}  ×{}  {}", s.tag, s.count, s.matched.join(", ")),
                    }
                }
            }
        }
        DebateCommand::Who { article, json } => {
            let w = lib.who_and_what(article)?;
            if json {
                print_json(&w)?;
            } else {
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
        }
        DebateCommand::Taxonomy { cmd } => match cmd {
            TaxonomyCmd::List { kind, json } => {
                let kind = match kind {
                    Some(k) => Some(EntryKind::parse(&k).with_context(|| {
                        format!("unknown kind {k:?}: actor, model, person, topic or stance")
                    })?),
                    None => None,
                };
                let list: Vec<_> = lib
                    .taxonomy()?
                    .into_iter()
                    .filter(|e| kind.is_none_or(|k| e.kind == k))
                    .collect();
                if json {
                    print_json(&list)?;
                } else {
                    for e in list {
                        println!("{:<28} {:<24} {} [{}]", e.key, e.tag, e.en, e.aliases.join(", "));
                    }
                }
            }
            TaxonomyCmd::Add { kind, zh, en, aliases } => {
                let kind = EntryKind::parse(&kind).with_context(|| {
                    format!("unknown kind {kind:?}: actor, model, person, topic or stance")
                })?;
                let patch = EntryPatch { zh, en, aliases: Some(aliases), related: None };
                let e = lib.add_taxonomy_entry(kind, &patch)?;
                println!("{} → {}", e.key, e.tag);
            }
            TaxonomyCmd::Edit { key, zh, en, aliases } => {
                let aliases = (!aliases.is_empty()).then_some(aliases);
                let e =
                    lib.edit_taxonomy_entry(&key, &EntryPatch { zh, en, aliases, related: None })?;
                println!("{} → {}", e.key, e.tag);
            }
            TaxonomyCmd::Remove { key } => lib.remove_taxonomy_entry(&key)?,
            TaxonomyCmd::Reset { key } => {
                let e = lib.reset_taxonomy_entry(&key)?;
                println!("{} → {}", e.key, e.tag);
            }
        },
    }
    Ok(())
}
