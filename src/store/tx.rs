//! Transactions and savepoints: the one place that says `BEGIN`, `COMMIT`, `ROLLBACK` or
//! `SAVEPOINT`.
//!
//! A write takes the database's write lock when it begins ([`Lock::Write`], `BEGIN IMMEDIATE`), so
//! that it waits for another writer at its start (the busy timeout) instead of failing half-way.
//! A read that must see one state of the library throughout takes a [`Lock::Read`] transaction.
//!
//! **Waiting for the lock, fairly.** SQLite's own busy timeout sleeps ever longer between tries
//! (up to 100 ms), so a short write waiting behind a folder import seldom found the lock free in
//! the moment between two of the import's transactions, and waited seconds (p99 5.0 s with one
//! writer beside two looping imports, and "database is locked" after 5 s with eight). Here every
//! connection waits with [`busy_wait`]: a short write tries again every millisecond or two, for
//! as long as [`DEADLINE`], while bulk work ([`Bulk`], an import) tries only every
//! [`BULK_POLL`] and gives the lock up for a moment after each of its transactions
//! ([`yield_lock`]), so that the short writes waiting get it first. A short write waiting in
//! this process is also seen by the bulk work of its other connections
//! ([`short_write_waiting`]): an import then ends its transaction at once instead of at its
//! usual size (the desktop imports folders on a connection of its own, beside the reader's).

use crate::{Error, Result};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// How long a write waits for the lock before it reports that the library is locked: long
/// enough for any batch of an import, or a checkpoint, to end many times over.
pub(crate) const DEADLINE: Duration = Duration::from_secs(30);
/// How often bulk work tries for the lock while it waits.
const BULK_POLL: Duration = Duration::from_millis(10);
/// How long bulk work leaves the lock free after each of its transactions.
const YIELD: Duration = Duration::from_millis(10);

/// How recently a short write must have found the lock taken to count as waiting: it tries
/// again every millisecond or two while it waits.
const WAIT_SEEN_FOR: Duration = Duration::from_millis(5);

/// When a short write in this process last found the lock taken: microseconds since [`epoch`],
/// plus one (0: never).
static SHORT_WAIT_SEEN: AtomicU64 = AtomicU64::new(0);

fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

/// Microseconds since [`epoch`], plus one.
fn stamp(at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(epoch()).as_micros()).unwrap_or(u64::MAX - 1) + 1
}

/// True when a short write on another connection of this process is waiting for the lock now
/// (bulk work holding it should commit and leave it free).
pub(crate) fn short_write_waiting() -> bool {
    let seen = SHORT_WAIT_SEEN.load(Ordering::Relaxed);
    seen != 0 && stamp(Instant::now()).saturating_sub(seen) <= WAIT_SEEN_FOR.as_micros() as u64
}

thread_local! {
    /// When this thread began waiting for the lock (the busy handler's first call).
    static WAITING_SINCE: Cell<Option<Instant>> = const { Cell::new(None) };
    /// This thread is doing bulk work (see [`Bulk`]).
    static BULK: Cell<bool> = const { Cell::new(false) };
}

/// Makes `conn` wait for the lock with [`busy_wait`].
pub(crate) fn wait_fairly(conn: &mut Connection) -> Result<()> {
    conn.busy_handler(Some(busy_wait))?;
    Ok(())
}

/// SQLite's busy handler: called with 0, 1, 2… while the lock is taken; sleeps a little and
/// gives true to try again, or false (the library is locked) once [`DEADLINE`] has passed.
fn busy_wait(tries: i32) -> bool {
    let now = Instant::now();
    let since = WAITING_SINCE.with(|w| match (tries, w.get()) {
        (0, _) | (_, None) => {
            w.set(Some(now));
            now
        }
        (_, Some(t)) => t,
    });
    if now.duration_since(since) >= DEADLINE {
        return false;
    }
    let bulk = BULK.with(Cell::get);
    if !bulk {
        SHORT_WAIT_SEEN.store(stamp(now), Ordering::Relaxed);
    }
    let pause = if bulk {
        BULK_POLL
    } else if tries < 20 {
        Duration::from_millis(1)
    } else {
        Duration::from_millis(2)
    };
    std::thread::sleep(pause);
    true
}

/// Marks the current thread as doing bulk work while it lives: it waits for the lock less
/// eagerly than short writes.
pub(crate) struct Bulk(bool);

impl Bulk {
    pub(crate) fn new() -> Bulk {
        Bulk(BULK.with(|b| b.replace(true)))
    }
}

impl Drop for Bulk {
    fn drop(&mut self) {
        BULK.with(|b| b.set(self.0));
    }
}

/// Leaves the write lock free for a moment (after a transaction of bulk work), so that a
/// short write that waits for it, in this process or another, can take it.
pub(crate) fn yield_lock() {
    std::thread::sleep(YIELD);
}

/// How a transaction takes the database's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lock {
    /// A snapshot for reading: the lock is taken by the first statement (`BEGIN`).
    Read,
    /// The write lock, taken at once (`BEGIN IMMEDIATE`).
    Write,
}

/// A write transaction as a guard: [`Transaction::commit`] ends it, dropping it rolls it back.
/// The façade's writes use it.
pub(crate) fn write_transaction(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// A read snapshot as a guard (rolled back when dropped): every statement run while it lives
/// sees the same state of the library.
pub(crate) fn read_snapshot(conn: &Connection) -> Result<Transaction<'_>> {
    Ok(conn.unchecked_transaction()?)
}

