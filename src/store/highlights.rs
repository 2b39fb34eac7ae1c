//! The statements about highlights.

use super::rows::{required_anchor_at, split_names, stored_anchor_from_row, StoredAnchor};
use crate::model::*;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The columns of a highlight as [`highlight_from_row`] reads them (table alias `h`).
macro_rules! highlight_columns {
    () => {
        "h.id, h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix, h.orphaned, h.color,
           h.created_at, h.updated_at,
           (SELECT group_concat(t.name, char(31)) FROM highlight_tag ht
                JOIN tag t ON t.id = ht.tag_id
                WHERE ht.highlight_id = h.id AND t.deleted_at IS NULL),
           h.uuid"
    };
}

pub(super) const HIGHLIGHT_SELECT: &str =
    concat!("SELECT ", highlight_columns!(), " FROM highlight h");

pub(super) fn highlight_from_row(r: &Row) -> rusqlite::Result<Highlight> {
    let color: String = r.get(8)?;
    Ok(Highlight {
        id: r.get(0)?,
        uuid: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
        article_id: r.get(1)?,
        anchor: required_anchor_at(r, 2)?,
        color: Color::parse(&color).unwrap_or(Color::Yellow),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        // Sorted here (as SQL's binary order would): a sort inside the subquery cost a sorter
        // per highlight, a third of the time of reading a library's highlights for an export.
        tags: {
            let mut tags = split_names(r.get(11)?);
            tags.sort_unstable();
            tags
        },
        note: None,
    })
}

/// Live highlights of an article: anchored ones by position, then orphans; without notes.
pub(crate) fn article_highlights(conn: &Connection, article_id: Id) -> Result<Vec<Highlight>> {
    let sql = format!(
        "{HIGHLIGHT_SELECT} WHERE h.article_id = ?1 AND h.deleted_at IS NULL
         ORDER BY h.orphaned, h.start, h.end, h.id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([article_id], highlight_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every live highlight of every live article, by article then as [`article_highlights`] orders
/// them; without notes.
pub(crate) fn all_live_highlights(conn: &Connection) -> Result<Vec<Highlight>> {
    let sql = format!(
        "{HIGHLIGHT_SELECT} JOIN article a ON a.id = h.article_id
         WHERE h.deleted_at IS NULL AND a.deleted_at IS NULL
         ORDER BY h.article_id, h.orphaned, h.start, h.end, h.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], highlight_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One highlight (live or not) with its deletion state, without its note.
pub(crate) fn highlight(conn: &Connection, id: Id) -> Result<Option<(Highlight, bool)>> {
    // One SELECT: a join of two subqueries on the same parameter made SQLite prepare the
    // statement again at every run.
    const SQL: &str = concat!(
        "SELECT ",
        highlight_columns!(),
        ", h.deleted_at IS NOT NULL FROM highlight h WHERE h.id = ?1"
    );
    Ok(conn
        .prepare_cached(SQL)?
        .query_row([id], |r| Ok((highlight_from_row(r)?, r.get(13)?)))
        .optional()?)
}

/// Live orphaned highlights of live articles.
pub(crate) fn orphans(conn: &Connection) -> Result<Vec<Highlight>> {
    let sql = format!(
        "{HIGHLIGHT_SELECT} JOIN article a ON a.id = h.article_id
         WHERE h.orphaned = 1 AND h.deleted_at IS NULL AND a.deleted_at IS NULL
         ORDER BY h.article_id, h.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], highlight_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn insert_highlight(
    conn: &Connection,
    article_id: Id,
    anchor: &Anchor,
    color: Color,
    now: &str,
) -> Result<Id> {
    conn.prepare_cached(
        "INSERT INTO highlight (article_id, start, end, exact, prefix, suffix, orphaned, color,
                                created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
    )?
    .execute(params![
        article_id,
        anchor.start,
        anchor.end,
        anchor.exact,
        anchor.prefix,
        anchor.suffix,
        anchor.status == AnchorStatus::Orphaned,
        color.as_str(),
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn set_highlight_color(
    conn: &Connection,
    id: Id,
    color: Color,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE highlight SET color = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, color.as_str(), now],
    )?;
    Ok(())
}

/// Every highlight of an article, in the trash or not, for re-anchoring.
pub(crate) fn highlight_anchors(conn: &Connection, article_id: Id) -> Result<Vec<StoredAnchor>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, start, end, exact, prefix, suffix, orphaned FROM highlight WHERE article_id = ?1",
    )?;
    let rows = stmt.query_map([article_id], stored_anchor_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn set_highlight_anchor(
    conn: &Connection,
    id: Id,
    a: &Anchor,
    now: Option<&str>,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE highlight SET start = ?2, end = ?3, exact = ?4, prefix = ?5, suffix = ?6,
                orphaned = ?7, updated_at = coalesce(?8, updated_at) WHERE id = ?1",
    )?
    .execute(params![
        id,
        a.start,
        a.end,
        a.exact,
        a.prefix,
        a.suffix,
        a.status == AnchorStatus::Orphaned,
        now
    ])?;
    Ok(())
}
