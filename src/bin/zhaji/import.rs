//! Getting documents in: `import` (files and folders) and `update` (a new version of one
//! article).

use crate::failure::AlreadyReported;
use crate::print;
use clap::Args;
use std::path::{Path, PathBuf};
use zhaji::{Id, Library};

#[derive(Args)]
pub struct ImportArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Imports each path: the files between folders all at once (read on another thread while the
/// ones before are written), each folder on its own with a summary. Every document has its
/// result (in JSON, one object each, folders expanded into their documents); a document that
/// fails is one line on stderr, the others are still imported, and the command then fails
/// without another line.
pub fn import(lib: &mut Library, args: ImportArgs, json: bool) -> anyhow::Result<()> {
    let mut out = print::Imports::new(json);
    let mut rest = args.files.as_slice();
    while let Some(first) = rest.first() {
        if first.is_dir() {
            folder(lib, first, &mut out);
            rest = &rest[1..];
        } else {
            let (files, after) = rest.split_at(rest.iter().take_while(|f| !f.is_dir()).count());
            for (path, r) in files.iter().zip(lib.import_files(files, &mut |_| true)) {
                out.document(path, r);
            }
            rest = after;
        }
    }
    if out.finish()? > 0 {
        return Err(AlreadyReported.into());
    }
    Ok(())
}

/// Imports the documents of one folder, then what its walk skipped or could not read, then its
/// summary.
fn folder(lib: &mut Library, dir: &Path, out: &mut print::Imports) {
    let listing = match zhaji::import::folder_listing(dir) {
        Ok(l) => l,
        Err(e) => return out.failed(dir, e.message()),
    };
    let total = listing.files.len();
    out.in_folder = true;
    let results = lib.import_files(&listing.files, &mut |i| {
        print::folder_progress(i, total);
        true
    });
    print::folder_progress_done(total);
    let mut summary = print::FolderSummary { found: total, ..Default::default() };
    for (path, r) in listing.files.iter().zip(results) {
        summary.count(&r);
        out.document(path, r);
    }
    for s in &listing.skipped {
        out.skipped(Path::new(&s.path), &s.reason);
    }
    for u in &listing.unreadable {
        summary.failed += 1;
        out.failed(Path::new(&u.path), &format!("{}: {}", u.path, u.reason));
    }
    summary.skipped = listing.skipped.len();
    out.folder_summary(dir, &summary);
    out.in_folder = false;
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
