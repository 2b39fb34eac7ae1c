//! Claims of the debate with their evidence: `claim create|link|unlink|show|list|rename|delete|
//! restore`, and `brief` (a claim or a tag as a Markdown debate brief).

use crate::print;
use anyhow::Context;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use zhaji::{EvidenceRole, Id, ItemKind, ItemRef, Library};

#[derive(Subcommand)]
pub enum ClaimCmd {
    /// Name a new claim.
    Create {
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// Link a highlight to a claim as evidence (again to change its role or note).
    Link(LinkArgs),
    /// Take a highlight off a claim.
    Unlink { claim: Id, highlight: Id },
    /// The evidence for and against a claim, side by side.
    Show { claim: Id },
    /// The claims with their counts.
    List,
    /// Reword a claim.
    Rename {
        claim: Id,
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// Move a claim to the trash (`zhaji claim restore` brings it back).
    Delete { claim: Id },
    /// Take a claim out of the trash.
    Restore { claim: Id },
}

/// Runs one `claim …` subcommand.
pub fn claim(lib: &mut Library, cmd: ClaimCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        ClaimCmd::Create { text } => create(lib, &text, json),
        ClaimCmd::Link(args) => link(lib, args, json),
        ClaimCmd::Unlink { claim, highlight } => unlink(lib, claim, highlight, json),
        ClaimCmd::Show { claim } => show(lib, claim, json),
        ClaimCmd::List => list(lib, json),
        ClaimCmd::Rename { claim, text } => rename(lib, claim, &text, json),
        ClaimCmd::Delete { claim } => delete(lib, claim, json),
        ClaimCmd::Restore { claim } => restore(lib, claim, json),
    }
}

fn create(lib: &mut Library, text: &str, json: bool) -> anyhow::Result<()> {
    print::either(json, &lib.create_claim(text)?, print::claim_name)
}

#[derive(Args)]
pub struct LinkArgs {
    claim: Id,
    highlight: Id,
    /// for, against or context.
    #[arg(long, default_value = "for")]
    role: String,
    #[arg(long, allow_hyphen_values = true)]
    note: Option<String>,
}

/// Links a highlight to a claim (or changes its role or note), then shows the claim.
fn link(lib: &mut Library, args: LinkArgs, json: bool) -> anyhow::Result<()> {
    let role = EvidenceRole::parse(&args.role)
        .with_context(|| format!("unknown role {:?}: use for, against or context", args.role))?;
    lib.link_evidence(args.claim, args.highlight, role, args.note.as_deref())?;
    print::either(json, &lib.claim(args.claim)?, print::claim)
}

fn unlink(lib: &mut Library, claim: Id, highlight: Id, json: bool) -> anyhow::Result<()> {
    lib.unlink_evidence(claim, highlight)?;
    print::only_json(json, &serde_json::json!({ "claim": claim, "unlinked": highlight }))
}

fn show(lib: &Library, claim: Id, json: bool) -> anyhow::Result<()> {
    print::either(json, &lib.claim(claim)?, print::claim)
}

fn list(lib: &Library, json: bool) -> anyhow::Result<()> {
    print::either(json, lib.claims()?.as_slice(), print::claims)
}

fn rename(lib: &mut Library, claim: Id, text: &str, json: bool) -> anyhow::Result<()> {
    print::only_json(json, &lib.rename_claim(claim, text)?)
}

fn delete(lib: &mut Library, claim: Id, json: bool) -> anyhow::Result<()> {
    lib.delete_claim(claim)?;
    let item = ItemRef { kind: ItemKind::Claim, id: claim };
    print::only_json(json, &serde_json::json!({ "deleted": item }))
}

fn restore(lib: &mut Library, claim: Id, json: bool) -> anyhow::Result<()> {
    let item = ItemRef { kind: ItemKind::Claim, id: claim };
    lib.restore(item)?;
    print::only_json(json, &serde_json::json!({ "restored": item }))
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

/// Writes the brief of a claim or a tag to a file, or prints it.
/// In JSON: the file and whether it was written, or the brief's Markdown.
pub fn brief(lib: &Library, args: BriefArgs, json: bool) -> anyhow::Result<()> {
    let md = match (args.claim, &args.tag) {
        (Some(id), _) => lib.claim_brief(id)?,
        (None, Some(t)) => lib.tag_brief(t)?,
        (None, None) => anyhow::bail!("say which: --claim ID or --tag TAG"),
    };
    match args.out {
        Some(path) => {
            let written = zhaji::export::write_atomically(&path, &md)?;
            let out = serde_json::json!({ "path": path, "written": written });
            print::either(json, &out, |_| print::brief_written(&path, written))
        }
        None => print::either(json, &serde_json::json!({ "markdown": md }), |_| print::brief(&md)),
    }
}
