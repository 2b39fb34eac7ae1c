//! The sync folder as files: `<folder>/zhaji-sync/<device id>/device.json` (the device's name and
//! the format it writes) and `NNNNNNNNNN.changes`, the changes it made, numbered from 1.
//!
//! A device writes only in its own folder, each file whole under a temporary name and then
//! renamed, so a file syncer never sees two writers of one file. A changes file is a header
//! (magic, format version, payload length, SHA-256 of the payload) and its records (document
//! key, change bytes): a file still arriving fails its length or checksum and is read again at
//! the next round; a file of a newer format is reported and skipped.

use super::crypt::{self, Key};
use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The format this build writes and reads; files of a higher one are skipped. Format 2: documents
/// of claims and preferences (`claim:…`, `preferences`), which a build of format 1 would take for
/// articles' and wait on for ever, and records that hold a document's saved form (a compacted
/// file) instead of one change.
pub(crate) const FORMAT: u16 = 2;
const MAGIC: &[u8; 8] = b"ZHAJISYN";
/// The magic of a file whose payload is sealed with the folder's key.
const MAGIC_SEALED: &[u8; 8] = b"ZHAJISYX";
const HEADER: usize = 8 + 2 + 8 + 32;
const SUFFIX: &str = ".changes";

/// `<folder>/zhaji-sync`.
pub(crate) fn root(folder: &Path) -> PathBuf {
    folder.join("zhaji-sync")
}

/// The folder device `device` writes in.
pub(crate) fn device_dir(folder: &Path, device: &str) -> PathBuf {
    root(folder).join(device)
}

fn file_name(number: i64) -> String {
    format!("{number:010}{SUFFIX}")
}

/// One record of a changes file: the document it belongs to and one Automerge change, or (in a
/// compacted file) the document's saved form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Record {
    pub doc: String,
    pub change: Vec<u8>,
}

/// What reading a changes file found.
#[derive(Debug)]
pub(crate) enum Read {
    Records(Vec<Record>),
    /// Shorter than its header says, or its checksum differs: still arriving, or damaged.
    Incomplete,
    /// Written by a newer Zhaji, in a format this one does not know.
    Newer,
    /// Sealed with a key this library does not have.
    Locked,
}

/// The bytes of a changes file holding `records`, sealed with `key` when the folder has one.
pub(crate) fn encode(records: &[Record], key: Option<&Key>) -> Result<Vec<u8>> {
    let mut payload = Vec::new();
    for r in records {
        payload.extend_from_slice(&(r.doc.len() as u32).to_le_bytes());
        payload.extend_from_slice(r.doc.as_bytes());
        payload.extend_from_slice(&(r.change.len() as u32).to_le_bytes());
        payload.extend_from_slice(&r.change);
    }
    if let Some(key) = key {
        payload = crypt::seal(key, &payload)?;
    }
    let mut out = Vec::with_capacity(HEADER + payload.len());
    out.extend_from_slice(if key.is_some() { MAGIC_SEALED } else { MAGIC });
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(&payload));
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Reads the bytes of a changes file (sealed ones with `key`).
pub(crate) fn decode(bytes: &[u8], key: Option<&Key>) -> Read {
    if bytes.len() < HEADER || (&bytes[..8] != MAGIC && &bytes[..8] != MAGIC_SEALED) {
        return Read::Incomplete;
    }
    let format = u16::from_le_bytes([bytes[8], bytes[9]]);
    if format > FORMAT {
        return Read::Newer;
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&bytes[10..18]);
    let stored = &bytes[HEADER..];
    if u64::from_le_bytes(len) != stored.len() as u64
        || Sha256::digest(stored).as_slice() != &bytes[18..HEADER]
    {
        return Read::Incomplete;
    }
    let opened;
    let payload = if &bytes[..8] == MAGIC_SEALED {
        match key.and_then(|k| crypt::open(k, stored)) {
            Some(p) => {
                opened = p;
                &opened[..]
            }
            None => return Read::Locked,
        }
    } else {
        stored
    };
    let mut records = Vec::new();
    let mut at = 0;
    let take = |at: &mut usize| -> Option<Vec<u8>> {
        let n = u32::from_le_bytes(payload.get(*at..*at + 4)?.try_into().ok()?) as usize;
        let v = payload.get(*at + 4..*at + 4 + n)?.to_vec();
        *at += 4 + n;
        Some(v)
    };
    while at < payload.len() {
        let (Some(doc), Some(change)) = (take(&mut at), take(&mut at)) else {
            return Read::Incomplete;
        };
        let Ok(doc) = String::from_utf8(doc) else { return Read::Incomplete };
        records.push(Record { doc, change });
    }
    Read::Records(records)
}

/// How the folder's key is made from a passphrase (`encryption.json`): Argon2id's salt and
/// costs, and the check value sealed with the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Encryption {
    pub salt: Vec<u8>,
    pub m: u32,
    pub t: u32,
    pub p: u32,
    pub check: Vec<u8>,
}

