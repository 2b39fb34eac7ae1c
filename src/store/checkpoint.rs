//! Checkpoints of the write-ahead log, and merges of the article index, on a thread of their own.
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
//!
//! The same thread merges the segments of the article index (`search` for passages,
//! `search_titles` for titles) while the library is idle. FTS5 would merge as it is written,
//! charging the work to whichever write comes next, and that work grows with the index: updating
//! one article paid 15 ms for it at 10,000 articles and over 100 ms at 100,000 (re-anchoring 200
//! highlights takes 4 ms without it). So the article index does not merge as it is written
//! (migrations 12 and 19; a bulk import merges its own segments between its batches,
//! `batch.rs`), and once no write has come for [`IDLE`], the thread runs FTS5's `merge` in steps
//! of [`MERGE_PAGES`] pages, each a short transaction, until a step finds nothing to merge or a
//! write comes. Then it checkpoints what the log still holds (the last writes were perhaps too
//! few to ask for a checkpoint).
//!
//! Writes may also come without a pause for a long while (articles saved one by one as a folder
//! syncs, say). Left alone, each write adds a segment, and FTS5 merges a whole level inside the
//! write that brings it to 16 segments (`crisismerge`): about once every 4,096 single imports,
//! that one write paid for merging a level of the whole library. So every [`LOOK_EVERY`]
//! commits the thread reads how many segments the index holds, and once
//! [`BUSY_MERGE_SEGMENTS`] have come since it last found nothing to merge, it runs one merge step
//! after each commit until a step finds nothing to merge: each step is a short transaction
//! between two writes, and the levels never fill up to a crisis.
//!
//! Checkpoints and merges write to the database file, so the thread does neither until the
//! library has been found sound (the `sound` flag the façade shares with it), nor once it has
//! been found damaged. After an idle checkpoint of a sound library it records the file's new
//! stamp (`health::Stamp`), so that the next process need not check the whole file again.
//! Once a process has been idle for [`CHECK_IDLE`], the thread checks the whole file once (a
//! library trusted by its stamp may have been damaged in place since): if it is damaged, it
//! clears the `sound` flag, so that the next write checks again and is refused.

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Log size (pages) at which the thread is asked to checkpoint: SQLite's own default.
const SIGNAL_PAGES: i64 = 1_000;
/// Log size (pages, about 16 MB) past which the committing connection finishes the thread's
/// work once at most half of the log (or [`SIGNAL_PAGES`]) is left to copy, so that the log
/// starts again.
const RESTART_PAGES: i64 = 4_000;
/// Log size (pages, about 32 MB) at which the committing connection checkpoints in any case.
const INLINE_PAGES: i64 = 8_000;
/// How long the library must have had no write before the thread merges.
const IDLE: Duration = Duration::from_millis(700);
/// How often the thread looks for merging to do when this connection has not written.
const RECHECK: Duration = Duration::from_secs(60);
/// How long the library must have had no write before the thread checks the whole file.
const CHECK_IDLE: Duration = Duration::from_secs(50);
/// Pages of merge work in one step (one write transaction of a few milliseconds).
const MERGE_PAGES: u32 = 128;
/// While writes come without a pause, how many commits apart the thread reads the index's
/// number of segments (a read of one small row, which blocks no one).
const LOOK_EVERY: u64 = 8;
/// Segments come since the index last had nothing to merge at which the thread merges between
/// writes: FTS5 merges a level once it holds 8 (`usermerge`, migration 12), so there may be
/// work; a level is merged inside a write at 16 (`crisismerge`).
const BUSY_MERGE_SEGMENTS: u64 = 8;