/// Runs `f` in one transaction: committed when it gives `Ok`, rolled back when it gives `Err`.
pub(crate) fn in_transaction<T>(
    conn: &Connection,
    lock: Lock,
    f: impl FnOnce(&Connection) -> Result<T>,
) -> Result<T> {
    begin(conn, lock)?;
    match f(conn) {
        Ok(v) => {
            commit(conn)?;
            Ok(v)
        }
        Err(e) => {
            let _ = rollback(conn);
            Err(e)
        }
    }
}

/// Begins a transaction that stays open across calls (an import's batch), until [`commit`] or
/// [`rollback`]. Prefer [`in_transaction`] or [`write_transaction`] when the work fits in one
/// call.
pub(crate) fn begin(conn: &Connection, lock: Lock) -> Result<()> {
    conn.execute_batch(match lock {
        Lock::Read => "BEGIN",
        Lock::Write => "BEGIN IMMEDIATE",
    })?;
    Ok(())
}

/// Commits the transaction [`begin`] opened.
pub(crate) fn commit(conn: &Connection) -> Result<()> {
    conn.execute_batch("COMMIT")?;
    Ok(())
}

/// Rolls back the transaction [`begin`] opened. Callers that are already reporting an error
/// may ignore this one: SQLite rolls back by itself on some failures, and then there is nothing
/// left to roll back.
pub(crate) fn rollback(conn: &Connection) -> Result<()> {
    conn.execute_batch("ROLLBACK")?;
    Ok(())
}

/// Runs `f` inside a savepoint of the open transaction: kept when `f` succeeds, undone when it
/// fails, so that one part of a transaction (one document of an import) is all or nothing. The
/// inner result is `f`'s; the outer error means the savepoint itself failed, and the
/// transaction is in doubt.
pub(crate) fn in_savepoint<T>(
    conn: &Connection,
    f: impl FnOnce(&Connection) -> Result<T>,
) -> std::result::Result<Result<T>, Error> {
    conn.execute_batch("SAVEPOINT zj_part")?;
    let r = f(conn);
    let end = if r.is_ok() { "RELEASE zj_part" } else { "ROLLBACK TO zj_part; RELEASE zj_part" };
    conn.execute_batch(end)?;
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (x TEXT)").unwrap();
        c
    }

    fn count(c: &Connection) -> i64 {
        c.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap()
    }

    #[test]
    fn a_transaction_keeps_all_or_nothing() {
        let c = conn();
        let kept = in_transaction(&c, Lock::Write, |c| {
            c.execute("INSERT INTO t VALUES ('算力')", [])?;
            Ok(7)
        });
        assert_eq!(kept.unwrap(), 7);
        let failed: Result<()> = in_transaction(&c, Lock::Write, |c| {
            c.execute("INSERT INTO t VALUES ('芯片')", [])?;
            Err(Error::invalid("no"))
        });
        assert!(failed.is_err());
        assert_eq!(count(&c), 1);
        assert!(c.is_autocommit(), "no transaction is left open");
    }

    #[test]
    fn a_savepoint_undoes_only_its_own_part() {
        let c = conn();
        begin(&c, Lock::Write).unwrap();
        let one = in_savepoint(&c, |c| Ok(c.execute("INSERT INTO t VALUES ('一')", [])?));
        let two: std::result::Result<Result<()>, Error> = in_savepoint(&c, |c| {
            c.execute("INSERT INTO t VALUES ('二')", [])?;
            Err(Error::invalid("bad document"))
        });
        assert_eq!(one.unwrap().unwrap(), 1);
        assert!(two.unwrap().is_err());
        commit(&c).unwrap();
        let kept: String = c.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!((count(&c), kept.as_str()), (1, "一"));
    }

    #[test]
    fn a_rolled_back_transaction_leaves_nothing() {
        let c = conn();
        begin(&c, Lock::Read).unwrap();
        c.execute("INSERT INTO t VALUES ('x')", []).unwrap();
        rollback(&c).unwrap();
        assert_eq!(count(&c), 0);
        assert!(c.is_autocommit());
    }

    /// Bulk work holding the lock learns that a short write of this process waits for it, and
    /// the short write goes through once the lock is left.
    #[test]
    fn bulk_work_sees_a_short_write_of_this_process_waiting() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let open = move || {
            let mut c = Connection::open(&path).unwrap();
            wait_fairly(&mut c).unwrap();
            c
        };
        let holder = open();
        holder.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t (x TEXT)").unwrap();
        let _bulk = Bulk::new();
        begin(&holder, Lock::Write).unwrap();
        holder.execute("INSERT INTO t VALUES ('导入')", []).unwrap();
        let waiter =
            std::thread::spawn(move || {
                let c = open();
                in_transaction(&c, Lock::Write, |c| {
                    Ok(c.execute("INSERT INTO t VALUES ('划线')", [])?)
                })
                .unwrap();
            });
        let since = Instant::now();
        while !short_write_waiting() && since.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert!(short_write_waiting(), "the waiting write was not seen");
        commit(&holder).unwrap();
        waiter.join().unwrap();
        assert_eq!(count(&holder), 2);
    }
}
