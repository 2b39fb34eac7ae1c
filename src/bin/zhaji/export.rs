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

pub fn export(lib: &mut Library, args: ExportArgs, json: bool) -> anyhow::Result<()> {
    let report = lib.export_markdown(&args.out, &ExportOptions { articles: args.articles })?;
    print::either(json, &report, print::export)
}