/// The checkpointing thread of one connection; stops (and joins) when dropped.
pub(crate) struct Checkpointer {
    wake: SyncSender<()>,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// What the thread shares with the committing connection.
struct Shared {
    stop: AtomicBool,
    /// Checkpoints run.
    done: AtomicU64,
    /// Frames of the current log the thread has copied (as of its last checkpoint).
    copied: AtomicI64,
    /// The log's size in pages after the connection's last commit.
    log_pages: AtomicI64,
    /// A checkpoint is asked for.
    checkpoint: AtomicBool,
    /// Commits of the connection so far.
    commits: AtomicU64,
    /// Merge steps that did work.
    merged: AtomicU64,
    /// Of those, the steps run between writes (not while idle).
    merged_busy: AtomicU64,
    /// The library was found sound (and not damaged since): the thread may write.
    sound: Arc<AtomicBool>,
    /// Where to record the file's stamp after a checkpoint, if anywhere.
    stamp_file: Option<PathBuf>,
}

impl Checkpointer {
    /// Takes over checkpointing (and merging, see the module's documentation) for `conn`, a
    /// connection to the database file at `path`. The thread writes only while `sound` is set;
    /// after an idle checkpoint it records the file's stamp in `stamp_file`.
    pub(crate) fn start(
        conn: &mut Connection,
        path: &Path,
        sound: Arc<AtomicBool>,
        stamp_file: Option<PathBuf>,
    ) -> crate::Result<Checkpointer> {
        let (wake, rx) = sync_channel::<()>(1);
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            done: AtomicU64::new(0),
            copied: AtomicI64::new(0),
            log_pages: AtomicI64::new(0),
            checkpoint: AtomicBool::new(false),
            commits: AtomicU64::new(0),
            merged: AtomicU64::new(0),
            merged_busy: AtomicU64::new(0),
            sound,
            stamp_file,
        });
        let thread = {
            let (path, shared) = (path.to_owned(), shared.clone());
            std::thread::Builder::new()
                .name("zhaji-checkpoint".into())
                .spawn(move || run(&path, &rx, &shared))
                .map_err(|e| crate::Error::internal(format!("cannot start a thread: {e}")))?
        };
        let signal = wake.clone();
        let hook = shared.clone();
        conn.wal_hook(Some(move |wal: &mut rusqlite::hooks::Wal, pages: i32| {
            let pages = i64::from(pages);
            if pages < hook.log_pages.swap(pages, Ordering::Relaxed) {
                // The log started again: what the thread copied was of the old one.
                hook.copied.store(0, Ordering::Relaxed);
            }
            let left = pages - hook.copied.load(Ordering::Relaxed);
            if pages >= INLINE_PAGES
                || (pages >= RESTART_PAGES && left <= SIGNAL_PAGES.max(pages / 2))
            {
                // Best effort: a busy checkpoint (the thread's, running) leaves it to the next.
                if wal.checkpoint().is_ok() {
                    hook.copied.store(pages, Ordering::Relaxed);
                }
            } else if pages >= SIGNAL_PAGES {
                hook.checkpoint.store(true, Ordering::Relaxed);
            }
            hook.commits.fetch_add(1, Ordering::Relaxed);
            // A full channel means the thread is already woken.
            let _ = signal.try_send(());
            Ok(())
        }))?;
        Ok(Checkpointer { wake, shared, thread: Some(thread) })
    }

    /// How many checkpoints the thread has run.
    #[cfg(test)]
    pub(crate) fn done(&self) -> u64 {
        self.shared.done.load(Ordering::Relaxed)
    }

    /// How many merge steps of the thread did work.
    #[cfg(test)]
    pub(crate) fn merged(&self) -> u64 {
        self.shared.merged.load(Ordering::Relaxed)
    }

    /// How many merge steps of the thread did work between writes (not while idle).
    #[cfg(test)]
    pub(crate) fn merged_busy(&self) -> u64 {
        self.shared.merged_busy.load(Ordering::Relaxed)
    }

    /// The log's size in pages after the last commit.
    #[cfg(test)]
    pub(crate) fn log_pages(&self) -> i64 {
        self.shared.log_pages.load(Ordering::Relaxed)
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        let _ = self.wake.try_send(());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn run(path: &PathBuf, rx: &Receiver<()>, shared: &Shared) {
    let mut conn: Option<Connection> = None;
    // Commits seen, and when the count last changed.
    let mut seen = 0u64;
    let mut last_write = Instant::now();
    // The index may have something to merge (set by writes, cleared by a step that found
    // nothing).
    let mut may_merge = true;
    // The whole file was checked by this thread.
    let mut checked = false;
    // Merging between writes: the commits at the last look at the index, the segments it held
    // when it last had nothing to merge, and whether a merge is under way.
    let mut looked = 0u64;
    let mut quiet: Option<u64> = None;
    let mut merging = false;
    loop {
        let wait = if may_merge { IDLE } else { RECHECK };
        match rx.recv_timeout(wait) {
            Ok(()) => {}
            // Other connections (an import on its own) write too: look again now and then.
            Err(RecvTimeoutError::Timeout) => may_merge = true,
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        let commits = shared.commits.load(Ordering::Relaxed);
        if commits != seen {
            seen = commits;
            last_write = Instant::now();
            may_merge = true;
        }
        if conn.is_none() {
            conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .ok();
        }
        let Some(c) = &conn else { continue };
        if !shared.sound.load(Ordering::Relaxed) {
            // Not known to be sound: write nothing (a write will have it checked first).
            continue;
        }
        if shared.checkpoint.swap(false, Ordering::Relaxed) {
            let _ = c.busy_timeout(Duration::from_secs(1));
            // PASSIVE copies what it can without waiting on anyone; what it leaves, the next
            // does.
            let result = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(2));
            if let Ok(n) = result {
                shared.copied.store(n, Ordering::Relaxed);
                shared.done.fetch_add(1, Ordering::Relaxed);
            }
        }
        if last_write.elapsed() < IDLE && (merging || seen >= looked + LOOK_EVERY) {
            looked = seen;
            merging = merge_between_writes(c, shared, &mut quiet, merging);
        }
        if may_merge && last_write.elapsed() >= IDLE {
            may_merge = merge_while_idle(c, shared, seen);
            if !may_merge {
                quiet = super::index::segment_count(c).ok().flatten();
                merging = false;
            }
            // While idle, copy what the log still holds (the last writes, the merges), so that
            // the database file is whole and the next write can start the log again.
            let _ = c.busy_timeout(Duration::ZERO);
            if let Ok(n) = c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get::<_, i64>(2))
            {
                shared.copied.store(n, Ordering::Relaxed);
                if let (Some(at), true) = (&shared.stamp_file, shared.sound.load(Ordering::Relaxed))
                {
                    if let Some(stamp) = super::health::Stamp::of(path) {
                        stamp.record(at);
                    }
                }
            }
        }
        if !checked && last_write.elapsed() >= CHECK_IDLE {
            checked = true;
            if let Ok(Some(_damage)) = super::health::check(c) {
                shared.sound.store(false, Ordering::Relaxed);
                if let Some(at) = &shared.stamp_file {
                    let _ = std::fs::remove_file(at);
                }
            }
        }
    }
}

