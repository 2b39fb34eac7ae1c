//! The statements about notes: on an article, on a highlight, or on a stretch of text.

use super::rows::{anchor_at, stored_anchor_from_row, StoredAnchor};
use crate::model::*;
use crate::Result;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

pub(super) fn note_from_row(r: &Row) -> rusqlite::Result<Note> {
    let highlight_id: Option<Id> = r.get(2)?;
    let target = match (highlight_id, anchor_at(r, 3)?) {
        (Some(h), _) => NoteTarget::Highlight { highlight_id: h },
        (None, Some(anchor)) => NoteTarget::Passage { anchor },
        (None, None) => NoteTarget::Article,
    };
    Ok(Note {
        id: r.get(0)?,
        uuid: r.get::<_, Option<String>>(12)?.unwrap_or_default(),
        article_id: r.get(1)?,
        target,
        body: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

pub(super) const NOTE_SELECT: &str =
    "SELECT id, article_id, highlight_id, start, end, exact, prefix, suffix,
    orphaned, body, created_at, updated_at, uuid FROM note";

/// Live notes of an article: on the article, on passages and on its highlights.
pub(crate) fn article_notes(conn: &Connection, article_id: Id) -> Result<Vec<Note>> {
    let sql = format!(
        "{NOTE_SELECT} WHERE article_id = ?1 AND deleted_at IS NULL
         ORDER BY highlight_id IS NOT NULL, start IS NOT NULL, orphaned, start, id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([article_id], note_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every live note of every live article, by article then as [`article_notes`] orders them.
/// Notes on highlights in the trash are left out.
pub(crate) fn all_live_notes(conn: &Connection) -> Result<Vec<Note>> {
    let sql = format!(
        "{NOTE_SELECT} WHERE deleted_at IS NULL
           AND article_id IN (SELECT id FROM article WHERE deleted_at IS NULL)
           AND (highlight_id IS NULL OR highlight_id IN
                (SELECT id FROM highlight WHERE deleted_at IS NULL))
         ORDER BY article_id, highlight_id IS NOT NULL, start IS NOT NULL, orphaned, start, id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], note_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A note (live or not) with its deletion state.
pub(crate) fn note(conn: &Connection, id: Id) -> Result<Option<(Note, bool)>> {
    let sql = format!("SELECT *, (SELECT deleted_at IS NOT NULL FROM note WHERE id = ?1) FROM ({NOTE_SELECT} WHERE id = ?1)");
    Ok(conn.query_row(&sql, [id], |r| Ok((note_from_row(r)?, r.get(13)?))).optional()?)
}

/// The live note on the article itself, or on a highlight.
pub(crate) fn live_note_on(
    conn: &Connection,
    article_id: Id,
    highlight_id: Option<Id>,
) -> Result<Option<Note>> {
    let sql = match highlight_id {
        Some(_) => format!(
            "{NOTE_SELECT} WHERE article_id = ?1 AND highlight_id = ?2 AND deleted_at IS NULL"
        ),
        None => format!(
            "{NOTE_SELECT} WHERE article_id = ?1 AND ?2 IS NULL AND highlight_id IS NULL AND start IS NULL AND deleted_at IS NULL"
        ),
    };
    Ok(conn
        .prepare_cached(&sql)?
        .query_row(params![article_id, highlight_id], note_from_row)
        .optional()?)
}

pub(crate) fn insert_note(
    conn: &Connection,
    article_id: Id,
    highlight_id: Option<Id>,
    anchor: Option<&Anchor>,
    body: &str,
    now: &str,
) -> Result<Id> {
    conn.prepare_cached(
        "INSERT INTO note (article_id, highlight_id, start, end, exact, prefix, suffix, orphaned,
                           body, created_at, updated_at)
         VALUES (:article, :highlight, :start, :end, :exact, :prefix, :suffix, :orphaned, :body, :now, :now)",
    )?
    .execute(
        named_params! {
            ":article": article_id,
            ":highlight": highlight_id,
            ":start": anchor.map(|a| a.start),
            ":end": anchor.map(|a| a.end),
            ":exact": anchor.map(|a| &a.exact),
            ":prefix": anchor.map(|a| &a.prefix),
            ":suffix": anchor.map(|a| &a.suffix),
            ":orphaned": anchor.is_some_and(|a| a.status == AnchorStatus::Orphaned),
            ":body": body,
            ":now": now,
        },
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn set_note_body(conn: &Connection, id: Id, body: &str, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE note SET body = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, body, now],
    )?;
    Ok(())
}

/// Records that note `id`, in the trash, was restored by appending its text to note `into`: it
/// stays in the trash, out of its list, until the trash is emptied.
pub(crate) fn merge_note_into(conn: &Connection, id: Id, into: Id) -> Result<()> {
    conn.execute("UPDATE note SET merged_into = ?2 WHERE id = ?1", params![id, into])?;
    Ok(())
}

/// Every passage note of an article, in the trash or not, for re-anchoring.
pub(crate) fn note_anchors(conn: &Connection, article_id: Id) -> Result<Vec<StoredAnchor>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, start, end, exact, prefix, suffix, orphaned FROM note
         WHERE article_id = ?1 AND start IS NOT NULL",
    )?;
    let rows = stmt.query_map([article_id], stored_anchor_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn set_note_anchor(conn: &Connection, id: Id, a: &Anchor) -> Result<()> {
    conn.prepare_cached(
        "UPDATE note SET start = ?2, end = ?3, exact = ?4, prefix = ?5, suffix = ?6, orphaned = ?7
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        a.start,
        a.end,
        a.exact,
        a.prefix,
        a.suffix,
        a.status == AnchorStatus::Orphaned
    ])?;
    Ok(())
}
