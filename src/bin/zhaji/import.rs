//! Getting documents in: `import` (files and folders) and `update` (a new version of one
//! article).

use crate::failure::AlreadyReported;
use crate::print;
use clap::Args;
use std::path::PathBuf;
use zhaji::{Id, Library};

#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Imports each path (through `Library::import_paths`: the files between folders all at once,
/// each folder on its own with a summary). Every document has its result (in JSON, one object
/// each, folders expanded into their documents); a document that fails is one line on stderr,
/// the others are still imported, and the command then fails without another line.
pub fn import(lib: &mut Library, args: ImportArgs, json: bool) -> anyhow::Result<()> {
    let mut out = print::Imports::new(json);
    let results = lib.import_paths(&args.files, &mut |p| {
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
