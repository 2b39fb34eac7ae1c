//! `export`: articles as Markdown files into a folder.

use crate::print;
use clap::Args;
use std::path::PathBuf;
use zhaji::export::ExportLang;
use zhaji::{ExportOptions, Id, Library};

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Only these articles (the library when absent).
    #[arg(long = "article")]
    articles: Vec<Id>,
    /// Every article of the library, also those without a highlight or a note.
    #[arg(long, conflicts_with = "articles")]
    all: bool,
    /// The language of the files' headings and default colour names.
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Lang {
    En,
    Zh,
}

pub fn export(lib: &Library, args: ExportArgs, json: bool) -> anyhow::Result<()> {
    let lang = match args.lang {
        Lang::En => ExportLang::En,
        Lang::Zh => ExportLang::Zh,
    };
    let opts = ExportOptions { articles: args.articles, all: args.all, lang };
    let report = lib.export_markdown(&args.out, &opts)?;
    print::either(json, &report, print::export)
}
