//! Sync with other devices through a folder they share (see ARCHITECTURE.md, "Sync"): joining
//! and leaving a folder, one round, and what is pending.
//!
//! A round, each step all or nothing and safe to repeat after a crash: (1) every article
//! written since the last round (marked dirty by triggers, in the writer's transaction) has
//! SQLite's state written into its document, the change kept in the outbox; (2) the outbox is
//! written to this device's files; (3) other devices' files are read, their changes applied to
//! the documents they name and each changed document projected into SQLite (after this
//! device's own pending writes to it were taken in), then the files whose every change is in
//! are recorded; (4) what the projection changed here (re-anchored highlights) goes out.

use super::sync_report::{missing, tell};
pub(super) use super::sync_report::{not_joined, SyncDevice, SyncReport, SyncStatus};
use super::{sync_data, Library};
use crate::anchor::reanchor::reanchor;
use crate::anchor::AnchorText;
use crate::model::{Anchor, AnchorStatus, Id, Passage, ReanchorReport};
use crate::store::sync as ss;
use crate::sync::crypt::{self, Key};
use crate::sync::folder::{self, Read};
use crate::sync::problem::SyncProblem;
use crate::sync::{article_doc_key, doc, ArticleState, Item, Scalar, LIBRARY_DOC};
use crate::{store, Error, ErrorKind, Result};
use automerge::{ActorId, AutoCommit, ChangeHash};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

/// How many articles' documents one transaction of a round takes in.
const DOCS_PER_TRANSACTION: usize = 200;
/// How many of its own files a device keeps in the folder before it joins them into one (a
/// file syncer slows with thousands of small files).
const COMPACT_AT: usize = 100;
/// A round that wrote this many changes (a library joining with its data, a large import)
/// compacts at once: a device joining later then loads each document from its saved form, in
/// about half the time of applying its changes one by one.
const COMPACT_AFTER_CHANGES: usize = 1_000;

impl Library {
    /// Joins the sync folder `folder` (made when absent) as a device named `name`, then runs a
    /// round: a library with data merges with what the folder holds. With a `passphrase`,
    /// everything this device writes there is encrypted; a folder already encrypted needs its
    /// passphrase (a wrong one is refused with one error, before anything is written).
    pub fn sync_init(
        &mut self,
        folder: &Path,
        name: &str,
        passphrase: Option<&str>,
    ) -> Result<SyncReport> {
        self.writable()?;
        if let Some(d) = ss::device(&self.conn)? {
            return Err(Error::sync(
                ErrorKind::Conflict,
                SyncProblem::AlreadyJoined { folder: d.folder },
            ));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err(Error::sync(ErrorKind::InvalidInput, SyncProblem::DeviceName));
        }
        std::fs::create_dir_all(folder::root(folder))
            .map_err(|e| Error::io(folder, "create the sync folder", &e))?;
        let folder = folder.canonicalize().map_err(|e| Error::io(folder, "open", &e))?;
        let key = folder_key(&folder, passphrase)?;
        let device = ss::DeviceRow {
            device_id: ss::random_device_id(&self.conn)?,
            name: name.to_owned(),
            folder: folder.to_string_lossy().into_owned(),
            next_file: 1,
            joined_at: crate::text::now_rfc3339(),
            key: key.map(|k| k.0.to_vec()),
        };
        folder::write_device(&folder, &device.device_id, name)?;
        let tx = self.write()?;
        ss::join(&tx, &device)?;
        store::sync_data::mark_all(&tx)?;
        tx.commit()?;
        self.sync()
    }