/// While writes keep coming: one merge step if a merge is under way or enough segments have
/// come since the index last had nothing to merge (`quiet`, updated here). Gives whether a merge
/// is still under way.
fn merge_between_writes(
    c: &Connection,
    shared: &Shared,
    quiet: &mut Option<u64>,
    merging: bool,
) -> bool {
    let Ok(Some(segments)) = super::index::segment_count(c) else { return false };
    let base = quiet.get_or_insert(segments);
    // Merged by another connection (a bulk import merges its own).
    *base = (*base).min(segments);
    if !merging && segments < *base + BUSY_MERGE_SEGMENTS {
        return false;
    }
    // Never wait for the lock: the writer goes first, and the step comes after its commit.
    let _ = c.busy_timeout(Duration::ZERO);
    match super::index::merge_some(c, MERGE_PAGES) {
        Ok(true) => {
            shared.merged.fetch_add(1, Ordering::Relaxed);
            shared.merged_busy.fetch_add(1, Ordering::Relaxed);
            true
        }
        Ok(false) => {
            *quiet = Some(segments);
            false
        }
        // Busy: the next commit tries again.
        Err(_) => true,
    }
}

/// Merge steps until one finds nothing to merge or fails (gives false), or until a write comes
/// or the thread is asked to stop (gives true: there may be more).
fn merge_while_idle(c: &Connection, shared: &Shared, seen: u64) -> bool {
    // Never wait for the lock: a writer that holds it is not idle.
    let _ = c.busy_timeout(Duration::ZERO);
    loop {
        if shared.stop.load(Ordering::Relaxed) || shared.commits.load(Ordering::Relaxed) != seen {
            return true;
        }
        match super::index::merge_step(c, MERGE_PAGES) {
            Ok(true) => {
                shared.merged.fetch_add(1, Ordering::Relaxed);
            }
            Ok(false) => return false,
            // Busy (another connection writes), or read-only: try again after the next write,
            // or in a while.
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// The number of segments in the `search` index, from FTS5's structure record (a 4-byte
    /// cookie, a 4-byte format marker in the version with tombstones, then varints for the
    /// levels and the segments).
    fn segments(conn: &Connection) -> u64 {
        segments_of(conn, "search")
    }

    /// The number of segments in the index table `fts` (see [`segments`]).
    fn segments_of(conn: &Connection, fts: &str) -> u64 {
        let b: Vec<u8> = conn
            .query_row(&format!("SELECT block FROM {fts}_data WHERE id = 10"), [], |r| r.get(0))
            .unwrap();
        let mut i = if b[4..8] == [0xff, 0, 0, 1] { 8 } else { 4 };
        let mut varint = || {
            let mut v = 0u64;
            loop {
                let c = b[i];
                i += 1;
                v = (v << 7) | u64::from(c & 0x7f);
                if c & 0x80 == 0 {
                    return v;
                }
            }
        };
        let _levels = varint();
        varint()
    }

    /// Writes make segments (FTS5 merges none as it is written); once the library is idle,
    /// the thread merges them (a level of 8 or more).
    #[test]
    fn the_thread_merges_the_index_once_writes_stop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut conn = crate::store::open(&path).unwrap();
        let cp =
            Checkpointer::start(&mut conn, &path, Arc::new(AtomicBool::new(true)), None).unwrap();
        let tables = ["search", "search_titles"];
        let before = tables.map(|fts| segments_of(&conn, fts));
        for i in 1..=10i64 {
            // Each its own transaction, as an import: a segment each, of passages and of titles.
            use super::super::index::{IndexRow, Indexed};
            let tokens = || ("算力 力场 场景 gpt".to_owned(), "力 场 景 算".to_owned());
            let passage = IndexRow::new(Indexed::Passage { article: i, ordinal: 0 }, tokens());
            let title = IndexRow::new(Indexed::Title { article: i }, tokens());
            let mut rows = [passage.unwrap(), title.unwrap()];
            super::super::index::insert_index_rows(&conn, &mut rows).unwrap();
        }
        for (fts, before) in tables.iter().zip(before) {
            let written = segments_of(&conn, fts);
            assert!(written >= before + 10, "{fts}: {before} then {written}");
        }
        let t = Instant::now();
        for (fts, before) in tables.iter().zip(before) {
            while segments_of(&conn, fts) > before + 2 {
                let now = segments_of(&conn, fts);
                assert!(t.elapsed() < Duration::from_secs(20), "{fts} not merged: {now}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        assert!(cp.merged() > 0);
        // What was merged is all still found.
        for fts in tables {
            let n: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM {fts} WHERE {fts} MATCH 't:\"算力 力场\"'"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(n, 10, "{fts}");
        }
    }

    /// Writes that never pause (no idle merge) still have their segments merged, a step at a
    /// time between them, so that no level fills up to FTS5's merge inside a write.
    #[test]
    fn the_thread_merges_between_writes_that_never_pause() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut conn = crate::store::open(&path).unwrap();
        let cp =
            Checkpointer::start(&mut conn, &path, Arc::new(AtomicBool::new(true)), None).unwrap();
        let t = Instant::now();
        let mut i = 0i64;
        while cp.merged_busy() == 0 {
            assert!(t.elapsed() < Duration::from_secs(30), "no merge between {i} writes");
            i += 1;
            let what = super::super::index::Indexed::Passage { article: i, ordinal: 0 };
            let tokens = (format!("算力 力场 场景 w{i}"), "力 场 景 算".to_owned());
            let row = super::super::index::IndexRow::new(what, tokens).unwrap();
            super::super::index::insert_index_rows(&conn, &mut [row]).unwrap();
        }
        assert!(i >= BUSY_MERGE_SEGMENTS as i64, "merged after {i} writes");
        assert_eq!(super::super::index::segment_count(&conn).unwrap(), Some(segments(&conn)));
        // Everything written is still found.
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM search WHERE search MATCH 't:\"算力 力场\"'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, i);
    }

    /// With the automatic checkpoint replaced, only the thread can move pages from the log into
    /// the database file: so the file grows only if the thread does its work.
    #[test]
    fn the_thread_moves_the_log_into_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.db");
        let mut conn = crate::store::open(&path).unwrap();
        let cp =
            Checkpointer::start(&mut conn, &path, Arc::new(AtomicBool::new(true)), None).unwrap();
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
