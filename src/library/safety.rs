//! Keeping the library safe: a damaged file is never written to, and backups are made, rotated
//! and restored.
//!
//! **Damage.** Before the first write of a process, and again after SQLite has reported a
//! damaged file anywhere in it, the library is checked (`store::health::check`, a read of the
//! whole file). A damaged library refuses every write with one line naming the newest backup;
//! reading what can still be read goes on. Nothing is written to it first: no migration, index
//! rebuild, merge, checkpoint (the checkpointing thread waits for the `sound` flag, and the
//! connection does not checkpoint when it closes) or backup. The check is skipped when the file
//! is still the one last found sound: its [`Stamp`] (identity, size, modification time, change
//! counter) is recorded beside it after a check, after the thread's idle checkpoints and when a
//! sound library closes.
//!
//! When the stamp does not match, the check reads the whole file (~2 s at 250 MB, ~35 s at 4
//! GB). The command line has no idle time and checks before its first write, telling the user
//! when that is slow ([`Library::on_slow_check`]). A front door with idle time asks for a
//! [`FullCheck`] at launch and runs it on a thread and a read-only connection of its own; reads
//! go on meanwhile, and the first write waits for its verdict (at most
//! [`Library::set_check_wait`], then it is refused as "still being checked"), never racing it.
//!
//! **Backups.** In the folder `<library>.backups/` (`crate::backups`), each a `VACUUM INTO` copy
//! named after its UTC time and reason: before every migration, and once a day while the library
//! is in use. The daily one is never made inside a user's write (at 250 MB it takes ~0.7 s): a
//! front door asks for a [`DailyBackup`] when it has a moment (the command line after a writing
//! command has committed, the desktop from a timer) and runs it on a connection of its own,
//! which only reads, so that it holds up no write.
//! Automatic rotation keeps the newest of each of the last seven days with a backup and of each
//! of the last four weeks; the newest backup is always kept. [`Library::restore_backup`] moves the
//! current library aside (never deleting it) and puts a copy of the backup in its place.

use super::Library;
use crate::backups::{
    aside_name, backup_dir, list_backups, move_aside, rotate, snapshot_atomically, stamp_file,
};
use crate::model::BackupInfo;
use crate::store::health::{self, Stamp};
use crate::{store, Error, ErrorKind, Result};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

/// How long the check before a write may run before the user is told (see
/// [`Library::on_slow_check`]).
const SLOW_CHECK: Duration = Duration::from_secs(1);

/// Told the library's size in MB when its check before a write is slow.
type SlowCheckNotice = Box<dyn Fn(u64) + Send + Sync>;

/// What this process knows of the library file's soundness.
pub(super) struct Health {
    /// Found sound, and no damage reported since: writes (and the checkpointing thread) may go
    /// ahead.
    pub(super) sound: Arc<AtomicBool>,
    /// `crate::error::corruption_reports()` when it was last checked.
    reports: u64,
    /// What the check found wrong, once found damaged.
    damage: Option<String>,
    /// Something was written through this library (so the command line backs it up after).
    pub(super) wrote: bool,
    /// A full check running elsewhere (a [`FullCheck`]) whose verdict the next write takes.
    pending: Option<CheckVerdict>,
    /// How long a write waits for that verdict (`None`: as long as it takes).
    wait_limit: Option<Duration>,
    /// Told when a check made before a write is slow.
    on_slow: Option<SlowCheckNotice>,
}

impl Health {
    pub(super) fn new() -> Health {
        Health {
            sound: Arc::new(AtomicBool::new(false)),
            reports: 0,
            damage: None,
            wrote: false,
            pending: None,
            wait_limit: None,
            on_slow: None,
        }
    }
}

/// Records the file's stamp once the library's connection has closed (it is declared after the
/// connection in [`Library`], so it drops after it), if the library was sound.
pub(super) struct StampOnClose {
    pub(super) path: PathBuf,
    pub(super) sound: Arc<AtomicBool>,
}

impl Drop for StampOnClose {
    fn drop(&mut self) {
        if self.sound.load(Ordering::Relaxed) {
            if let Some(stamp) = Stamp::of(&self.path) {
                stamp.record(&stamp_file(&self.path));
            }
        }
    }
}

impl Library {
    /// Trusts the library as sound when its file is still the one last found sound.
    pub(super) fn trust_recorded_stamp(&mut self) {
        let Some(path) = &self.path else { return };
        if let (Some(now), Some(then)) = (Stamp::of(path), Stamp::recorded(&stamp_file(path))) {
            if now == then {
                self.health.reports = crate::error::corruption_reports();
                self.health.sound.store(true, Ordering::Relaxed);
            }
        }
    }

