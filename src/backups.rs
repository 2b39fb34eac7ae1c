//! The backup folder beside a library, as files: where it is, how backups are named, written
//! whole or not at all, listed, rotated, and how a library is moved aside for a restore. The
//! façade decides when (`library/safety.rs`); the snapshot itself is the store's
//! (`store::health::snapshot`, `VACUUM INTO`).

use crate::model::BackupInfo;
use crate::store::health;
use crate::{Error, Result};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Days whose newest backup rotation keeps.
pub(crate) const DAILY: usize = 7;
/// Weeks whose newest backup rotation keeps.
pub(crate) const WEEKLY: usize = 4;

/// The folder that holds a library's backups and its stamp.
pub(crate) fn backup_dir(library: &Path) -> PathBuf {
    let mut name = library.file_name().unwrap_or_default().to_os_string();
    name.push(".backups");
    library.with_file_name(name)
}

/// The file that holds the stamp of the library last found sound.
pub(crate) fn stamp_file(library: &Path) -> PathBuf {
    backup_dir(library).join("sound")
}

/// Writes the snapshot to a temporary name beside `to`, then renames it: a backup is whole or
/// absent.
pub(crate) fn snapshot_atomically(conn: &Connection, to: &Path) -> Result<()> {
    // Named for this process: two processes may back up at the same moment.
    let partial = with_suffix(to, &format!(".{}.partial", std::process::id()));
    let _ = std::fs::remove_file(&partial);
    if let Err(e) = health::snapshot(conn, &partial) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, to).map_err(|e| Error::io(to, "cannot write the backup", &e))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Moves a closed library file, with its log and shared memory if any, to `to`.
pub(crate) fn move_aside(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(|e| Error::io(from, "cannot move the library aside", &e))?;
    for suffix in ["-wal", "-shm"] {
        let (f, t) = (with_suffix(from, suffix), with_suffix(to, suffix));
        if f.exists() {
            std::fs::rename(&f, &t)
                .map_err(|e| Error::io(&f, "cannot move the library aside", &e))?;
        }
    }
    Ok(())
}

/// A name beside the library, not yet taken, for the library that a restore replaces.
pub(crate) fn aside_name(path: &Path) -> PathBuf {
    let stamp = crate::text::now_rfc3339().replace(':', "-");
    let mut aside = with_suffix(path, &format!(".replaced-{stamp}"));
    let mut n = 2;
    while aside.exists() {
        aside = with_suffix(path, &format!(".replaced-{stamp}-{n}"));
        n += 1;
    }
    aside
}

/// The backups in the folder of the library at `path`, newest first (names that Zhaji did not
/// make are left out).
pub(crate) fn list_backups(path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backup_dir(path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir, "cannot read the backup folder", &e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((created, reason)) = parse_name(&name) else { continue };
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        out.push(BackupInfo {
            path: entry.path().display().to_string(),
            created,
            bytes: meta.len(),
            reason,
        });
    }
    out.sort_by(|a, b| b.created.cmp(&a.created).then(b.path.cmp(&a.path)));
    Ok(out)
}

/// `2026-12-06T01-55-02Z-daily.db` → (`2026-12-06T01:55:02Z`, `daily`).
fn parse_name(name: &str) -> Option<(String, String)> {
    let rest = name.strip_suffix(".db")?;
    let (time, reason) = (rest.get(..20)?, rest.get(21..)?);
    let b = time.as_bytes();
    let shape_ok = b.len() == 20
        && time.chars().enumerate().all(|(i, c)| match i {
            4 | 7 | 13 | 16 => c == '-',
            10 => c == 'T',
            19 => c == 'Z',
            _ => c.is_ascii_digit(),
        });
    if !shape_ok || rest.as_bytes().get(20) != Some(&b'-') || reason.is_empty() {
        return None;
    }
    let created = format!("{}:{}:{}", &time[..13], &time[14..16], &time[17..]);
    let reason = match reason.rsplit_once('-') {
        Some((r, n)) if n.chars().all(|c| c.is_ascii_digit()) && r.starts_with("before-v") => r,
        Some((r, n)) if n.chars().all(|c| c.is_ascii_digit()) && !r.starts_with("before") => r,
        _ => reason,
    };
    Some((created, reason.to_owned()))
}

