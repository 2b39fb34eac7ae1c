//! `sync init FOLDER`, `sync` (one round), `sync status`, `sync leave`, `sync texts ARTICLE`,
//! `sync history UUID`: the library shared with other devices through a folder they all sync.

use crate::print;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use zhaji::{Library, SyncHistory, SyncReport, SyncStatus};

#[derive(Subcommand)]
pub enum SyncCmd {
    /// Join a sync folder (made if absent) and merge with what it holds.
    Init(InitArgs),
    /// List the devices of the folder, their last change, and what is pending.
    Status,
    /// Stop syncing (this library keeps everything; its files stay in the folder).
    Leave,
    /// The texts an article has had on the devices (the one shown here first): a text that
    /// gave way to another device's when both replaced it at once is still here.
    Texts {
        /// The article's id.
        article: i64,
    },
    /// Every value each field of a highlight, note, article, tag or claim has had on the
    /// devices, who wrote it and when (by that device's clock), the current value first.
    History {
        /// The item's UUID (as `zhaji://` links carry it).
        uuid: String,
    },
}

#[derive(Args)]
pub struct InitArgs {
    /// The folder the devices share (Syncthing, a cloud drive…).
    folder: PathBuf,
    /// This device's name, as the others see it (default: the host's name).
    #[arg(long, value_name = "DEVICE")]
    name: Option<String>,
    /// Encrypt what this device writes to the folder with the passphrase in this file (its
    /// first line); a folder already encrypted needs its passphrase.
    #[arg(long, value_name = "F")]
    passphrase_file: Option<PathBuf>,
}

pub fn sync(lib: &mut Library, cmd: Option<SyncCmd>, json: bool) -> anyhow::Result<()> {
    match cmd {
        None => print::either(json, &lib.sync()?, round),
        Some(SyncCmd::Init(args)) => {
            let name = args.name.unwrap_or_else(host_name);
            let passphrase = match &args.passphrase_file {
                Some(f) => {
                    let text = std::fs::read_to_string(f).map_err(|e| {
                        anyhow::anyhow!("{}: cannot read the passphrase file: {e}", f.display())
                    })?;
                    let line = text.lines().next().unwrap_or("").to_owned();
                    if line.is_empty() {
                        anyhow::bail!("{}: the passphrase file is empty", f.display());
                    }
                    Some(line)
                }
                None => None,
            };
            let report = lib.sync_init(&args.folder, &name, passphrase.as_deref())?;
            print::either(json, &report, round)
        }
        Some(SyncCmd::Status) => print::either(json, &lib.sync_status()?, status),
        Some(SyncCmd::Texts { article }) => {
            print::either(json, &lib.synced_texts(article)?, |texts| {
                for t in texts {
                    let mark = if t.current { "shown" } else { "other" };
                    println!("{mark}  {}  {} characters", t.hash, t.text.chars().count());
                    println!("{}\n", t.text);
                }
            })
        }
        Some(SyncCmd::History { uuid }) => print::either(json, &lib.sync_history(&uuid)?, history),
        Some(SyncCmd::Leave) => {
            lib.sync_leave()?;
            print::either(json, &serde_json::json!({ "left": true }), |_| {
                println!("This library no longer syncs.")
            })
        }
    }
}

fn host_name() -> String {
    std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "device".to_owned())
}

fn round(r: &SyncReport) {
    println!(
        "Wrote {} change(s); took in {} file(s) ({} document(s)); {} file(s) waiting.",
        r.changes_written, r.files_applied, r.documents_merged, r.files_waiting
    );
    if r.new_identity {
        println!("This library was restored from a backup: it now syncs as a new device.");
    }
    for m in &r.messages {
        println!("Note: {m}");
    }
}

fn status(s: &SyncStatus) {
    println!("{} ({}) syncs with {}", s.name, s.device_id, s.folder);
    println!("Pending here: {} article(s), {} change(s).", s.pending_articles, s.pending_changes);
    for d in &s.devices {
        let me = if d.this_device { " (this device)" } else { "" };
        let last = d.last_change.as_deref().unwrap_or("no change yet");
        println!("  {}{me}: {} file(s), last {last}, {} unread", d.name, d.files, d.unread_files);
    }
    for m in &s.messages {
        println!("Note: {m}");
    }
}

/// One line per value: field, state, device, time, value (a text's lines joined by `⏎`).
fn history(h: &SyncHistory) {
    println!("{} {}", h.kind, h.uuid);
    for f in &h.fields {
        for v in &f.values {
            let state = match (v.current, v.in_conflict) {
                (true, true) => "current, in conflict",
                (true, false) => "current",
                (false, true) => "in conflict",
                (false, false) => "earlier",
            };
            let device = v.device.as_deref().unwrap_or("(merged)");
            let me = if v.this_device { " (this device)" } else { "" };
            let at = v.written_at_device_clock.as_deref().unwrap_or("-");
            let value = v.value.replace('\n', " ⏎ ");
            println!("{}\t{state}\t{device}{me}\t{at} (its clock)\t{value}", f.field);
        }
    }
}
