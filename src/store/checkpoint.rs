//! Checkpoints of the write-ahead log, on a thread of their own.
//!
//! SQLite's automatic checkpoint runs inside the commit that pushes the log past 1,000 pages:
//! that one write then copies 4 MB into the database and syncs it, and was most of the slowest
//! percent of highlight writes (p99 4.7 ms against 1.3 ms without it). Here the commit only
//! signals, and a thread with its own connection runs a passive checkpoint, which never blocks
//! readers or writers.
//!
//! The log starts again from its beginning only when a write begins with every frame copied,
//! which a passive checkpoint on another connection almost never achieves while writes keep
//! coming (an import, a burst of highlights): the log would grow until commits checkpoint
//! themselves. So once the log passes [`RESTART_PAGES`] and the thread has copied at least half
//! of its frames, the committing connection copies the rest itself (when writes pause now and
//! then, as while reading, the thread has usually copied nearly all), and the next write starts
//! the log again.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Log size (pages) at which the thread is asked to checkpoint: SQLite's own default.
const SIGNAL_PAGES: i64 = 1_000;
/// Log size (pages, about 16 MB) past which the committing connection finishes the thread's
/// work once at most half of the log (or [`SIGNAL_PAGES`]) is left to copy, so that the log
/// starts again.
const RESTART_PAGES: i64 = 4_000;
/// Log size (pages, about 32 MB) at which the committing connection checkpoints in any case.
const INLINE_PAGES: i64 = 8_000;

/// The checkpointing thread of one connection; stops (and joins) when dropped.
pub(crate) struct Checkpointer {
    wake: SyncSender<()>,
    stop: Arc<AtomicBool>,
    #[cfg_attr(not(test), allow(dead_code))]
    done: Arc<AtomicU64>,
    /// The log's size in pages after the last commit.
    #[cfg_attr(not(test), allow(dead_code))]
    pages: Arc<AtomicI64>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Takes over checkpointing for `conn`, a connection to the database file at `path`.
    pub(crate) fn start(conn: &mut Connection, path: &Path) -> crate::Result<Checkpointer> {
        let (wake, rx) = sync_channel::<()>(1);
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicU64::new(0));
        // Frames of the current log the thread has copied (as of its last checkpoint).
        let copied = Arc::new(AtomicI64::new(0));
        let thread = {
            let (path, stop, done, copied) =
                (path.to_owned(), stop.clone(), done.clone(), copied.clone());
            std::thread::Builder::new()
                .name("zhaji-checkpoint".into())
                .spawn(move || run(&path, &rx, &stop, &done, &copied))
                .map_err(|e| crate::Error::internal(format!("cannot start a thread: {e}")))?
        };
        let signal = wake.clone();
        let last = Arc::new(AtomicI64::new(0));
        let seen = last.clone();
        conn.wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, pages: i32| {
            let pages = i64::from(pages);
            if pages < seen.swap(pages, Ordering::Relaxed) {
                // The log started again: what the thread copied was of the old one.
                copied.store(0, Ordering::Relaxed);
            }
            let left = pages - copied.load(Ordering::Relaxed);
            if pages >= INLINE_PAGES
                || (pages >= RESTART_PAGES && left <= SIGNAL_PAGES.max(pages / 2))
            {
                // Best effort: a busy checkpoint (the thread's, running) leaves it to the next.
                if wal.checkpoint().is_ok() {
                    copied.store(pages, Ordering::Relaxed);
                }
            } else if pages >= SIGNAL_PAGES {
                // A full channel means a checkpoint is already asked for.
                let _ = signal.try_send(());
            }
            Ok(())
        }))?;
        Ok(Checkpointer { wake, stop, done, pages: last, thread: Some(thread) })
    }

    /// How many checkpoints the thread has run.
    #[cfg(test)]
    pub(crate) fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    /// The log's size in pages after the last commit.
    #[cfg(test)]
    pub(crate) fn log_pages(&self) -> i64 {
        self.pages.load(Ordering::Relaxed)
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.wake.try_send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(path: &PathBuf, rx: &Receiver<()>, stop: &AtomicBool, done: &AtomicU64, copied: &AtomicI64) {
    let mut conn: Option<Connection> = None;
    while rx.recv().is_ok() {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        if conn.is_none() {
            conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .ok();
            if let Some(c) = &conn {
                let _ = c.busy_timeout(Duration::from_secs(1));
            }
        }
        let Some(c) = &conn else { continue };
        // PASSIVE copies what it can without waiting on anyone; what it leaves, the next does.
        let result = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(2));
        if let Ok(n) = result {
            copied.store(n, Ordering::Relaxed);
            done.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// With the automatic checkpoint replaced, only the thread can move pages from the log into
    /// the database file: so the file grows only if the thread does its work.
    #[test]
    fn the_thread_moves_the_log_into_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut conn = crate::store::open(&path).unwrap();
        let cp = Checkpointer::start(&mut conn, &path).unwrap();
        let before = std::fs::metadata(&path).unwrap().len();
        let value = "账".repeat(20_000); // 60 KB: about 15 pages a transaction
        for i in 0..400 {
            conn.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)",
                (i.to_string(), &value),
            )
            .unwrap();
        }
        let t = Instant::now();
        while std::fs::metadata(&path).unwrap().len() < before + 20_000_000 {
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "no checkpoint after 20 s ({} run)",
                cp.done()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(cp.done() > 0);
        // A burst without a pause (far faster than any import), then writes now and then, as
        // while reading: the log starts again from its beginning instead of growing.
        for i in 400..1600 {
            conn.execute(
                "INSERT INTO setting (key, value) VALUES (?1, ?2)",
                (i.to_string(), &value),
            )
            .unwrap();
        }
        let t = Instant::now();
        let mut i = 1600;
        while cp.log_pages() > 1_000 {
            assert!(t.elapsed() < Duration::from_secs(20), "the log never started again");
            std::thread::sleep(Duration::from_millis(50));
            conn.execute("INSERT INTO setting (key, value) VALUES (?1, 'x')", [i.to_string()])
                .unwrap();
            i += 1;
        }
        drop(cp);
        // The connection still works, and its data is all there.
        let n: i64 = conn.query_row("SELECT count(*) FROM setting", [], |r| r.get(0)).unwrap();
        assert!(n >= 400);
    }
}
