//! Getting documents in: `import` (files and folders) and `update` (a new version of one
//! article).

use crate::failure::AlreadyReported;
use crate::print;
use clap::Args;
use std::path::PathBuf;
use zhaji::annotations::{self, Format};
use zhaji::{Id, Library};

#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Read the files as highlights exported by another tool: kindle, readwise, weread,
    /// hypothesis or web-annotation (without it, such files are recognised by their content).
    #[arg(long = "as", value_name = "FORMAT")]
    format: Option<String>,
}

/// Imports each path (through `Library::import_paths`: the files between folders all at once,
/// each folder on its own with a summary). Every document has its result (in JSON, one object
/// each, folders expanded into their documents); a document that fails is one line on stderr,
/// the others are still imported, and the command then fails without another line.
///
/// Annotation files (named by `--as`, or recognised) are imported after the documents, so that
/// their highlights can land on articles the same command brought in; each has its report.
pub fn import(lib: &mut Library, args: ImportArgs, json: bool) -> anyhow::Result<()> {
    let mut out = print::Imports::new(json);
    let format = args.format.as_deref().map(Format::parse).transpose()?;
    let (notes, documents): (Vec<(PathBuf, Option<Format>)>, Vec<PathBuf>) = {
        let mut notes = Vec::new();
        let mut documents = Vec::new();
        for p in args.files {
            match format.or_else(|| annotations::sniff(&p)) {
                Some(f) if !p.is_dir() => notes.push((p, Some(f))),
                _ => documents.push(p),
            }
        }
        (notes, documents)
    };
    let results = lib.import_paths(&documents, &mut |p| {
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
