//! `export`: articles as Markdown files into a folder.

use crate::print;
use anyhow::Context;
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
    /// A MiniJinja template for each article's Markdown (variables as Readwise's: title,
    /// author, url, tags, highlights with text, note, tags, color, location…).
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// A MiniJinja template for each file's name (default `{{ title }}`).
    #[arg(long, value_name = "TEMPLATE")]
    filename_template: Option<String>,
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
    let template = match &args.template {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the template {}", path.display()))?,
        ),
        None => None,
    };
    let opts = ExportOptions {
        articles: args.articles,
        template,
        filename_template: args.filename_template,
    };
    let report = lib.export_markdown(&args.out, &opts)?;
    print::either(json, &report, print::export)
}
