//! Backups: `backup`, `backups`, and `restore FILE` (the library replaced by a backup).

use crate::print;
use clap::Args;
use std::path::{Path, PathBuf};
use zhaji::Library;

#[derive(Args)]
pub struct BackupArgs {
    /// Write the backup to this file (which must not exist) instead of the library's backup
    /// folder.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn backup(lib: &mut Library, args: BackupArgs, json: bool) -> anyhow::Result<()> {
    let made = lib.backup(args.out.as_deref())?;
    print::either(json, &made, print::backup_made)
}

pub fn backups(lib: &Library, json: bool) -> anyhow::Result<()> {
    print::either(json, lib.backups()?.as_slice(), print::backups)
}

pub fn restore(lib: &mut Library, backup: &Path, json: bool) -> anyhow::Result<()> {
    if !backup.is_file() {
        anyhow::bail!(
            "{}: no such backup (to take an item out of the trash: `zhaji restore article 3`)",
            backup.display()
        );
    }
    let aside = lib.restore_backup(backup)?;
    let out = serde_json::json!({
        "restored_from": backup.display().to_string(),
        "previous_library": aside.display().to_string(),
    });
    print::either(json, &out, |_| print::backup_restored(backup, &aside))
}
