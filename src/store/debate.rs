//! The SQL of the debate features: taxonomy overrides, claims and their links to highlights,
//! and the highlights under a tag for briefs.

use crate::debate::taxonomy::Override;
use crate::debate::types::{Claim, EvidenceRole};
use crate::model::Id;
use crate::{Error, Result};
use rusqlite::{params, Connection, OptionalExtension};

// ---- taxonomy overrides ----

fn json_list(s: Option<String>) -> Option<Vec<String>> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

fn to_json(v: &Option<Vec<String>>) -> Result<Option<String>> {
    v.as_ref()
        .map(|v| serde_json::to_string(v).map_err(|e| Error::internal(e.to_string())))
        .transpose()
}

pub(crate) fn taxonomy_overrides(conn: &Connection) -> Result<Vec<Override>> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, zh, en, aliases, related, removed, user_added FROM taxonomy_override
         ORDER BY key",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Override {
            key: r.get(0)?,
            zh: r.get(1)?,
            en: r.get(2)?,
            aliases: json_list(r.get(3)?),
            related: json_list(r.get(4)?),
            removed: r.get(5)?,
            user_added: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// What tells one state of the user's taxonomy changes from another: each override's key, time
/// and removal (every change writes its time), in key order. The table holds the user's
/// changes only, so this stays short.
pub(crate) fn taxonomy_signature(conn: &Connection) -> Result<String> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(group_concat(key || ' ' || updated_at || ' ' || removed, char(10)), '')
             FROM (SELECT key, updated_at, removed FROM taxonomy_override ORDER BY key)",
        )?
        .query_row([], |r| r.get(0))?)
}

pub(crate) fn taxonomy_override(conn: &Connection, key: &str) -> Result<Option<Override>> {
    Ok(taxonomy_overrides(conn)?.into_iter().find(|o| o.key == key))
}

pub(crate) fn put_taxonomy_override(conn: &Connection, o: &Override, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO taxonomy_override (key, zh, en, aliases, related, removed, user_added, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (key) DO UPDATE SET zh = excluded.zh, en = excluded.en,
           aliases = excluded.aliases, related = excluded.related, removed = excluded.removed,
           user_added = excluded.user_added, updated_at = excluded.updated_at",
        params![
            o.key,
            o.zh,
            o.en,
            to_json(&o.aliases)?,
            to_json(&o.related)?,
            o.removed,
            o.user_added,
            now
        ],
    )?;
    Ok(())
}

pub(crate) fn delete_taxonomy_override(conn: &Connection, key: &str) -> Result<bool> {
    Ok(conn.execute("DELETE FROM taxonomy_override WHERE key = ?1", [key])? > 0)
}

// ---- claims ----

/// Counts only links whose highlight and article are live: trashed evidence is not evidence.
fn live_count(role: &str) -> String {
    format!(
        "(SELECT count(*) FROM claim_link l JOIN highlight h ON h.id = l.highlight_id
           JOIN article a ON a.id = h.article_id
         WHERE l.claim_id = c.id AND l.role = '{role}' AND h.deleted_at IS NULL
           AND a.deleted_at IS NULL)"
    )
}

fn claim_select() -> String {
    format!(
        "SELECT c.id, c.text, c.created_at, c.updated_at, {}, {}, {}, c.uuid FROM claim c",
        live_count("supports"),
        live_count("opposes"),
        live_count("context")
    )
}

fn claim_from_row(r: &rusqlite::Row) -> rusqlite::Result<Claim> {
    Ok(Claim {
        id: r.get(0)?,
        uuid: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
        text: r.get(1)?,
        created_at: r.get(2)?,
        updated_at: r.get(3)?,
        supporting: r.get(4)?,
        opposing: r.get(5)?,
        context: r.get(6)?,
    })
}

pub(crate) fn insert_claim(conn: &Connection, text: &str, now: &str) -> Result<Id> {
    conn.execute(
        "INSERT INTO claim (text, created_at, updated_at) VALUES (?1, ?2, ?2)",
        params![text, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A claim (live or not) with its deletion state.
pub(crate) fn claim(conn: &Connection, id: Id) -> Result<Option<(Claim, bool)>> {
    let sql = format!(
        "SELECT *, (SELECT deleted_at IS NOT NULL FROM claim WHERE id = ?1) FROM ({} WHERE c.id = ?1)",
        claim_select()
    );
    Ok(conn.query_row(&sql, [id], |r| Ok((claim_from_row(r)?, r.get(8)?))).optional()?)
}

/// Live claims, most recently changed first.
pub(crate) fn claims(conn: &Connection) -> Result<Vec<Claim>> {
    let sql = format!(
        "{} WHERE c.deleted_at IS NULL ORDER BY c.updated_at DESC, c.id DESC",
        claim_select()
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], claim_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The id of a live claim with exactly this text.
pub(crate) fn live_claim_by_text(conn: &Connection, text: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            "SELECT id FROM claim WHERE text = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
            [text],
            |r| r.get(0),
        )
        .optional()?)
}

pub(crate) fn set_claim_text(conn: &Connection, id: Id, text: &str, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE claim SET text = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, text, now],
    )?;
    Ok(())
}