    /// Ok if and only if the library may be written: not read-only, and checked sound (now, if
    /// it had not been, or if SQLite reported damage since).
    pub(super) fn writable(&mut self) -> Result<()> {
        self.refuse_if_read_only()?;
        self.check_soundness()?;
        self.health.wrote = true;
        Ok(())
    }

    /// True if and only if a write of this library has begun since it was opened.
    pub fn has_written(&self) -> bool {
        self.health.wrote
    }

    /// The day's backup to make, if it is due: the library is a sound file that can be written
    /// and its folder holds no backup made today (UTC). Run it where it holds nothing up (see
    /// [`DailyBackup::run`]); it does not need this library.
    pub fn daily_backup_job(&self) -> Option<DailyBackup> {
        let path = self.path.clone()?;
        let due = !self.read_only
            && self.health.damage.is_none()
            && self.health.sound.load(Ordering::Relaxed)
            && !has_backup_of_today(&path);
        due.then(|| DailyBackup { path, sound: self.health.sound.clone() })
    }

    /// The one line that refuses a write to a library opened read-only.
    fn refuse_if_read_only(&self) -> Result<()> {
        match (&self.path, self.read_only) {
            (Some(path), true) => Err(Error::new(
                ErrorKind::Database,
                format!(
                    "the library {} is read-only (the file or its folder cannot be written); nothing was changed, reading still works",
                    path.display()
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Ok if and only if the library is sound (checked now if need be); otherwise the refusal.
    pub(super) fn check_soundness(&mut self) -> Result<()> {
        let Some(path) = self.path.clone() else { return Ok(()) };
        if let Some(problem) = &self.health.damage {
            return Err(self.refusal(&path, problem));
        }
        let reports = crate::error::corruption_reports();
        if self.health.sound.load(Ordering::Relaxed) && self.health.reports == reports {
            return Ok(());
        }
        let found = match self.health.pending.clone() {
            Some(pending) => match pending.wait(self.health.wait_limit) {
                Some(Ok(found)) => {
                    self.health.pending = None;
                    found
                }
                // The check elsewhere could not be made: make it here.
                Some(Err(_)) => {
                    self.health.pending = None;
                    self.check_here(&path)?
                }
                None => return Err(still_checking(&path)),
            },
            None => self.check_here(&path)?,
        };
        self.health.reports = crate::error::corruption_reports();
        match found {
            None => {
                self.health.sound.store(true, Ordering::Relaxed);
                if self.read_only {
                    return Ok(());
                }
                if let Some(stamp) = Stamp::of(&path) {
                    if std::fs::create_dir_all(backup_dir(&path)).is_ok() {
                        stamp.record(&stamp_file(&path));
                    }
                }
                Ok(())
            }
            Some(problem) => {
                self.health.sound.store(false, Ordering::Relaxed);
                if !self.read_only {
                    let _ = std::fs::remove_file(stamp_file(&path));
                }
                health::never_checkpoint_on_close(&self.conn)?;
                let refusal = self.refusal(&path, &problem);
                self.health.damage = Some(problem);
                Err(refusal)
            }
        }
    }

    /// Checks the library on its own connection; tells [`Library::on_slow_check`]'s notice
    /// when that takes longer than a second.
    fn check_here(&self, path: &Path) -> Result<Option<String>> {
        let Some(notice) = &self.health.on_slow else { return health::check(&self.conn) };
        let (done, finished) = std::sync::mpsc::channel::<()>();
        std::thread::scope(|s| {
            s.spawn(move || {
                if finished.recv_timeout(SLOW_CHECK)
                    == Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                {
                    notice(megabytes(path));
                }
            });
            let found = health::check(&self.conn);
            drop(done);
            found
        })
    }

    /// Asks `notice` to be told the library's size in MB when a check made before a write has
    /// taken more than a second (the command line says so on stderr; quick checks say nothing).
    pub fn on_slow_check(&mut self, notice: impl Fn(u64) + Send + Sync + 'static) {
        self.health.on_slow = Some(Box::new(notice));
    }

    /// Sets how long a write waits for the verdict of a [`FullCheck`] still running before it
    /// is refused (as "still being checked"; nothing is written). Without it, a write waits as
    /// long as the check takes.
    pub fn set_check_wait(&mut self, limit: Duration) {
        self.health.wait_limit = Some(limit);
    }

    /// The full check to run elsewhere, if the library is not known sound or damaged and none
    /// is running yet. Until its verdict has come, the first write waits for it (see
    /// [`Library::set_check_wait`]); a damaged verdict refuses every write, as a check made
    /// here would.
    pub fn full_check_job(&mut self) -> Option<FullCheck> {
        let path = self.path.clone()?;
        let known = self.health.damage.is_some()
            || self.health.pending.is_some()
            || (self.health.sound.load(Ordering::Relaxed)
                && self.health.reports == crate::error::corruption_reports());
        if known {
            return None;
        }
        let verdict = CheckVerdict(Arc::new((Mutex::new(None), Condvar::new())));
        self.health.pending = Some(verdict.clone());
        Some(FullCheck { path, verdict })
    }

    /// The one line that refuses a write to a damaged library, naming the newest backup.
    fn refusal(&self, path: &Path, problem: &str) -> Error {
        let newest = match list_backups(path) {
            Ok(b) => b.into_iter().next(),
            Err(_) => None,
        };
        let advice = match newest {
            Some(b) => format!("the newest good backup is {} (made {})", b.path, b.created),
            None => "there is no backup of it".to_owned(),
        };
        Error::new(
            ErrorKind::Database,
            format!(
                "the library {} is damaged ({problem}); nothing was written to it, reading still works where it can; {advice}",
                path.display()
            ),
        )
    }

    /// Checks the library unless it is known sound (cheap when its file is still the one last
    /// found sound, a read of every page otherwise); gives the damage found, if any. For a
    /// front door that shows damage before the user tries to write.
    pub fn check_damage(&mut self) -> Result<Option<String>> {
        match self.check_soundness() {
            Ok(()) => Ok(None),
            Err(e) => match &self.health.damage {
                Some(problem) => Ok(Some(problem.clone())),
                None => Err(e),
            },
        }
    }

    /// The damage found in the library, if it was checked and found damaged.
    pub fn damage(&self) -> Option<&str> {
        self.health.damage.as_deref()
    }

    /// Checks the whole library now (a read of every page); gives what is wrong, if anything.
    /// A damaged library refuses every write from then on.
    pub fn verify(&mut self) -> Result<Option<String>> {
        self.health.sound.store(false, Ordering::Relaxed);
        self.check_damage()
    }

    /// Makes a backup now: into `out` (a file that must not exist yet) if given, else into the
    /// library's backup folder (where rotation may later remove it). A damaged library is
    /// never backed up.
    pub fn backup(&mut self, out: Option<&Path>) -> Result<BackupInfo> {
        let path = self.file_path()?;
        self.check_soundness()?;
        match out {
            Some(to) => {
                if to.exists() {
                    return Err(Error::conflict(format!(
                        "{}: already exists (a backup never replaces a file)",
                        to.display()
                    )));
                }
                let created = crate::text::now_rfc3339();
                snapshot_atomically(&self.conn, to)?;
                let bytes = std::fs::metadata(to).map(|m| m.len()).unwrap_or(0);
                Ok(BackupInfo {
                    path: to.display().to_string(),
                    created,
                    bytes,
                    reason: "manual".into(),
                })
            }
            None => {
                self.refuse_if_read_only()?;
                self.backup_into_folder(&path, "manual")
            }
        }
    }

    /// The backups in the library's backup folder, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        list_backups(&self.file_path()?)
    }

    /// How many articles (outside the trash) the backup at `backup` holds: opened read-only,
    /// one count, a few milliseconds.
    pub fn articles_in_backup(backup: &Path) -> Result<u64> {
        let conn = open_backup(backup)?;
        health::live_articles(&conn)
    }

    /// Replaces the library with a copy of the backup at `backup`, after moving the current
    /// library file aside (it is never deleted); gives where it was moved. The backup is checked
    /// first, and left as it is. Another program that has the library open keeps the old file.
    pub fn restore_backup(&mut self, backup: &Path) -> Result<PathBuf> {
        let path = self.file_path()?;
        self.refuse_if_read_only()?;
        let source = open_backup(backup)?;
        let problem = health::check(&source)
            .map_err(|e| e.context(format!("the backup {}", backup.display())))?;
        if let Some(problem) = problem {
            return Err(Error::invalid(format!(
                "the backup {} is damaged too ({problem}); choose another",
                backup.display()
            )));
        }
        let version = health::schema_version(&source)?;
        if version > store::SCHEMA_VERSION {
            return Err(Error::invalid(format!(
                "the backup {} was written by a newer Zhaji (schema {version})",
                backup.display()
            )));
        }
        // Close this library (its thread and connection) before moving its file.
        drop(std::mem::replace(self, Library::open_in_memory()?));
        let aside = aside_name(&path);
        let _ = std::fs::remove_file(stamp_file(&path));
        let put = move_aside(&path, &aside).and_then(|()| health::snapshot(&source, &path));
        drop(source);
        if let Err(e) = put {
            // Put the library back as it was, and open it again.
            if !path.exists() && aside.exists() {
                let _ = move_aside(&aside, &path);
            }
            *self = Library::open(&path)?;
            return Err(e);
        }
        *self = Library::open(&path)?;
        Ok(aside)
    }

    /// A backup into the folder before the migration to `version`.
    pub(super) fn backup_before_migration(&mut self, version: i64) -> Result<()> {
        let path = self.file_path()?;
        self.backup_into_folder(&path, &format!("before-v{version}")).map(|_| ())
    }

    fn backup_into_folder(&mut self, path: &Path, reason: &str) -> Result<BackupInfo> {
        backup_into_folder(&self.conn, path, reason)
    }

    fn file_path(&self) -> Result<PathBuf> {
        self.path
            .clone()
            .ok_or_else(|| Error::new(ErrorKind::Unsupported, "a library in memory has no file"))
    }
}

/// The day's backup of a library, made on a connection of its own (see
/// [`Library::daily_backup_job`]). `Send`: a front door may run it on any thread.
pub struct DailyBackup {
    path: PathBuf,
    /// The library's `sound` flag: cleared when damage is found, and then no backup is made.
    sound: Arc<AtomicBool>,
}

impl DailyBackup {
    /// Makes the backup, unless one of today has been made since it was asked for or the
    /// library has been found damaged since; gives the backup made. It only reads the library,
    /// in one read transaction (a `VACUUM INTO`), so writers go on meanwhile.
    pub fn run(self) -> Result<Option<BackupInfo>> {
        if !self.sound.load(Ordering::Relaxed) || has_backup_of_today(&self.path) {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| {
            Error::from(e).context(format!("cannot open the library {}", self.path.display()))
        })?;
        backup_into_folder(&conn, &self.path, "daily").map(Some)
    }
}

/// A full check of the library (a read of every page) made on a thread and a read-only
/// connection of its own, so that the library's reads go on meanwhile (see
/// [`Library::full_check_job`]). `Send`. Dropped without running, it hands the check back to
/// the library's next write.
pub struct FullCheck {
    path: PathBuf,
    verdict: CheckVerdict,
}

impl FullCheck {
    /// Where the verdict will be, for a front door that waits for it without holding the
    /// library.
    pub fn verdict(&self) -> CheckVerdict {
        self.verdict.clone()
    }

    /// Reads the whole library and leaves the verdict for the library's next write.
    pub fn run(self) {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| {
            Error::from(e).context(format!("cannot open the library {}", self.path.display()))
        });
        self.verdict.give(conn.and_then(|c| health::check(&c)));
    }
}

impl Drop for FullCheck {
    fn drop(&mut self) {
        self.verdict.give(Err(Error::internal("the library's check did not run")));
    }
}

/// The verdict of a [`FullCheck`]: the damage found, if any, once the check has ended.
#[derive(Clone)]
pub struct CheckVerdict(Arc<(Mutex<Option<Found>>, Condvar)>);

/// What a check found: the damage, if any; or why it could not be made.
type Found = Result<Option<String>>;

impl CheckVerdict {
    /// Gives the verdict, unless one was given already; wakes whoever waits.
    fn give(&self, found: Found) {
        let (slot, ended) = &*self.0;
        let mut slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        if slot.is_none() {
            *slot = Some(found);
            ended.notify_all();
        }
    }

    /// The verdict, waiting for it at most `limit` (`None`: as long as it takes); `None` if
    /// it has not come by then.
    fn wait(&self, limit: Option<Duration>) -> Option<Found> {
        let (slot, ended) = &*self.0;
        let slot = slot.lock().unwrap_or_else(PoisonError::into_inner);
        let slot = match limit {
            None => ended.wait_while(slot, |v| v.is_none()).unwrap_or_else(PoisonError::into_inner),
            Some(limit) => {
                ended
                    .wait_timeout_while(slot, limit, |v| v.is_none())
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
        };
        slot.clone()
    }

    /// Waits until the check has ended.
    pub fn wait_until_ended(&self) {
        self.wait(None);
    }
}

/// The one line that refuses a write while a [`FullCheck`] of the library still runs.
fn still_checking(path: &Path) -> Error {
    Error::new(
        ErrorKind::Database,
        format!(
            "the library {} ({} MB) is still being checked before its first change; nothing was changed, reading works meanwhile; try again in a moment",
            path.display(),
            megabytes(path)
        ),
    )
}

/// The size of the library file in MB (10^6 bytes).
fn megabytes(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len() / 1_000_000).unwrap_or(0)
}

/// A backup file opened for reading only.
fn open_backup(backup: &Path) -> Result<Connection> {
    Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::from(e).context(format!("cannot open the backup {}", backup.display())))
}

/// True if and only if the backup folder of the library at `path` holds a backup made today
/// (UTC).
fn has_backup_of_today(path: &Path) -> bool {
    let today = crate::text::now_rfc3339();
    let newest = list_backups(path).unwrap_or_default();
    newest.first().is_some_and(|b| b.created.get(..10) == today.get(..10))
}

/// A backup of the library at `path`, read through `conn`, into its folder; then rotation.
fn backup_into_folder(conn: &Connection, path: &Path, reason: &str) -> Result<BackupInfo> {
    let dir = backup_dir(path);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::io(&dir, "cannot create the backup folder", &e))?;
    let created = crate::text::now_rfc3339();
    let stem = created.replace(':', "-");
    let mut to = dir.join(format!("{stem}-{reason}.db"));
    let mut n = 2;
    while to.exists() {
        to = dir.join(format!("{stem}-{reason}-{n}.db"));
        n += 1;
    }
    snapshot_atomically(conn, &to)?;
    rotate(path)?;
    let bytes = std::fs::metadata(&to).map(|m| m.len()).unwrap_or(0);
    Ok(BackupInfo { path: to.display().to_string(), created, bytes, reason: reason.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A library written by an older Zhaji is backed up before it is migrated, and the backup
    /// holds the old schema and its data.
    #[test]
    fn a_migration_is_preceded_by_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("旧库.db");
        {
            let c = Connection::open(&path).unwrap();
            store::migrate_to(&c, store::SCHEMA_VERSION - 1).unwrap();
            c.execute_batch("INSERT INTO setting VALUES ('color.blue', '论点')").unwrap();
        }
        let lib = Library::open(&path).unwrap();
        let list = lib.backups().unwrap();
        let want = format!("before-v{}", store::SCHEMA_VERSION);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].reason, want);
        let old = Connection::open(&list[0].path).unwrap();
        assert_eq!(health::schema_version(&old).unwrap(), store::SCHEMA_VERSION - 1);
        let label: String = old.query_row("SELECT value FROM setting", [], |r| r.get(0)).unwrap();
        assert_eq!(label, "论点");
    }

