//! The statements of sync: this device, the dirty marks, the saved documents, the outbox, the
//! files seen, aliases; and the rows of an article, its highlights, notes and tags read as
//! [`Item`]s and written back from them (see ARCHITECTURE.md, "Sync").

use crate::collate::sort_key;
use crate::model::Id;
use crate::sync::folder::Record;
use crate::sync::{ArticleState, Item, Scalar};
use crate::Result;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql};
use std::collections::{BTreeMap, HashMap};

/// This device, as `sync_device` holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeviceRow {
    pub device_id: String,
    pub name: String,
    pub folder: String,
    pub next_file: i64,
    pub joined_at: String,
    /// The folder's key (32 bytes) when it is encrypted.
    pub key: Option<Vec<u8>>,
}

/// The article columns that sync (the text version is `content_hash`).
pub(crate) const ARTICLE_FIELDS: &[&str] = &[
    "title",
    "author",
    "site",
    "source",
    "url",
    "published",
    "language",
    "format",
    "content_hash",
    "chars",
    "imported_at",
    "updated_at",
    "deleted_at",
];
/// The highlight columns that sync.
pub(crate) const HIGHLIGHT_FIELDS: &[&str] = &[
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "orphaned",
    "color",
    "created_at",
    "updated_at",
    "deleted_at",
];
/// The note columns that sync, but for its body and the two that name other rows
/// (`highlight`, `merged_into`: UUIDs in the documents).
pub(crate) const NOTE_FIELDS: &[&str] = &[
    "start",
    "end",
    "exact",
    "prefix",
    "suffix",
    "orphaned",
    "created_at",
    "updated_at",
    "deleted_at",
];
/// The tag columns that sync.
pub(crate) const TAG_FIELDS: &[&str] = &["name", "color", "created_at", "deleted_at"];

fn scalar(r: &Row, i: usize) -> rusqlite::Result<Scalar> {
    Ok(match r.get_ref(i)? {
        ValueRef::Null => Scalar::Null,
        ValueRef::Integer(v) => Scalar::Int(v),
        ValueRef::Real(v) => Scalar::Int(v as i64),
        ValueRef::Text(t) => Scalar::Str(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(_) => Scalar::Null,
    })
}

/// The named columns of a row from column `from` on, as an item's fields.
pub(super) fn fields(r: &Row, names: &[&str], from: usize) -> rusqlite::Result<Item> {
    let mut item = Item::default();
    for (i, name) in names.iter().enumerate() {
        item.fields.insert((*name).to_owned(), scalar(r, from + i)?);
    }
    Ok(item)
}

pub(crate) fn device(conn: &Connection) -> Result<Option<DeviceRow>> {
    Ok(conn
        .query_row(
            "SELECT device_id, name, folder, next_file, joined_at, key FROM sync_device",
            [],
            |r| {
                Ok(DeviceRow {
                    device_id: r.get(0)?,
                    name: r.get(1)?,
                    folder: r.get(2)?,
                    next_file: r.get(3)?,
                    joined_at: r.get(4)?,
                    key: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// 32 random hexadecimal digits: a new device id.
pub(crate) fn random_device_id(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT lower(hex(randomblob(16)))", [], |r| r.get(0))?)
}

/// Joins a folder: this device's row, and every article and the tags marked for their first
/// trip into the documents.
pub(crate) fn join(conn: &Connection, d: &DeviceRow) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_device (only, device_id, name, folder, next_file, joined_at, key)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
        params![d.device_id, d.name, d.folder, d.next_file, d.joined_at, d.key],
    )?;
    conn.execute_batch(
        "INSERT OR IGNORE INTO sync_dirty (article_id) SELECT id FROM article;
         INSERT OR IGNORE INTO sync_dirty (article_id) VALUES (0);",
    )?;
    Ok(())
}

/// Continues under a new device id: files are numbered from 1 again in its own folder, and
/// changes not yet written go there.
pub(crate) fn set_identity(conn: &Connection, device_id: &str) -> Result<()> {
    conn.execute("UPDATE sync_device SET device_id = ?1, next_file = 1", [device_id])?;
    conn.execute("UPDATE sync_outbox SET file = NULL", [])?;
    Ok(())
}

/// Leaves the folder: forgets the device, the documents and what was pending. Aliases stay, so
/// links made on other devices still open.
pub(crate) fn leave(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM sync_device; DELETE FROM sync_dirty; DELETE FROM sync_doc;
         DELETE FROM sync_article; DELETE FROM sync_outbox; DELETE FROM sync_seen;",
    )?;
    Ok(())
}

pub(crate) fn dirty(conn: &Connection) -> Result<Vec<Id>> {
    let mut stmt = conn.prepare("SELECT article_id FROM sync_dirty ORDER BY article_id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<Id>>>()?)
}

pub(crate) fn is_dirty(conn: &Connection, article_id: Id) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_dirty WHERE article_id = ?1")?
        .exists([article_id])?)
}

pub(crate) fn clear_dirty(conn: &Connection, article_id: Id) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_dirty WHERE article_id = ?1")?.execute([article_id])?;
    Ok(())
}

pub(crate) fn doc_bytes(conn: &Connection, key: &str) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT bytes FROM sync_doc WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn save_doc(conn: &Connection, key: &str, bytes: &[u8]) -> Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO sync_doc (key, bytes) VALUES (?1, ?2)")?
        .execute(params![key, bytes])?;
    Ok(())
}

/// The document that holds article `id`, if it has one yet: `(key, true)` when the article
/// there now is the one it was made for, `(key, false)` when that one was purged.
pub(crate) fn article_doc(conn: &Connection, id: Id) -> Result<Option<(String, bool)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.doc, EXISTS (SELECT 1 FROM article a WHERE a.id = s.article_id AND a.uuid = s.uuid)
             FROM sync_article s WHERE s.article_id = ?1",
        )?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// The article document `key` holds here, if any.
