//! Getting documents in: `import` (files and folders) and `update` (a new version of one
//! article).

use crate::print;
use clap::Args;
use std::path::PathBuf;
use zhaji::{Id, Library};

#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    json: print::Json,
}

/// Imports each path: the files between folders all at once (read on another thread while the
/// ones before are written), each folder on its own with a summary. A file that fails is
/// reported and the others still imported; the command then fails, saying how many.
pub fn import(lib: &mut Library, args: ImportArgs) -> anyhow::Result<()> {
    let mut out = print::Imports::new(args.json.json);
    let mut rest = args.files.as_slice();
    while let Some(first) = rest.first() {
        if first.is_dir() {
            let report = lib.import_folder(first, &mut |p| {
                out.progress(p);
                true
            })?;
            out.folder(first, &report)?;
            rest = &rest[1..];
        } else {
            let (files, after) = rest.split_at(rest.iter().take_while(|f| !f.is_dir()).count());
            for r in lib.import_files(files, &mut |_| true) {
                out.file(r);
            }
            rest = after;
        }
    }
    let failed = out.finish()?;
    if failed > 0 {
        anyhow::bail!("{failed} file(s) could not be imported");
    }
    Ok(())
}

#[derive(Args)]
pub struct UpdateArgs {
    article: Id,
    file: PathBuf,
    #[command(flatten)]
    json: print::Json,
}

pub fn update(lib: &mut Library, args: UpdateArgs) -> anyhow::Result<()> {
    let o = lib.update_article_from_file(args.article, &args.file)?;
    print::either(args.json.json, &o, print::outcome)
}