/// Removes the backups that rotation does not keep: the newest of each of the last [`DAILY`]
/// days that have one, and of each of the last [`WEEKLY`] weeks; never the newest.
pub(crate) fn rotate(path: &Path) -> Result<()> {
    let all = list_backups(path)?;
    let keep = kept(&all.iter().map(|b| b.created.as_str()).collect::<Vec<_>>());
    for (b, keep) in all.iter().zip(keep) {
        if !keep {
            let _ = std::fs::remove_file(&b.path);
        }
    }
    Ok(())
}

/// Which of the backups made at `created` (newest first, RFC 3339) rotation keeps: the newest,
/// the newest of each of the last [`DAILY`] days that have one, then, older than those, the
/// newest of each of [`WEEKLY`] weeks.
fn kept(created: &[&str]) -> Vec<bool> {
    let mut keep = vec![false; created.len()];
    let (mut days, mut weeks) = (Vec::new(), Vec::new());
    for (i, c) in created.iter().enumerate() {
        let Some(day) = day_number(c) else {
            keep[i] = true; // not ours to judge
            continue;
        };
        if i == 0 {
            keep[i] = true;
        }
        if days.len() < DAILY {
            if !days.contains(&day) {
                days.push(day);
                keep[i] = true;
            }
            continue;
        }
        if days.contains(&day) {
            continue;
        }
        let week = day.div_euclid(7);
        if !weeks.contains(&week) && weeks.len() < WEEKLY {
            weeks.push(week);
            keep[i] = true;
        }
    }
    keep
}

/// Days since 1970-01-01 of the date that starts `rfc3339`.
fn day_number(rfc3339: &str) -> Option<i64> {
    let date = chrono::NaiveDate::parse_from_str(rfc3339.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.signed_duration_since(chrono::NaiveDate::default()).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_back() {
        assert_eq!(
            parse_name("2026-12-06T01-55-02Z-daily.db"),
            Some(("2026-12-06T01:55:02Z".into(), "daily".into()))
        );
        assert_eq!(
            parse_name("2026-12-06T01-55-02Z-before-v7-2.db"),
            Some(("2026-12-06T01:55:02Z".into(), "before-v7".into()))
        );
        assert_eq!(parse_name("notes.db"), None);
        assert_eq!(parse_name("2026-12-06T01-55-02Z-daily.db.partial"), None);
    }

    #[test]
    fn day_numbers_match_the_calendar() {
        assert_eq!(day_number("1970-01-01T00:00:00Z"), Some(0));
        for secs in [0i64, 86_399, 951_782_400, 1_796_500_000, 4_107_542_400] {
            let s = crate::text::rfc3339_from_unix(secs);
            assert_eq!(day_number(&s), Some(secs.div_euclid(86_400)), "{s}");
        }
    }

    /// Sixty days of backups, two a day: the newest of each of seven days and of four weeks.
    #[test]
    fn rotation_keeps_seven_days_and_four_weeks() {
        let mut created = Vec::new();
        for day in (0..60).rev() {
            for hour in [18, 6] {
                created.push(crate::text::rfc3339_from_unix(
                    1_796_000_000 / 86_400 * 86_400 + day * 86_400 + hour * 3600,
                ));
            }
        }
        let refs: Vec<&str> = created.iter().map(String::as_str).collect();
        let keep = kept(&refs);
        assert!(keep[0], "the newest is kept");
        let kept_days: Vec<&str> =
            refs.iter().zip(&keep).filter(|(_, k)| **k).map(|(c, _)| &c[..10]).collect();
        // Seven days in a row, then one from each of four older weeks.
        assert_eq!(kept_days.len(), DAILY + WEEKLY, "{kept_days:?}");
        let mut unique = kept_days.clone();
        unique.dedup();
        assert_eq!(unique.len(), kept_days.len(), "one a day at most: {kept_days:?}");
        assert_eq!(
            &kept_days[..7],
            &refs.iter().step_by(2).take(7).map(|c| &c[..10]).collect::<Vec<_>>()[..]
        );
        let oldest = kept_days.last().unwrap();
        let span = day_number(refs[0]).unwrap() - day_number(oldest).unwrap();
        // Four distinct weeks after the seven days: the fourth begins 15 to 21 days after day 7.
        assert!((22..=28).contains(&span), "four weeks before the seven days: {span} days");
        let weeks: Vec<i64> =
            kept_days[7..].iter().map(|d| day_number(d).unwrap().div_euclid(7)).collect();
        assert!(weeks.windows(2).all(|w| w[0] > w[1]), "{kept_days:?}");
    }
}