    /// A write makes no backup; the day's backup is a job asked for afterwards, made once a
    /// day, on a connection of its own, while the library stays open and writable.
    #[test]
    fn the_daily_backup_is_a_job_outside_the_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("书库.db");
        let mut lib = Library::open(&path).unwrap();
        assert!(!lib.has_written());
        let id = lib.import_pasted("算力的账本：归根结底是一个钱字。").unwrap().article.id;
        assert!(lib.has_written());
        assert!(lib.backups().unwrap().is_empty(), "a write made a backup");
        let job = lib.daily_backup_job().unwrap();
        let made = std::thread::spawn(move || job.run()).join().unwrap().unwrap().unwrap();
        assert_eq!(made.reason, "daily");
        assert_eq!(lib.backups().unwrap(), vec![made.clone()]);
        assert_eq!(Library::articles_in_backup(Path::new(&made.path)).unwrap(), 1);
        assert!(lib.daily_backup_job().is_none(), "a second backup on the same day");
        lib.set_article_note(id, "写在备份之后").unwrap();
        let copy = Connection::open(&made.path).unwrap();
        assert_eq!(health::check(&copy).unwrap(), None);
        drop(copy);
        let backup = Library::open(Path::new(&made.path)).unwrap();
        assert_eq!(backup.articles(&Default::default()).unwrap().len(), 1);
    }

    /// A library that is damaged is neither migrated nor backed up: opening it fails, naming
    /// the damage, and leaves the file as it was.
    #[test]
    fn a_damaged_old_library_is_not_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let c = Connection::open(&path).unwrap();
            store::migrate_to(&c, store::SCHEMA_VERSION - 1).unwrap();
            let big = "账".repeat(3000);
            for i in 0..200 {
                c.execute("INSERT INTO setting VALUES (?1, ?2)", (i.to_string(), &big)).unwrap();
            }
            c.execute_batch("PRAGMA journal_mode = WAL").unwrap();
        }
        let mut bytes = std::fs::read(&path).unwrap();
        for b in &mut bytes[4096 * 2..4096 * 3] {
            *b = 0x5a;
        }
        std::fs::write(&path, &bytes).unwrap();
        let err = Library::open(&path).err().unwrap();
        assert!(err.message().contains("is damaged"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
        assert!(list_backups(&path).unwrap().is_empty());
    }
}
