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
    /// `markdown` (one file per article) or `web-annotation` (W3C Web Annotation JSON-LD, one
    /// `<article uuid>.jsonld` file per article with highlights).
    #[arg(long, value_name = "FORMAT", default_value = "markdown")]
    format: String,
}

pub fn export(lib: &Library, args: ExportArgs, json: bool) -> anyhow::Result<()> {
    match args.format.as_str() {
        "markdown" => {}
        "web-annotation" => {
            let report = lib.export_web_annotations(&args.out, &args.articles)?;
            return print::either(json, &report, print::web_annotations);
        }
        other => anyhow::bail!("unknown export format {other:?} (markdown or web-annotation)"),
    }
    let report = lib.export_markdown(&args.out, &ExportOptions { articles: args.articles })?;
    print::either(json, &report, print::export)
}