/// The folder's encryption, if it is encrypted.
pub(crate) fn encryption(folder: &Path) -> Result<Option<Encryption>> {
    use base64::Engine;
    let path = root(folder).join("encryption.json");
    let Ok(bytes) = fs::read(&path) else { return Ok(None) };
    let bad =
        || Error::invalid(format!("{} cannot be read: is it from a newer Zhaji?", path.display()));
    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    let b64 = |k: &str| {
        base64::engine::general_purpose::STANDARD.decode(v[k].as_str().unwrap_or_default()).ok()
    };
    let num = |k: &str| v[k].as_u64().and_then(|n| u32::try_from(n).ok());
    if v["kdf"] != "argon2id" {
        return Err(bad());
    }
    Ok(Some(Encryption {
        salt: b64("salt").ok_or_else(bad)?,
        m: num("m").ok_or_else(bad)?,
        t: num("t").ok_or_else(bad)?,
        p: num("p").ok_or_else(bad)?,
        check: b64("check").ok_or_else(bad)?,
    }))
}

/// Records the folder's encryption (made once, by the first device to join with a passphrase).
pub(crate) fn write_encryption(folder: &Path, e: &Encryption) -> Result<()> {
    use base64::Engine;
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let v = serde_json::json!({
        "kdf": "argon2id", "salt": b64(&e.salt), "m": e.m, "t": e.t, "p": e.p,
        "check": b64(&e.check),
    });
    write_whole(&root(folder).join("encryption.json"), v.to_string().as_bytes())
}

/// Writes `bytes` to `path` whole: a temporary file in the same folder, synced, then renamed.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, "write a sync file in", &e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, "write", &e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(path, "write", &e))?;
    tmp.persist(path).map_err(|e| Error::io(path, "write", &e.error))?;
    Ok(())
}

/// Makes this device's folder and writes its `device.json`.
pub(crate) fn write_device(folder: &Path, device: &str, name: &str) -> Result<()> {
    let dir = device_dir(folder, device);
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "create the sync folder", &e))?;
    let manifest = serde_json::json!({ "format": FORMAT, "device": device, "name": name });
    write_whole(&dir.join("device.json"), manifest.to_string().as_bytes())
}

/// Writes changes file `number` of `device`.
pub(crate) fn write_changes(folder: &Path, device: &str, number: i64, bytes: &[u8]) -> Result<()> {
    let dir = device_dir(folder, device);
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, "create the sync folder", &e))?;
    write_whole(&dir.join(file_name(number)), bytes)
}

/// A device seen in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Device {
    pub id: String,
    pub name: String,
    /// The format its manifest names (0 when it has none yet, or it cannot be read).
    pub format: u16,
    /// Its changes files' numbers, ascending.
    pub files: Vec<i64>,
}

/// Every device folder under `<folder>/zhaji-sync`, in the order of their ids.
pub(crate) fn devices(folder: &Path) -> Result<Vec<Device>> {
    let root = root(folder);
    let entries = fs::read_dir(&root).map_err(|e| Error::io(&root, "read the sync folder", &e))?;
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let Some(id) = entry.file_name().to_str().map(str::to_owned) else { continue };
        if id.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        let manifest: serde_json::Value = fs::read(entry.path().join("device.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let name = manifest["name"].as_str().unwrap_or(&id).to_owned();
        let format = manifest["format"].as_u64().map_or(0, |f| f.min(u16::MAX as u64) as u16);
        let mut files: Vec<i64> = fs::read_dir(entry.path())
            .map_err(|e| Error::io(&entry.path(), "read the sync folder", &e))?
            .flatten()
            .filter_map(|f| f.file_name().to_str()?.strip_suffix(SUFFIX)?.parse().ok())
            .collect();
        files.sort_unstable();
        out.push(Device { id, name, format, files });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// The bytes of changes file `number` of `device` (`None` when it is not there, or not yet).
pub(crate) fn read_changes(folder: &Path, device: &str, number: i64) -> Option<Vec<u8>> {
    fs::read(device_dir(folder, device).join(file_name(number))).ok()
}

/// Removes changes file `number` of `device` (compaction, by the device itself).
pub(crate) fn remove_changes(folder: &Path, device: &str, number: i64) -> Result<()> {
    let path = device_dir(folder, device).join(file_name(number));
    match fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&path, "remove", &e)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reads_back_and_a_cut_one_is_incomplete() {
        let records = vec![
            Record { doc: "article:算力".into(), change: vec![1, 2, 3] },
            Record { doc: "library".into(), change: vec![] },
        ];
        let key = crypt::Key([7; 32]);
        for key in [None, Some(&key)] {
            let bytes = encode(&records, key).unwrap();
            match decode(&bytes, key) {
                Read::Records(r) => assert_eq!(r, records),
                other => panic!("{other:?}"),
            }
            for cut in [0, 5, HEADER, bytes.len() - 1] {
                assert!(matches!(decode(&bytes[..cut], key), Read::Incomplete), "cut at {cut}");
            }
            let mut newer = bytes.clone();
            newer[8] = 9;
            assert!(matches!(decode(&newer, key), Read::Newer));
        }
        let sealed = encode(&records, Some(&key)).unwrap();
        assert!(matches!(decode(&sealed, None), Read::Locked));
        assert!(matches!(decode(&sealed, Some(&crypt::Key([8; 32]))), Read::Locked));
        assert!(!sealed.windows(6).any(|w| w == "算力".as_bytes()), "nothing in the clear");
    }
}