pub(crate) fn doc_article(conn: &Connection, key: &str) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached("SELECT article_id FROM sync_article WHERE doc = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// Records that document `key` holds article `id`; forgets any other document said to.
pub(crate) fn map_article(conn: &Connection, id: Id, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_article WHERE article_id = ?1 OR doc = ?2")?
        .execute(params![id, key])?;
    conn.prepare_cached(
        "INSERT INTO sync_article (article_id, doc, uuid) SELECT id, ?2, uuid FROM article WHERE id = ?1",
    )?
    .execute(params![id, key])?;
    Ok(())
}

/// Forgets which article document `key` holds (it was purged here).
pub(crate) fn unmap_doc(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_article WHERE doc = ?1")?.execute([key])?;
    Ok(())
}

pub(crate) fn outbox_push(conn: &Connection, doc: &str, change: &[u8]) -> Result<()> {
    conn.prepare_cached("INSERT INTO sync_outbox (doc, change) VALUES (?1, ?2)")?
        .execute(params![doc, change])?;
    Ok(())
}

/// Gives the changes not yet given a file the next file number; gives that number, or `None`
/// when there were none.
pub(crate) fn outbox_assign(conn: &Connection) -> Result<Option<i64>> {
    let pending: bool =
        conn.query_row("SELECT EXISTS (SELECT 1 FROM sync_outbox WHERE file IS NULL)", [], |r| {
            r.get(0)
        })?;
    if !pending {
        return Ok(None);
    }
    let number: i64 = conn.query_row("SELECT next_file FROM sync_device", [], |r| r.get(0))?;
    conn.execute("UPDATE sync_outbox SET file = ?1 WHERE file IS NULL", [number])?;
    conn.execute("UPDATE sync_device SET next_file = next_file + 1", [])?;
    Ok(Some(number))
}

/// The files given out and not yet written: their numbers and records, in order.
pub(crate) fn outbox_files(conn: &Connection) -> Result<Vec<(i64, Vec<Record>)>> {
    let mut stmt = conn.prepare(
        "SELECT file, doc, change FROM sync_outbox WHERE file IS NOT NULL ORDER BY file, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, Record { doc: r.get(1)?, change: r.get(2)? }))
    })?;
    let mut out: Vec<(i64, Vec<Record>)> = Vec::new();
    for row in rows {
        let (file, record) = row?;
        match out.last_mut() {
            Some((f, records)) if *f == file => records.push(record),
            _ => out.push((file, vec![record])),
        }
    }
    Ok(out)
}

pub(crate) fn outbox_done(conn: &Connection, file: i64) -> Result<()> {
    conn.execute("DELETE FROM sync_outbox WHERE file = ?1", [file])?;
    Ok(())
}

/// How many items wait for their document (articles, and claims and preferences, each counted
/// once), and how many changes for their file.
pub(crate) fn pending(conn: &Connection) -> Result<(i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM sync_dirty) + (SELECT count(*) FROM sync_dirty_doc),
                (SELECT count(*) FROM sync_outbox)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

pub(crate) fn seen(conn: &Connection, device: &str, file: i64) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sync_seen WHERE device = ?1 AND file = ?2")?
        .exists(params![device, file])?)
}