    /// Leaves the sync folder: this library keeps everything it has and stops syncing. Its
    /// files stay in the folder for the other devices.
    pub fn sync_leave(&mut self) -> Result<()> {
        self.writable()?;
        let tx = self.write()?;
        ss::device(&tx)?.ok_or_else(not_joined)?;
        ss::leave(&tx)?;
        store::sync_data::forget(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Where this library stands with its folder: the devices there, what is pending.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let d = ss::device(&self.conn)?.ok_or_else(not_joined)?;
        let (pending_articles, pending_changes) = ss::pending(&self.conn)?;
        let folder = PathBuf::from(&d.folder);
        let (mut messages, mut problems) = (Vec::new(), Vec::new());
        let mut devices = Vec::new();
        match folder::devices(&folder) {
            Ok(list) => {
                for dev in list {
                    let this_device = dev.id == d.device_id;
                    let mut unread = 0;
                    if !this_device {
                        for n in &dev.files {
                            unread += usize::from(!ss::seen(&self.conn, &dev.id, *n)?);
                        }
                    }
                    if dev.format > folder::FORMAT {
                        let device = dev.name.clone();
                        tell(&mut messages, &mut problems, SyncProblem::NewerZhaji { device });
                    }
                    let last_change = dev.files.last().and_then(|n| {
                        let path =
                            folder::device_dir(&folder, &dev.id).join(format!("{n:010}.changes"));
                        let t = std::fs::metadata(path).ok()?.modified().ok()?;
                        Some(chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339())
                    });
                    devices.push(SyncDevice {
                        id: dev.id,
                        name: dev.name,
                        this_device,
                        files: dev.files.len(),
                        last_change,
                        unread_files: unread,
                    });
                }
            }
            Err(_) => tell(&mut messages, &mut problems, missing(&folder)),
        }
        Ok(SyncStatus {
            device_id: d.device_id,
            name: d.name,
            folder: d.folder,
            joined_at: d.joined_at,
            encrypted: d.key.is_some(),
            pending_articles,
            pending_changes,
            devices,
            messages,
            problems,
        })
    }

    /// One sync round (see the module's header).
    pub fn sync(&mut self) -> Result<SyncReport> {
        self.writable()?;
        let mut device = ss::device(&self.conn)?.ok_or_else(not_joined)?;
        let folder = PathBuf::from(&device.folder);
        if !folder::root(&folder).is_dir() {
            return Err(Error::sync(ErrorKind::Io, missing(&folder)));
        }
        let mut report = SyncReport::default();
        let listed = folder::devices(&folder)?;
        let own_last =
            listed.iter().find(|d| d.id == device.device_id).and_then(|d| d.files.last());
        if own_last.is_some_and(|n| *n >= device.next_file) {
            // Files this library does not remember writing: it is a restored backup, and goes
            // on as a new device so that no actor has two histories.
            let id = ss::random_device_id(&self.conn)?;
            folder::write_device(&folder, &id, &device.name)?;
            let tx = self.write()?;
            ss::set_identity(&tx, &id)?;
            tx.commit()?;
            device = ss::device(&self.conn)?.ok_or_else(not_joined)?;
            report.new_identity = true;
        }
        let actor = doc::actor(&device.device_id)?;
        let key = device_key(&device)?;
        let dirty = ss::dirty(&self.conn)?;
        for chunk in dirty.chunks(DOCS_PER_TRANSACTION) {
            let tx = self.write()?;
            for id in chunk {
                push(&tx, *id, &actor)?;
            }
            tx.commit()?;
        }
        let tx = self.write()?;
        sync_data::push_dirty(&tx, &actor)?;
        tx.commit()?;
        let (own, key) = (device.device_id.as_str(), key.as_ref());
        self.flush(&folder, own, key, &mut report)?;
        self.send_images(&folder, own, key)?;
        self.take_in(&folder, own, key, &actor, &mut report)?;
        if report.documents_merged > 0 {
            let tx = self.write()?;
            sync_data::project_waiting(&tx, &actor, &mut report)?;
            tx.commit()?;
        }
        self.fetch_images(&folder, own, key, &mut report)?;
        self.flush(&folder, own, key, &mut report)?;
        let large = report.changes_written >= COMPACT_AFTER_CHANGES;
        self.compact(&folder, own, key, large)?;
        Ok(report)
    }

    /// Writes the outbox to this device's files.
    fn flush(
        &mut self,
        folder: &Path,
        device: &str,
        key: Option<&Key>,
        report: &mut SyncReport,
    ) -> Result<()> {
        let tx = self.write()?;
        ss::outbox_assign(&tx)?;
        tx.commit()?;
        for (number, records) in ss::outbox_files(&self.conn)? {
            folder::write_changes(folder, device, number, &folder::encode(&records, key)?)?;
            let tx = self.write()?;
            ss::outbox_done(&tx, number)?;
            tx.commit()?;
            report.changes_written += records.len();
        }
        Ok(())
    }

    /// Joins this device's files into one once there are [`COMPACT_AT`] of them, or `now`
    /// (after a round of [`COMPACT_AFTER_CHANGES`] changes or more): the new file
    /// (the next number) holds the saved form of every document the old ones named, and they
    /// are then removed. A device
    /// that had read some of them finds those changes again and ignores them; one that had not
    /// finds them all in the new file.
    fn compact(&mut self, folder: &Path, own: &str, key: Option<&Key>, now: bool) -> Result<()> {
        let Some(mine) = folder::devices(folder)?.into_iter().find(|d| d.id == own) else {
            return Ok(());
        };
        if mine.files.len() < COMPACT_AT && !now {
            return Ok(());
        }
        let mut by_doc: BTreeMap<String, Vec<folder::Record>> = BTreeMap::new();
        for n in &mine.files {
            match folder::read_changes(folder, own, *n).map(|b| folder::decode(&b, key)) {
                Some(Read::Records(r)) => {
                    for record in r {
                        by_doc.entry(record.doc.clone()).or_default().push(record);
                    }
                }
                // A file of its own that it cannot read back: leave everything as it is.
                _ => return Ok(()),
            }
        }
        // Each document once, in its saved form: its whole history in Automerge's compact
        // columns, which a reader takes in with one load instead of change by change. It holds
        // every change of these files (they were made here and saved with it), and whatever
        // else this device had of the document, which readers ignore when they have it.
        let mut records = Vec::new();
        for (doc_key, kept) in by_doc {
            match ss::doc_bytes(&self.conn, &doc_key)? {
                Some(bytes) => records.push(folder::Record { doc: doc_key, change: bytes }),
                None => records.extend(kept),
            }
        }
        let tx = self.write()?;
        let number = ss::take_file_number(&tx)?;
        tx.commit()?;
        folder::write_changes(folder, own, number, &folder::encode(&records, key)?)?;
        for n in &mine.files {
            folder::remove_changes(folder, own, *n)?;
        }
        Ok(())
    }

    /// Reads the other devices' files and takes in what they hold.
    fn take_in(
        &mut self,
        folder: &Path,
        own: &str,
        key: Option<&Key>,
        actor: &ActorId,
        report: &mut SyncReport,
    ) -> Result<()> {
        // Each file's changes by document, and the hashes each file needs to be in.
        let mut files: Vec<(String, i64, Vec<ChangeHash>)> = Vec::new();
        let mut by_doc: BTreeMap<String, doc::Incoming> = BTreeMap::new();
        for dev in folder::devices(folder)? {
            if dev.id == own {
                continue;
            }
            if dev.format > folder::FORMAT {
                report.tell(SyncProblem::NewerZhaji { device: dev.name.clone() });
                continue;
            }
            for n in dev.files {
                if ss::seen(&self.conn, &dev.id, n)? {
                    continue;
                }
                let records = match folder::read_changes(folder, &dev.id, n)
                    .map(|b| folder::decode(&b, key))
                {
                    Some(Read::Records(r)) => r,
                    Some(Read::Newer) => {
                        report.tell(SyncProblem::NewerZhaji { device: dev.name.clone() });
                        continue;
                    }
                    Some(Read::Locked) => {
                        report.tell(SyncProblem::OtherKey { device: dev.name.clone(), file: n });
                        continue;
                    }
                    Some(Read::Incomplete) | None => {
                        report.files_waiting += 1;
                        continue;
                    }
                };
                let mut hashes = Vec::new();
                for r in records {
                    if doc::is_saved(&r.change) {
                        // Complete in itself: nothing for the file to wait for.
                        by_doc.entry(r.doc).or_default().saved.push(r.change);
                        continue;
                    }
                    let Ok(change) = doc::decode_change(&r.change) else {
                        let device = dev.name.clone();
                        report.tell(SyncProblem::UnreadableChange { device, file: n });
                        continue;
                    };
                    hashes.push(change.hash());
                    by_doc.entry(r.doc).or_default().changes.push(change);
                }
                files.push((dev.id.clone(), n, hashes));
            }
        }
        let mut present: HashSet<ChangeHash> = HashSet::new();
        // The library's document first: the tags the articles' documents name.
        let mut keys: Vec<String> = by_doc.keys().cloned().collect();
        keys.sort_by_key(|k| k != LIBRARY_DOC);
        for chunk in keys.chunks(DOCS_PER_TRANSACTION) {
            let tx = self.write()?;
            for key in chunk {
                let incoming = by_doc.remove(key).unwrap_or_default();
                present.extend(merge_doc(&tx, key, incoming, actor, report)?);
                report.documents_merged += 1;
            }
            tx.commit()?;
        }
        let tx = self.write()?;
        for (device, n, hashes) in &files {
            if hashes.iter().all(|h| present.contains(h)) {
                ss::mark_seen(&tx, device, *n)?;
                report.files_applied += 1;
            } else {
                report.files_waiting += 1;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

/// The folder's key for a device joining it: made (and the folder marked encrypted) when the
/// first device joins with a passphrase, checked against the folder's when it is encrypted.
fn folder_key(folder: &Path, passphrase: Option<&str>) -> Result<Option<Key>> {
    match (folder::encryption(folder)?, passphrase) {
        (None, None) => Ok(None),
        (Some(e), Some(p)) => {
            let key = crypt::derive(p, &e.salt, e.m, e.t, e.p)?;
            crypt::verify(&key, &e.check, folder)?;
            Ok(Some(key))
        }
        (Some(_), None) => Err(Error::sync(
            ErrorKind::InvalidInput,
            SyncProblem::PassphraseNeeded { folder: folder.display().to_string() },
        )),
        (None, Some(p)) => {
            let others = folder::devices(folder)?.iter().any(|d| !d.files.is_empty());
            if others {
                return Err(Error::sync(
                    ErrorKind::InvalidInput,
                    SyncProblem::NotEncrypted { folder: folder.display().to_string() },
                ));
            }
            let salt = crypt::random(16)?;
            let (m, t, pc) = (crypt::M_COST, crypt::T_COST, crypt::P_COST);
            let key = crypt::derive(p, &salt, m, t, pc)?;
            let check = crypt::check_value(&key)?;
            folder::write_encryption(folder, &folder::Encryption { salt, m, t, p: pc, check })?;
            Ok(Some(key))
        }
    }
}

fn device_key(device: &ss::DeviceRow) -> Result<Option<Key>> {
    match &device.key {
        None => Ok(None),
        Some(bytes) => <[u8; 32]>::try_from(&bytes[..])
            .map(|k| Some(Key(k)))
            .map_err(|_| Error::internal("the stored sync key is not 32 bytes")),
    }
}

/// The tag resolver: another device's UUID for a tag → this library's (`None` when this
/// library has no such tag yet).
fn tag_resolver(conn: &Connection) -> Result<impl Fn(&str) -> Option<String>> {
    let aliases = ss::aliases(conn, "tag")?;
    let known = ss::tag_uuids(conn)?;
    Ok(move |u: &str| {
        let local = aliases.get(u).map_or(u, String::as_str);
        known.contains(local).then(|| local.to_owned())
    })
}

pub(super) fn load(conn: &Connection, key: &str, actor: &ActorId) -> Result<AutoCommit> {
    doc::load(key, ss::doc_bytes(conn, key)?.as_deref(), actor)
}

/// Commits what was written into `doc`: the change into the outbox, the document saved.
pub(super) fn keep(conn: &Connection, key: &str, doc: &mut AutoCommit) -> Result<()> {
    if let Some((_, change)) = doc::commit(doc) {
        ss::outbox_push(conn, key, &change)?;
    }
    ss::save_doc(conn, key, &doc::save(doc))
}

/// Writes SQLite's state of article `id` (0: the tags) into its document, in the caller's
/// transaction, and clears its mark.
fn push(conn: &Connection, id: Id, actor: &ActorId) -> Result<()> {
    if id == 0 {
        return push_into(conn, 0, LIBRARY_DOC, &mut load(conn, LIBRARY_DOC, actor)?);
    }
    let row = ss::article_uuid_and_hash(conn, id)?;
    let key = match (ss::article_doc(conn, id)?, &row) {
        (Some((k, true)), _) => k,
        (Some((k, false)), None) => {
            // Purged here: its document says so, once.
            let mut doc = load(conn, &k, actor)?;
            doc::write_article(&mut doc, None, &|s: &str| Some(s.to_owned()), &|_: &str| false)?;
            keep(conn, &k, &mut doc)?;
            ss::unmap_doc(conn, &k)?;
            return ss::clear_dirty(conn, id);
        }
        (_, Some((uuid, hash))) => {
            // Keyed by the article's first text, so that the same article updated differently
            // on two devices before they synced is one document.
            let first = ss::first_hash(conn, id)?;
            let mut key = article_doc_key(first.as_deref().unwrap_or(hash));
            let taken = ss::doc_article(conn, &key)?.is_some_and(|other| other != id);
            if taken || doc::article_purged(&load(conn, &key, actor)?)? {
                // Two articles of this library with one text, or the text of an article purged
                // before: this one gets a document of its own.
                key = format!("{key}:{uuid}");
            }
            ss::map_article(conn, id, &key)?;
            key
        }
        (None, None) => return ss::clear_dirty(conn, id),
    };
    push_into(conn, id, &key, &mut load(conn, &key, actor)?)
}

/// Writes SQLite's state of article `id` (0: the tags) into `doc`, its loaded document `key`:
/// the change into the outbox, the document saved, the mark cleared.
fn push_into(conn: &Connection, id: Id, key: &str, doc: &mut AutoCommit) -> Result<()> {
    let purged = ss::purged(conn)?;
    let is_purged = |u: &str| purged.contains(u);
    if id == 0 {
        doc::write_tags_doc(doc, &ss::tag_items(conn)?, &is_purged)?;
        keep(conn, LIBRARY_DOC, doc)?;
        return ss::clear_dirty(conn, 0);
    }
    let mut state = ss::article_state(conn, id)?;
    if let Some(s) = state.as_mut() {
        let hash = s.article.str("content_hash").unwrap_or_default().to_owned();
        if !doc::has_version(doc, &hash)? {
            let json = serde_json::to_string(&store::passages(conn, id)?)
                .map_err(|e| Error::internal(format!("cannot write passages: {e}")))?;
            s.versions.insert(hash.clone(), json);
        }
        sync_data::add_reading(conn, id, &mut s.article)?;
        super::sync_images::add_image_list(conn, id, s, doc)?;
        for item in s.highlights.values_mut().chain(s.notes.values_mut()) {
            item.fields.insert("version".into(), Scalar::Str(hash.clone()));
        }
    }
    let resolve = tag_resolver(conn)?;
    doc::write_article(doc, state.as_ref(), &resolve, &is_purged)?;
    keep(conn, key, doc)?;
    ss::clear_dirty(conn, id)
}

/// Applies other devices' saved forms and changes to document `key` and projects it into
/// SQLite, in the caller's transaction; gives the hashes of the changes now in it. A saved form
/// that cannot be read is skipped with a message.
fn merge_doc(
    conn: &Connection,
    key: &str,
    incoming: doc::Incoming,
    actor: &ActorId,
    report: &mut SyncReport,
) -> Result<BTreeSet<ChangeHash>> {
    if sync_data::is_data_doc(key) {
        return sync_data::merge(conn, key, incoming, actor, report);
    }
    let local = if key == LIBRARY_DOC { Some(0) } else { ss::doc_article(conn, key)? };
    if let Some(id) = local {
        if ss::is_dirty(conn, id)? {
            push(conn, id, actor)?;
        }
    }
    let stored = ss::doc_bytes(conn, key)?;
    let doc::Merged { mut doc, present, as_arrived, unreadable } =
        doc::merge(key, stored.as_deref(), incoming, actor)?;
    if unreadable > 0 {
        report
            .tell(SyncProblem::UnreadableSavedForm { document: key.to_owned(), count: unreadable });
    }
    let (id, reanchored) = if key == LIBRARY_DOC {
        project_tags(conn, &doc)?;
        (Some(0), true)
    } else {
        project_article(conn, key, &doc)?
    };
    // What the projection changed (a highlight re-anchored in a newer text) goes back out with
    // the document, still in memory. Otherwise SQLite now holds what the document holds (this
    // device's own writes went in first), and its marks can go without a comparison.
    match id {
        Some(id) if reanchored && (id == 0 || ss::doc_article(conn, key)? == Some(id)) => {
            push_into(conn, id, key, &mut doc)?
        }
        // Arrived whole as one saved form and new here: those bytes are its saved form.
        Some(id) => {
            ss::save_doc(conn, key, &as_arrived.unwrap_or_else(|| doc::save(&mut doc)))?;
            ss::clear_dirty(conn, id)?;
        }
        None => ss::save_doc(conn, key, &as_arrived.unwrap_or_else(|| doc::save(&mut doc)))?,
    }
    Ok(present)
}

fn project_tags(conn: &Connection, doc: &AutoCommit) -> Result<()> {
    let purged = ss::purged(conn)?;
    let aliases = ss::aliases(conn, "tag")?;
    for (uuid, tag) in doc::read_tags_doc(doc)? {
        if tag.purged {
            ss::purge_row(conn, "tag", &uuid)?;
            continue;
        }
        if purged.contains(&uuid) || aliases.contains_key(&uuid) {
            continue;
        }
        let Some(name) = tag.str("name") else { continue };
        if tag.str("created_at").is_none() {
            continue;
        }
        match ss::tag_by_name(conn, name)? {
            // Another device made a tag of the same name: one tag, known by both UUIDs, the
            // smaller its own on every device.
            Some(other) if other < uuid => ss::add_alias(conn, &uuid, "tag", &other)?,
            Some(other) if other != uuid => ss::rename_tag_uuid(conn, &other, &uuid)?,
            _ => {
                ss::write_tag(conn, &uuid, &tag)?;
            }
        }
    }
    Ok(())
}

/// This library's ids of the tags `uuids` names (unknown ones left out).
fn tag_ids(
    conn: &Connection,
    uuids: &BTreeSet<String>,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Id>> {
    let mut ids = Vec::new();
    for u in uuids {
        if let Some(id) = resolve(u).map(|local| ss::tag_id(conn, &local)).transpose()?.flatten() {
            ids.push(id);
        }
    }
    Ok(ids)
}

pub(super) fn passages_of(doc: &AutoCommit, hash: &str) -> Result<Option<Vec<Passage>>> {
    match doc::version(doc, hash)? {
        Some(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| Error::internal(format!("cannot read passages of a synced text: {e}"))),
        None => Ok(None),
    }
}

/// The anchor an item's fields describe, if it has one.
fn anchor_of(item: &Item) -> Option<Anchor> {
    let num = |f: &str| item.get(f).as_int().and_then(|v| u32::try_from(v).ok());
    Some(Anchor {
        start: num("start")?,
        end: num("end")?,
        exact: item.str("exact")?.to_owned(),
        prefix: item.str("prefix").unwrap_or("").to_owned(),
        suffix: item.str("suffix").unwrap_or("").to_owned(),
        status: if item.get("orphaned").as_int() == Some(1) {
            AnchorStatus::Orphaned
        } else {
            AnchorStatus::Anchored
        },
    })
}

/// An item anchored in another text version, re-anchored in `at` (the current one; `None`
/// when every item is anchored in it).
fn reanchored(item: &Item, current: &str, at: Option<&AnchorText>) -> Item {
    let mut item = item.clone();
    if item.str("version") == Some(current) {
        return item;
    }
    let (Some(old), Some(at)) = (anchor_of(&item), at) else { return item };
    if let Some(new) = reanchor(at, &old, &mut ReanchorReport::default()) {
        let f = &mut item.fields;
        f.insert("start".into(), Scalar::Int(i64::from(new.start)));
        f.insert("end".into(), Scalar::Int(i64::from(new.end)));
        f.insert("exact".into(), Scalar::Str(new.exact));
        f.insert("prefix".into(), Scalar::Str(new.prefix));
        f.insert("suffix".into(), Scalar::Str(new.suffix));
        let orphaned = i64::from(new.status == AnchorStatus::Orphaned);
        f.insert("orphaned".into(), Scalar::Int(orphaned));
    }
    item
}

/// Projects an article's document into SQLite; gives the article's id here (`None` when the
/// document cannot make one yet: no text arrived) and whether an item had to be re-anchored
/// (or held back), so that SQLite differs from the document.
fn project_article(conn: &Connection, key: &str, doc: &AutoCommit) -> Result<(Option<Id>, bool)> {
    let mut st: ArticleState = doc::read_article(doc)?;
    super::sync_texts::choose_text(doc, key, &mut st.article)?;
    let Some(current) = st.article.str("content_hash").map(str::to_owned) else {
        return Ok((None, false));
    };
    let mapped = match ss::doc_article(conn, key)? {
        Some(id) if ss::article_doc(conn, id)?.is_some_and(|(_, same)| same) => Some(id),
        _ => None,
    };
    let mut found = mapped;
    if found.is_none() {
        for u in &st.uuids {
            if let Some(id) = ss::article_by_any_uuid(conn, u)? {
                found = Some(id);
                break;
            }
        }
    }
    if st.article.purged {
        if let Some(id) = found {
            if let Some((uuid, _)) = ss::article_uuid_and_hash(conn, id)? {
                ss::purge_row(conn, "article", &uuid)?;
            }
        }
        return Ok((None, false));
    }
    let id = match found {
        Some(id) => id,
        None => {
            let Some(passages) = passages_of(doc, &current)? else { return Ok((None, false)) };
            let purged = ss::purged(conn)?;
            if st.uuids.iter().any(|u| purged.contains(u)) {
                return Ok((None, false));
            }
            let Some(uuid) = st.uuids.iter().next() else { return Ok((None, false)) };
            let id = ss::insert_synced_article(conn, uuid, &st.article)?;
            store::replace_passages(conn, id, &passages)?;
            id
        }
    };
    if mapped.is_none() {
        ss::map_article(conn, id, key)?;
    }
    let Some((own_uuid, local_hash)) = ss::article_uuid_and_hash(conn, id)? else {
        return Ok((None, false));
    };
    for u in &st.uuids {
        if *u != own_uuid {
            ss::add_alias(conn, u, "article", &own_uuid)?;
        }
    }
    if local_hash != current {
        let Some(passages) = passages_of(doc, &current)? else { return Ok((Some(id), true)) };
        store::replace_passages(conn, id, &passages)?;
    }
    ss::write_article_fields(conn, id, &st.article)?;
    sync_data::project_reading(conn, id, &st.article)?;
    super::sync_images::project_images(conn, id, &st.article)?;
    let resolve = tag_resolver(conn)?;
    ss::set_tag_links(conn, false, id, &tag_ids(conn, &st.article.tags, &resolve)?)?;
    // The text, for items anchored in another version only: most documents have none.
    let elsewhere = |i: &Item| i.str("version") != Some(current.as_str());
    let at = if st.highlights.values().chain(st.notes.values()).any(elsewhere) {
        Some(AnchorText::new(&crate::article::join_passages(&store::passages(conn, id)?)))
    } else {
        None
    };
    let purged = ss::purged(conn)?;
    let mut differs = false;
    // The new highlights and notes go into the search index in one statement each, at the end:
    // through the triggers each would write out an index segment of its own. Each item is
    // written once here, and only ones that were there before are removed.
    let marks = store::index::DeferredMarks::new(conn)?;
    for (uuid, h) in &st.highlights {
        if h.purged {
            ss::purge_row(conn, "highlight", uuid)?;
            continue;
        }
        if purged.contains(uuid) || h.str("created_at").is_none() {
            continue;
        }
        differs |= h.str("version") != Some(current.as_str());
        let h = reanchored(h, &current, at.as_ref());
        let hid = ss::write_highlight(conn, id, uuid, &h)?;
        ss::set_tag_links(conn, true, hid, &tag_ids(conn, &h.tags, &resolve)?)?;
    }
    // Notes that another note was merged into first, so that the later ones find them.
    let mut waiting: Vec<(&String, &Item)> = Vec::new();
    let mut notes: Vec<(&String, &Item)> = st.notes.iter().collect();
    for pass in 0..2 {
        for (uuid, n) in std::mem::take(&mut notes) {
            if n.purged {
                ss::purge_row(conn, "note", uuid)?;
                continue;
            }
            if purged.contains(uuid) || n.str("created_at").is_none() {
                continue;
            }
            let highlight = match n.str("highlight") {
                Some(h) => match ss::highlight_id(conn, h)? {
                    Some(hid) => Some(hid),
                    None => {
                        differs = true;
                        continue;
                    }
                },
                None => None,
            };
            let merged_into = match n.str("merged_into") {
                Some(m) => match ss::note_id(conn, m)? {
                    Some(mid) => Some(mid),
                    None if pass == 0 => {
                        waiting.push((uuid, n));
                        continue;
                    }
                    None => None,
                },
                None => None,
            };
            differs |= n.str("version") != Some(current.as_str());
            let n =
                if highlight.is_none() { reanchored(n, &current, at.as_ref()) } else { n.clone() };
            ss::write_note(conn, id, uuid, &n, highlight, merged_into)?;
        }
        notes = std::mem::take(&mut waiting);
    }
    marks.finish(conn)?;
    Ok((Some(id), differs))
}
