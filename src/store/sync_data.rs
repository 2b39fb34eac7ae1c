//! The statements of sync for what belongs to no article (see `sync/data.rs`): the marks of
//! claims' and the preferences' documents, the documents waiting for something to arrive, a
//! claim with its links, the taxonomy overrides and colour names as [`Item`]s and back, and an
//! article's reading progress.

use super::sync::{fields, upsert};
use crate::model::Id;
use crate::sync::data::{ClaimState, Preferences, PREFERENCES_DOC};
use crate::sync::{Item, Scalar};
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension};

/// The override columns that sync, but for its key.
const TAXONOMY_FIELDS: &[&str] =
    &["zh", "en", "aliases", "related", "removed", "user_added", "updated_at"];
/// The claim columns that sync, but for its text (the document's `body`).
const CLAIM_FIELDS: &[&str] = &["created_at", "updated_at", "deleted_at"];
/// The link columns that sync, but for the claim and the highlight.
const LINK_FIELDS: &[&str] = &["role", "note", "created_at", "updated_at"];
/// Reading progress travels in millionths: the column is a REAL, the documents hold integers.
const PROGRESS_SCALE: f64 = 1_000_000.0;

/// Marks every claim's document and the preferences' for their first trip (joining a folder).
pub(crate) fn mark_all(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO sync_dirty_doc (doc)
         SELECT 'claim:' || uuid FROM claim WHERE uuid IS NOT NULL",
        [],
    )?;
    conn.execute("INSERT OR IGNORE INTO sync_dirty_doc (doc) VALUES (?1)", [PREFERENCES_DOC])?;
    Ok(())
}

/// Forgets the marks and the waiting documents (leaving a folder).
pub(crate) fn forget(conn: &Connection) -> Result<()> {
    conn.execute_batch("DELETE FROM sync_dirty_doc; DELETE FROM sync_waiting;")?;
    Ok(())
}

/// The documents marked dirty, by key.
pub(crate) fn dirty_docs(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT doc FROM sync_dirty_doc ORDER BY doc")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn is_dirty_doc(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn.prepare_cached("SELECT 1 FROM sync_dirty_doc WHERE doc = ?1")?.exists([key])?)
}

pub(crate) fn clear_dirty_doc(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM sync_dirty_doc WHERE doc = ?1")?.execute([key])?;
    Ok(())
}