pub(crate) fn mark_seen(conn: &Connection, device: &str, file: i64) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO sync_seen (device, file) VALUES (?1, ?2)")?
        .execute(params![device, file])?;
    Ok(())
}

pub(crate) fn add_alias(conn: &Connection, uuid: &str, kind: &str, target: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO sync_alias (uuid, kind, target) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![uuid, kind, target])?;
    Ok(())
}

/// Every alias of `kind`: the other UUID → this library's.
pub(crate) fn aliases(conn: &Connection, kind: &str) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT uuid, target FROM sync_alias WHERE kind = ?1")?;
    let rows = stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<HashMap<String, String>>>()?)
}

/// The article an alias or its own UUID names.
pub(crate) fn article_by_any_uuid(conn: &Connection, uuid: &str) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM article WHERE uuid = ?1 UNION ALL
             SELECT a.id FROM sync_alias s JOIN article a ON a.uuid = s.target
             WHERE s.uuid = ?1 AND s.kind = 'article' LIMIT 1",
        )?
        .query_row([uuid], |r| r.get(0))
        .optional()?)
}

fn id_by_uuid(conn: &Connection, table: &str, uuid: &str) -> Result<Option<Id>> {
    Ok(conn
        .prepare_cached(&format!("SELECT id FROM {table} WHERE uuid = ?1"))?
        .query_row([uuid], |r| r.get(0))
        .optional()?)
}

pub(crate) fn highlight_id(conn: &Connection, uuid: &str) -> Result<Option<Id>> {
    id_by_uuid(conn, "highlight", uuid)
}

pub(crate) fn note_id(conn: &Connection, uuid: &str) -> Result<Option<Id>> {
    id_by_uuid(conn, "note", uuid)
}

pub(crate) fn tag_id(conn: &Connection, uuid: &str) -> Result<Option<Id>> {
    id_by_uuid(conn, "tag", uuid)
}