pub(crate) fn touch_claim(conn: &Connection, id: Id, now: &str) -> Result<()> {
    conn.execute("UPDATE claim SET updated_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

/// A link of a claim to a highlight, as stored.
pub(crate) struct LinkRow {
    pub highlight_id: Id,
    pub role: EvidenceRole,
    pub note: Option<String>,
    pub created_at: String,
}

/// Links a highlight to a claim, or changes the role and note of an existing link (keeping
/// when it was first linked, so that the evidence keeps its place in the list).
pub(crate) fn put_claim_link(
    conn: &Connection,
    claim_id: Id,
    highlight_id: Id,
    role: EvidenceRole,
    note: Option<&str>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO claim_link (claim_id, highlight_id, role, note, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (claim_id, highlight_id) DO UPDATE SET role = excluded.role,
           note = excluded.note, updated_at = excluded.updated_at",
        params![claim_id, highlight_id, role.as_str(), note, now],
    )?;
    Ok(())
}

pub(crate) fn delete_claim_link(conn: &Connection, claim_id: Id, highlight_id: Id) -> Result<bool> {
    Ok(conn.execute(
        "DELETE FROM claim_link WHERE claim_id = ?1 AND highlight_id = ?2",
        params![claim_id, highlight_id],
    )? > 0)
}

/// The links of a claim whose highlight and article are live, oldest link first.
pub(crate) fn live_claim_links(conn: &Connection, claim_id: Id) -> Result<Vec<LinkRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.highlight_id, l.role, l.note, l.created_at FROM claim_link l
           JOIN highlight h ON h.id = l.highlight_id JOIN article a ON a.id = h.article_id
         WHERE l.claim_id = ?1 AND h.deleted_at IS NULL AND a.deleted_at IS NULL
         ORDER BY l.created_at, l.highlight_id",
    )?;
    let rows = stmt.query_map([claim_id], |r| {
        let role: String = r.get(1)?;
        Ok(LinkRow {
            highlight_id: r.get(0)?,
            role: EvidenceRole::parse(&role).unwrap_or(EvidenceRole::Context),
            note: r.get(2)?,
            created_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every link of a live claim, as (highlight id, role, claim text), by highlight then role and
/// text (the claims an article's export names under each highlight).
pub(crate) fn live_claims_by_highlight(
    conn: &Connection,
) -> Result<Vec<(Id, EvidenceRole, String)>> {
    let mut stmt = conn.prepare(
        "SELECT l.highlight_id, l.role, c.text FROM claim_link l JOIN claim c ON c.id = l.claim_id
         WHERE c.deleted_at IS NULL ORDER BY l.highlight_id, l.role, c.text",
    )?;
    let rows = stmt.query_map([], |r| {
        let role: String = r.get(1)?;
        Ok((r.get(0)?, EvidenceRole::parse(&role).unwrap_or(EvidenceRole::Context), r.get(2)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// ---- briefs ----

/// Live highlights of live articles that carry tag `name` or one of its children, as
/// (article id, highlight id), articles oldest first (by publication date when known, else
/// import time), highlights in reading order.
pub(crate) fn highlights_under_tag(conn: &Connection, name: &str) -> Result<Vec<(Id, Id)>> {
    let mut stmt = conn.prepare(
        "SELECT DISTINCT h.article_id, h.id, coalesce(a.published, a.imported_at) AS d, a.id AS aid,
                h.orphaned, h.start, h.end
         FROM highlight h JOIN article a ON a.id = h.article_id
           JOIN highlight_tag ht ON ht.highlight_id = h.id JOIN tag t ON t.id = ht.tag_id
         WHERE h.deleted_at IS NULL AND a.deleted_at IS NULL AND t.deleted_at IS NULL
           AND (t.name = ?1 OR substr(t.name, 1, length(?1) + 1) = ?1 || '/')
         ORDER BY d, aid, h.orphaned, h.start, h.end, h.id",
    )?;
    let rows = stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