pub(crate) fn waiting(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT doc FROM sync_waiting ORDER BY doc")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records whether document `key` still waits for something to arrive.
pub(crate) fn set_waiting(conn: &Connection, key: &str, waiting: bool) -> Result<()> {
    let sql = if waiting {
        "INSERT OR IGNORE INTO sync_waiting (doc) VALUES (?1)"
    } else {
        "DELETE FROM sync_waiting WHERE doc = ?1"
    };
    conn.prepare_cached(sql)?.execute([key])?;
    Ok(())
}

/// The claim with UUID `uuid` and its links (by their highlight's UUID), or `None` when its
/// row is gone.
pub(crate) fn claim_state(conn: &Connection, uuid: &str) -> Result<Option<ClaimState>> {
    let cols = CLAIM_FIELDS.join(", ");
    let Some((id, claim)) = conn
        .prepare_cached(&format!("SELECT id, text, {cols} FROM claim WHERE uuid = ?1"))?
        .query_row([uuid], |r| {
            let mut item = fields(r, CLAIM_FIELDS, 2)?;
            item.body = Some(r.get(1)?);
            Ok((r.get::<_, Id>(0)?, item))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let cols = LINK_FIELDS.iter().map(|c| format!("l.{c}")).collect::<Vec<_>>().join(", ");
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT h.uuid, {cols} FROM claim_link l JOIN highlight h ON h.id = l.highlight_id
         WHERE l.claim_id = ?1"
    ))?;
    let rows =
        stmt.query_map([id], |r| Ok((r.get::<_, String>(0)?, fields(r, LINK_FIELDS, 1)?)))?;
    let links = rows.collect::<rusqlite::Result<_>>()?;
    Ok(Some(ClaimState { claim, links }))
}

/// Writes a claim from its document (inserting it when new) and gives its id.
pub(crate) fn write_claim(conn: &Connection, uuid: &str, item: &Item) -> Result<Id> {
    let mut values: Vec<(&str, Scalar)> =
        CLAIM_FIELDS.iter().map(|n| (*n, item.get(n).clone())).collect();
    values.push(("text", Scalar::Str(item.body.clone().unwrap_or_default())));
    upsert(conn, "claim", uuid, &values, &[])
}

/// Links highlight `highlight_id` to claim `claim_id` as the document's link says (a row
/// already so is not touched).
pub(crate) fn write_link(
    conn: &Connection,
    claim_id: Id,
    highlight_id: Id,
    link: &Item,
) -> Result<()> {
    let s = |f: &str| link.str(f).map(str::to_owned);
    conn.prepare_cached(
        "INSERT INTO claim_link (claim_id, highlight_id, role, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (claim_id, highlight_id) DO UPDATE SET role = excluded.role,
           note = excluded.note, created_at = excluded.created_at, updated_at = excluded.updated_at
         WHERE role IS NOT excluded.role OR note IS NOT excluded.note
           OR created_at IS NOT excluded.created_at OR updated_at IS NOT excluded.updated_at",
    )?
    .execute(params![
        claim_id,
        highlight_id,
        s("role").unwrap_or_else(|| "context".into()),
        s("note"),
        s("created_at").unwrap_or_default(),
        s("updated_at").unwrap_or_default()
    ])?;
    Ok(())
}

pub(crate) fn delete_link(conn: &Connection, claim_id: Id, highlight_id: Id) -> Result<()> {
    conn.prepare_cached("DELETE FROM claim_link WHERE claim_id = ?1 AND highlight_id = ?2")?
        .execute([claim_id, highlight_id])?;
    Ok(())
}

/// The taxonomy overrides (by key) and the colours' names (by colour) as items.
pub(crate) fn preferences(conn: &Connection) -> Result<Preferences> {
    let cols = TAXONOMY_FIELDS.join(", ");
    let mut stmt = conn.prepare(&format!("SELECT key, {cols} FROM taxonomy_override"))?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, fields(r, TAXONOMY_FIELDS, 1)?)))?;
    let taxonomy = rows.collect::<rusqlite::Result<_>>()?;
    let mut stmt =
        conn.prepare("SELECT substr(key, 7), value FROM setting WHERE key LIKE 'color.%'")?;
    let rows = stmt.query_map([], |r| {
        let mut item = Item::default();
        item.fields.insert("label".into(), Scalar::Str(r.get(1)?));
        Ok((r.get::<_, String>(0)?, item))
    })?;
    let colors = rows.collect::<rusqlite::Result<_>>()?;
    Ok(Preferences { taxonomy, colors })
}

/// Writes a taxonomy override from the document (a row already so is not touched).
pub(crate) fn write_override(conn: &Connection, key: &str, item: &Item) -> Result<()> {
    let get = |f: &str| match item.get(f) {
        Scalar::Null => rusqlite::types::Value::Null,
        Scalar::Int(i) => rusqlite::types::Value::Integer(*i),
        Scalar::Str(s) => rusqlite::types::Value::Text(s.clone()),
    };
    let int = |f: &str| item.get(f).as_int().unwrap_or(0);
    conn.prepare_cached(
        "INSERT INTO taxonomy_override (key, zh, en, aliases, related, removed, user_added, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (key) DO UPDATE SET zh = excluded.zh, en = excluded.en,
           aliases = excluded.aliases, related = excluded.related, removed = excluded.removed,
           user_added = excluded.user_added, updated_at = excluded.updated_at
         WHERE zh IS NOT excluded.zh OR en IS NOT excluded.en OR aliases IS NOT excluded.aliases
           OR related IS NOT excluded.related OR removed IS NOT excluded.removed
           OR user_added IS NOT excluded.user_added OR updated_at IS NOT excluded.updated_at",
    )?
    .execute(params![
        key,
        get("zh"),
        get("en"),
        get("aliases"),
        get("related"),
        int("removed"),
        int("user_added"),
        item.str("updated_at").unwrap_or_default()
    ])?;
    Ok(())
}

pub(crate) fn delete_override(conn: &Connection, key: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM taxonomy_override WHERE key = ?1")?.execute([key])?;
    Ok(())
}

/// Names colour `color` (`yellow`…) `label`, unless it is already so named.
pub(crate) fn write_color_name(conn: &Connection, color: &str, label: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO setting (key, value) VALUES ('color.' || ?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value",
    )?
    .execute([color, label])?;
    Ok(())
}

