//! `export`: articles as Markdown files into a folder.

use crate::print;
use clap::Args;
use std::path::PathBuf;
use zhaji::{ExportOptions, Id, Library};

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Only these articles (all when absent).
    #[arg(long = "article")]
    articles: Vec<Id>,
}

/// Arguments of `open`.
#[derive(Args)]
pub struct OpenArgs {
    /// A `zhaji://` link from an exported file (`zhaji://highlight/<uuid>`…).
    link: String,
}

/// Prints what a link points to.
pub fn open(lib: &Library, args: OpenArgs, json: bool) -> anyhow::Result<()> {
    let target = lib.resolve_link(&args.link)?;
    print::either(json, &target, print::link_target)
}

pub fn export(lib: &mut Library, args: ExportArgs, json: bool) -> anyhow::Result<()> {
    let report = lib.export_markdown(&args.out, &ExportOptions { articles: args.articles })?;
    print::either(json, &report, print::export)
}