/// An article's rows as items (those in the trash too), or `None` when its row is gone. Its
/// text versions are left to the caller.
pub(crate) fn article_state(conn: &Connection, id: Id) -> Result<Option<ArticleState>> {
    let cols = ARTICLE_FIELDS.join(", ");
    let Some((uuid, mut article)) = conn
        .query_row(&format!("SELECT uuid, {cols} FROM article WHERE id = ?1"), [id], |r| {
            Ok((r.get::<_, String>(0)?, fields(r, ARTICLE_FIELDS, 1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    article.tags = column_set(
        conn,
        "SELECT t.uuid FROM article_tag x JOIN tag t ON t.id = x.tag_id WHERE x.article_id = ?1",
        id,
    )?;
    let mut state = ArticleState { article, ..ArticleState::default() };
    state.uuids.insert(uuid);
    let cols = HIGHLIGHT_FIELDS.iter().map(|c| format!("h.\"{c}\"")).collect::<Vec<_>>().join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT h.uuid, {cols},
                (SELECT group_concat(t.uuid, ' ') FROM highlight_tag x JOIN tag t ON t.id = x.tag_id
                 WHERE x.highlight_id = h.id)
         FROM highlight h WHERE h.article_id = ?1"
    ))?;
    let rows = stmt.query_map([id], |r| {
        let mut item = fields(r, HIGHLIGHT_FIELDS, 1)?;
        let tags: Option<String> = r.get(HIGHLIGHT_FIELDS.len() + 1)?;
        item.tags = tags
            .unwrap_or_default()
            .split(' ')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        Ok((r.get::<_, String>(0)?, item))
    })?;
    for row in rows {
        let (uuid, item) = row?;
        state.highlights.insert(uuid, item);
    }
    let cols = NOTE_FIELDS.iter().map(|c| format!("n.\"{c}\"")).collect::<Vec<_>>().join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT n.uuid, {cols}, n.body, h.uuid, m.uuid FROM note n
         LEFT JOIN highlight h ON h.id = n.highlight_id LEFT JOIN note m ON m.id = n.merged_into
         WHERE n.article_id = ?1"
    ))?;
    let rows = stmt.query_map([id], |r| {
        let mut item = fields(r, NOTE_FIELDS, 1)?;
        let k = NOTE_FIELDS.len() + 1;
        item.body = Some(r.get(k)?);
        item.fields.insert("highlight".into(), Scalar::from(r.get::<_, Option<String>>(k + 1)?));
        item.fields.insert("merged_into".into(), Scalar::from(r.get::<_, Option<String>>(k + 2)?));
        Ok((r.get::<_, String>(0)?, item))
    })?;
    for row in rows {
        let (uuid, item) = row?;
        state.notes.insert(uuid, item);
    }
    Ok(Some(state))
}

fn column_set(conn: &Connection, sql: &str, id: Id) -> Result<std::collections::BTreeSet<String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every tag (those in the trash too) as items, by UUID.
pub(crate) fn tag_items(conn: &Connection) -> Result<BTreeMap<String, Item>> {
    let cols = TAG_FIELDS.join(", ");
    let mut stmt = conn.prepare(&format!("SELECT uuid, {cols} FROM tag"))?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, fields(r, TAG_FIELDS, 1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Writes the named fields of `item` into the row of `table` whose UUID is `uuid`, inserting it
/// (with `extra` columns, such as its article) when there is none; a row whose fields are
/// already those is not touched. Gives the row's id.
pub(super) fn upsert(
    conn: &Connection,
    table: &str,
    uuid: &str,
    values: &[(&str, Scalar)],
    extra: &[(&str, &dyn ToSql)],
) -> Result<Id> {
    let mut cols: Vec<String> = vec!["uuid".into()];
    cols.extend(extra.iter().map(|(c, _)| format!("\"{c}\"")));
    cols.extend(values.iter().map(|(c, _)| format!("\"{c}\"")));
    let marks: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
    let set: Vec<String> =
        values.iter().map(|(c, _)| format!("\"{c}\" = excluded.\"{c}\"")).collect();
    let differ: Vec<String> =
        values.iter().map(|(c, _)| format!("\"{c}\" IS NOT excluded.\"{c}\"")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({}) ON CONFLICT (uuid) DO UPDATE SET {} WHERE {}",
        cols.join(", "),
        marks.join(", "),
        set.join(", "),
        if differ.is_empty() { "0".into() } else { differ.join(" OR ") }
    );
    let owned: Vec<rusqlite::types::Value> = values
        .iter()
        .map(|(_, v)| match v {
            Scalar::Null => rusqlite::types::Value::Null,
            Scalar::Int(i) => rusqlite::types::Value::Integer(*i),
            Scalar::Str(s) => rusqlite::types::Value::Text(s.clone()),
        })
        .collect();
    let mut args: Vec<&dyn ToSql> = vec![&uuid];
    args.extend(extra.iter().map(|(_, v)| *v));
    args.extend(owned.iter().map(|v| v as &dyn ToSql));
    conn.prepare_cached(&sql)?.execute(args.as_slice())?;
    Ok(id_by_uuid(conn, table, uuid)?.unwrap_or(0))
}

/// The fields of `item` named in `names` (absent ones as NULL).
fn named<'a>(item: &Item, names: &[&'a str]) -> Vec<(&'a str, Scalar)> {
    names.iter().map(|n| (*n, item.get(n).clone())).collect()
}

/// Writes an article's own fields from its document into row `id`.
pub(crate) fn write_article_fields(conn: &Connection, id: Id, item: &Item) -> Result<()> {
    let uuid: String = conn
        .prepare_cached("SELECT uuid FROM article WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?;
    let values = named(item, ARTICLE_FIELDS);
    upsert(conn, "article", &uuid, &values, &[])?;
    if let Some(title) = item.str("title") {
        conn.prepare_cached(
            "UPDATE article SET sort_key = ?2 WHERE id = ?1 AND sort_key IS NOT ?2",
        )?
        .execute(params![id, sort_key(title)])?;
    }
    Ok(())
}

/// A new article row for a document that arrived, with UUID `uuid`; gives its id. Its text and
/// fields are written next by the caller.
pub(crate) fn insert_synced_article(conn: &Connection, uuid: &str, item: &Item) -> Result<Id> {
    let s = |f: &str| item.str(f).unwrap_or("").to_owned();
    conn.prepare_cached(
        "INSERT INTO article (uuid, title, format, content_hash, chars, imported_at, updated_at,
                              deleted_at, sort_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        uuid,
        s("title"),
        s("format"),
        s("content_hash"),
        item.get("chars").as_int().unwrap_or(0),
        s("imported_at"),
        s("updated_at"),
        item.str("deleted_at"),
        sort_key(&s("title"))
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Writes a highlight from its document (inserting it into article `article_id` when new) and
/// gives its id.
pub(crate) fn write_highlight(
    conn: &Connection,
    article_id: Id,
    uuid: &str,
    item: &Item,
) -> Result<Id> {
    upsert(conn, "highlight", uuid, &named(item, HIGHLIGHT_FIELDS), &[("article_id", &article_id)])
}

/// Writes a note from its document; `highlight` and `merged_into` are this library's ids of
/// the rows its document names.
pub(crate) fn write_note(
    conn: &Connection,
    article_id: Id,
    uuid: &str,
    item: &Item,
    highlight: Option<Id>,
    merged_into: Option<Id>,
) -> Result<Id> {
    let mut values = named(item, NOTE_FIELDS);
    values.push(("body", Scalar::Str(item.body.clone().unwrap_or_default())));
    values.push(("highlight_id", highlight.map_or(Scalar::Null, Scalar::Int)));
    values.push(("merged_into", merged_into.map_or(Scalar::Null, Scalar::Int)));
    upsert(conn, "note", uuid, &values, &[("article_id", &article_id)])
}

/// Writes a tag from the library's document and gives its id.
pub(crate) fn write_tag(conn: &Connection, uuid: &str, item: &Item) -> Result<Id> {
    let id = upsert(conn, "tag", uuid, &named(item, TAG_FIELDS), &[])?;
    if let Some(name) = item.str("name") {
        conn.prepare_cached("UPDATE tag SET sort_key = ?2 WHERE id = ?1 AND sort_key IS NOT ?2")?
            .execute(params![id, sort_key(name)])?;
    }
    Ok(id)
}

/// The live-or-trashed tag named `name`, with its UUID.
pub(crate) fn tag_by_name(conn: &Connection, name: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT uuid FROM tag WHERE name = ?1")?
        .query_row([name], |r| r.get(0))
        .optional()?)
}

/// Makes the tags of a highlight (or, with `highlight` false, of an article) exactly `tag_ids`.
pub(crate) fn set_tag_links(
    conn: &Connection,
    highlight: bool,
    id: Id,
    tag_ids: &[Id],
) -> Result<()> {
    let (table, col) =
        if highlight { ("highlight_tag", "highlight_id") } else { ("article_tag", "article_id") };
    let have: Vec<Id> = {
        let mut stmt =
            conn.prepare_cached(&format!("SELECT tag_id FROM {table} WHERE {col} = ?1"))?;
        let rows = stmt.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for t in &have {
        if !tag_ids.contains(t) {
            conn.prepare_cached(&format!("DELETE FROM {table} WHERE {col} = ?1 AND tag_id = ?2"))?
                .execute(params![id, t])?;
        }
    }
    for t in tag_ids {
        if !have.contains(t) {
            conn.prepare_cached(&format!(
                "INSERT OR IGNORE INTO {table} ({col}, tag_id) VALUES (?1, ?2)"
            ))?
            .execute(params![id, t])?;
        }
    }
    Ok(())
}

/// The UUIDs of rows removed for good here.
pub(crate) fn purged(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT uuid FROM sync_purged")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Removes for good the row of `table` with UUID `uuid`: another device emptied its trash of
/// it (or merged a tag away), and that is final on every device.
pub(crate) fn purge_row(conn: &Connection, table: &str, uuid: &str) -> Result<()> {
    conn.prepare_cached(&format!("DELETE FROM {table} WHERE uuid = ?1"))?.execute([uuid])?;
    Ok(())
}

/// An article's UUID and the content hash of its text.
pub(crate) fn article_uuid_and_hash(conn: &Connection, id: Id) -> Result<Option<(String, String)>> {
    Ok(conn
        .prepare_cached("SELECT uuid, content_hash FROM article WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Gives tag `from` the UUID `to` (another device's for the same tag); `from` becomes an alias.
pub(crate) fn rename_tag_uuid(conn: &Connection, from: &str, to: &str) -> Result<()> {
    conn.execute("UPDATE tag SET uuid = ?2 WHERE uuid = ?1", params![from, to])?;
    conn.execute(
        "UPDATE sync_alias SET target = ?2 WHERE target = ?1 AND kind = 'tag'",
        params![from, to],
    )?;
    add_alias(conn, from, "tag", to)
}

/// Takes the next file number for a file written outside the outbox (a compacted one).
pub(crate) fn take_file_number(conn: &Connection) -> Result<i64> {
    let number: i64 = conn.query_row("SELECT next_file FROM sync_device", [], |r| r.get(0))?;
    conn.execute("UPDATE sync_device SET next_file = next_file + 1", [])?;
    Ok(number)
}

/// The UUIDs of every tag (those in the trash too).
pub(crate) fn tag_uuids(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let mut stmt = conn.prepare_cached("SELECT uuid FROM tag")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The content hash of the text article `id` had before its first update (`None` while it was
/// never updated, or was updated before this was recorded).
pub(crate) fn first_hash(conn: &Connection, id: Id) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT first_hash FROM article WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .flatten())
}
