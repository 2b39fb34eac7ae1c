//! Getting documents in: `import` (files, folders and links) and `update` (a new version of one
//! article).

use crate::failure::AlreadyReported;
use crate::print;
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;
use zhaji::annotations::{self, Format};
use zhaji::fetch::FetchOptions;
use zhaji::{Id, ImportSource, Library};

#[derive(Args)]
pub struct ImportArgs {
    /// Files, folders, and http(s) links to capture.
    #[arg(required = true, value_name = "FILE_OR_LINK")]
    files: Vec<String>,
    /// Seconds a link may take to fetch, at most.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,
    /// Read the files as highlights exported by another tool: kindle, readwise, weread,
    /// hypothesis or web-annotation (without it, such files are recognised by their content).
    #[arg(long = "as", value_name = "FORMAT")]
    format: Option<String>,
}

/// Imports each file, folder or link (through `Library::import_inputs`: the files and links
/// between folders all at once, each folder on its own with a summary). Every document has its result (in JSON, one object
/// each, folders expanded into their documents); a document that fails is one line on stderr,
/// the others are still imported, and the command then fails without another line.
///
/// Annotation files (named by `--as`, or recognised) are imported after the documents, so that
/// their highlights can land on articles the same command brought in; each has its report.
pub fn import(lib: &mut Library, args: ImportArgs, json: bool) -> anyhow::Result<()> {
    let mut out = print::Imports::new(json);
    let format = args.format.as_deref().map(Format::parse).transpose()?;
    let mut notes: Vec<(PathBuf, Option<Format>)> = Vec::new();
    let mut inputs: Vec<ImportSource> = Vec::new();
    for arg in &args.files {
        match ImportSource::from_arg(arg) {
            ImportSource::Path(p) if !p.is_dir() => match format.or_else(|| annotations::sniff(&p))
            {
                Some(f) => notes.push((p, Some(f))),
                None => inputs.push(ImportSource::Path(p)),
            },
            other => inputs.push(other),
        }
    }
    let fetch = FetchOptions { timeout: Duration::from_secs(args.timeout), ..Default::default() };
    let results = lib.import_inputs(&inputs, &fetch, &mut |p| {
        print::progress(p);
        true
    });
    print::progress_done();
    for r in results {
        out.path(r);
    }
    for (path, f) in notes {
        out.annotations(&path, lib.import_annotation_file(&path, f));
    }
    if out.finish()? > 0 {
        return Err(AlreadyReported.into());
    }
    Ok(())
}

#[derive(Args)]
pub struct UpdateArgs {
    article: Id,
    file: PathBuf,
}

pub fn update(lib: &mut Library, args: UpdateArgs, json: bool) -> anyhow::Result<()> {
    let o = lib.update_article_from_file(args.article, &args.file)?;
    print::either(json, &o, print::outcome)
}
