//! `export`: articles as Markdown files into a folder.

use crate::print;
use anyhow::Context;
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;
use zhaji::export::ExportLang;
use zhaji::{ExportOptions, ExportStatus, Id, Library};

#[derive(Args)]
pub struct ExportArgs {
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Only these articles (the library when absent).
    #[arg(long = "article")]
    articles: Vec<Id>,
    /// A MiniJinja template for each article's Markdown (variables as Readwise's: title,
    /// author, url, tags, highlights with text, note, tags, color, location…).
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// A MiniJinja template for each file's name (default `{{ title }}`).
    #[arg(long, value_name = "TEMPLATE")]
    filename_template: Option<String>,
    /// Keep the folder up to date: export again whenever the library changes (until stopped).
    #[arg(long)]
    watch: bool,
    /// With --watch: how long the library must stay unchanged before exporting, in ms.
    #[arg(long, value_name = "MS", default_value_t = 1000, requires = "watch")]
    debounce: u64,
    /// Every article of the library, also those without a highlight or a note.
    #[arg(long, conflicts_with = "articles")]
    all: bool,
    /// The language of the files' headings and default colour names.
    #[arg(long, value_enum, default_value = "en")]
    lang: Lang,
    /// `markdown` (one file per article) or `web-annotation` (W3C Web Annotation JSON-LD, one
    /// `<article uuid>.jsonld` file per article with highlights).
    #[arg(long, value_name = "FORMAT", default_value = "markdown")]
    format: String,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Lang {
    En,
    Zh,
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
    match args.format.as_str() {
        "markdown" => {}
        "web-annotation" => {
            let report = lib.export_web_annotations(&args.out, &args.articles)?;
            return print::either(json, &report, print::web_annotations);
        }
        other => anyhow::bail!("unknown export format {other:?} (markdown or web-annotation)"),
    }
    let template = match &args.template {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the template {}", path.display()))?,
        ),
        None => None,
    };
    let lang = match args.lang {
        Lang::En => ExportLang::En,
        Lang::Zh => ExportLang::Zh,
    };
    let opts = ExportOptions {
        articles: args.articles,
        template,
        filename_template: args.filename_template,
        all: args.all,
        lang,
    };
    if args.watch {
        let poll = Duration::from_millis(250);
        let debounce = Duration::from_millis(args.debounce);
        lib.export_watch(&args.out, &opts, poll, debounce, |report| {
            // Only exports that changed something are worth a line (or a JSON document).
            let changed = report.files.iter().any(|f| f.status != ExportStatus::Unchanged)
                || report.removed_temp_files > 0;
            if changed {
                let _ = print::either(json, report, print::export);
            }
            true
        })?;
        return Ok(());
    }
    let report = lib.export_markdown(&args.out, &opts)?;
    print::either(json, &report, print::export)
}
