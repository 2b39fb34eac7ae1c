//! Getting documents in: `import` (files, folders and links) and `update` (a new version of one
//! article).

use crate::failure::AlreadyReported;
use crate::print;
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;
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
}

/// Imports each file, folder or link (through `Library::import_inputs`: the files and links
/// between folders all at once, each folder on its own with a summary). Every document has its result (in JSON, one object
/// each, folders expanded into their documents); a document that fails is one line on stderr,
/// the others are still imported, and the command then fails without another line.
pub fn import(lib: &mut Library, args: ImportArgs, json: bool) -> anyhow::Result<()> {
    let mut out = print::Imports::new(json);
    let inputs: Vec<ImportSource> = args.files.iter().map(|a| ImportSource::from_arg(a)).collect();
    let fetch = FetchOptions { timeout: Duration::from_secs(args.timeout), ..Default::default() };
    let results = lib.import_inputs(&inputs, &fetch, &mut |p| {
        print::progress(p);
        true
    });
    print::progress_done();
    for r in results {
        out.path(r);
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
