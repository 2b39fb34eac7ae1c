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

pub fn claim(lib: &mut Library, cmd: ClaimCmd) -> anyhow::Result<()> {
    match cmd {
        ClaimCmd::Create { text } => create(lib, &text),
        ClaimCmd::Link { claim, highlight, role, note } => {
            link(lib, claim, highlight, &role, note.as_deref())
        }
        ClaimCmd::Unlink { claim, highlight } => Ok(lib.unlink_evidence(claim, highlight)?),
        ClaimCmd::Show { claim, json } => print::either(json, &lib.claim(claim)?, print::claim),
        ClaimCmd::List { json } => print::either(json, lib.claims()?.as_slice(), print::claims),
        ClaimCmd::Rename { claim, text } => {
            lib.rename_claim(claim, &text)?;
            Ok(())
        }
        ClaimCmd::Delete { claim } => Ok(lib.delete_claim(claim)?),
        ClaimCmd::Restore { claim } => {
            Ok(lib.restore(ItemRef { kind: ItemKind::Claim, id: claim })?)
        }
    }
}

fn create(lib: &mut Library, text: &str) -> anyhow::Result<()> {
    print::claim_name(&lib.create_claim(text)?);
    Ok(())
}

/// Links a highlight to a claim (or changes its role or note), then shows the claim.
fn link(
    lib: &mut Library,
    claim: Id,
    highlight: Id,
    role: &str,
    note: Option<&str>,
) -> anyhow::Result<()> {
    let role = EvidenceRole::parse(role)
        .with_context(|| format!("unknown role {role:?}: use for, against or context"))?;
    lib.link_evidence(claim, highlight, role, note)?;
    print::claim(&lib.claim(claim)?);
    Ok(())
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
pub fn brief(lib: &Library, args: BriefArgs) -> anyhow::Result<()> {
    let md = match (args.claim, &args.tag) {
        (Some(id), _) => lib.claim_brief(id)?,
        (None, Some(t)) => lib.tag_brief(t)?,
        (None, None) => anyhow::bail!("say which: --claim ID or --tag TAG"),
    };
    match args.out {
        Some(path) => print::brief_written(&path, zhaji::export::write_atomically(&path, &md)?),
        None => print::brief(&md),
    }
    Ok(())
}