/// Article `id`'s reading progress as the documents hold it: `read_progress` in millionths and
/// `read_at`.
pub(crate) fn reading(conn: &Connection, id: Id) -> Result<Option<(i64, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT CAST(round(read_progress * ?2) AS INTEGER), read_at FROM article WHERE id = ?1",
        )?
        .query_row(params![id, PROGRESS_SCALE], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Writes article `id`'s reading progress from its document (unless it is already so).
pub(crate) fn write_reading(
    conn: &Connection,
    id: Id,
    millionths: i64,
    read_at: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE article SET read_progress = ?2 / ?4, read_at = ?3
         WHERE id = ?1 AND (CAST(round(read_progress * ?4) AS INTEGER) IS NOT ?2
                            OR read_at IS NOT ?3)",
    )?
    .execute(params![
        id,
        millionths.clamp(0, PROGRESS_SCALE as i64),
        read_at,
        PROGRESS_SCALE
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{migrate_to, open};
    use rusqlite::Connection;

    fn marks(c: &Connection) -> (Vec<String>, Vec<i64>) {
        let docs = super::dirty_docs(c).unwrap();
        let mut stmt = c.prepare("SELECT article_id FROM sync_dirty ORDER BY article_id").unwrap();
        let ids = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
        (docs, ids)
    }

    /// A library of version 14 that had joined a folder: after the upgrade its claims, links,
    /// taxonomy entries, colour names and reading progress are marked when written, in the
    /// writer's transaction; its other settings are not.
    #[test]
    fn a_joined_version_14_library_marks_claims_preferences_and_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v14.db");
        {
            let c = Connection::open(&path).unwrap();
            migrate_to(&c, 14).unwrap();
            c.execute_batch(
                "INSERT INTO article (id, title, format, content_hash, chars, imported_at, updated_at)
                   VALUES (1, '算力的账本', 'text', 'h', 7, 't', 't');
                 INSERT INTO highlight (id, article_id, start, end, exact, prefix, suffix, color, created_at, updated_at)
                   VALUES (1, 1, 2, 4, '钱字', '一个', '。', 'blue', 't', 't');
                 INSERT INTO claim (id, text, created_at, updated_at) VALUES (1, '算力决定成本', 't', 't');
                 INSERT INTO sync_device (only, device_id, name, folder, joined_at)
                   VALUES (1, '0123456789abcdef0123456789abcdef', '书房', '/f', 't');",
            )
            .unwrap();
        }
        let c = open(&path).unwrap();
        assert_eq!(marks(&c), (vec![], vec![]), "the upgrade itself marks nothing");
        let uuid: String = c.query_row("SELECT uuid FROM claim", [], |r| r.get(0)).unwrap();
        c.execute_batch(
            "INSERT INTO claim_link (claim_id, highlight_id, role, created_at, updated_at)
               VALUES (1, 1, 'supports', 't', 't');",
        )
        .unwrap();
        assert_eq!(marks(&c), (vec![format!("claim:{uuid}")], vec![]));
        c.execute_batch(
            "DELETE FROM sync_dirty_doc;
             INSERT INTO claim (text, created_at, updated_at) VALUES ('芯片是瓶颈', 't', 't');
             INSERT INTO setting VALUES ('index.format', '9');",
        )
        .unwrap();
        let new: String =
            c.query_row("SELECT uuid FROM claim WHERE id = 2", [], |r| r.get(0)).unwrap();
        assert_eq!(
            marks(&c),
            (vec![format!("claim:{new}")], vec![]),
            "a new claim, once it has its UUID"
        );
        c.execute_batch(
            "DELETE FROM sync_dirty_doc;
             INSERT INTO setting VALUES ('color.yellow', '论点');
             UPDATE article SET read_progress = read_progress WHERE id = 1;",
        )
        .unwrap();
        assert_eq!(marks(&c), (vec!["preferences".to_string()], vec![]), "no progress made");
        c.execute_batch(
            "DELETE FROM sync_dirty_doc;
             UPDATE article SET read_progress = 0.5 WHERE id = 1;
             INSERT INTO taxonomy_override (key, zh, updated_at) VALUES ('actor/x', '月之暗面', 't');",
        )
        .unwrap();
        assert_eq!(marks(&c), (vec!["preferences".to_string()], vec![1]));
        c.execute_batch("DELETE FROM sync_dirty; DELETE FROM claim WHERE id = 1;").unwrap();
        assert_eq!(marks(&c), (vec![format!("claim:{uuid}"), "preferences".into()], vec![]));
        let purged: bool = c
            .query_row("SELECT EXISTS (SELECT 1 FROM sync_purged WHERE uuid = ?1)", [&uuid], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(purged, "a claim removed for good is recorded");
    }
}
