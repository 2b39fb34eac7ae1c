//! The statements about passages: an article's text, written whole and read whole or in part.

use super::index::{self, IndexRow, Indexed};
use crate::model::*;
use crate::{Error, Result};
use rusqlite::{params, Connection};

/// Replaces all passages of an article, and their rows in the search index (when the article
/// is live).
pub(crate) fn replace_passages(
    conn: &Connection,
    article_id: Id,
    passages: &[Passage],
) -> Result<()> {
    conn.prepare_cached("DELETE FROM passage WHERE article_id = ?1")?.execute([article_id])?;
    insert_passages_unindexed(conn, article_id, passages)?;
    let live: bool = conn.query_row(
        "SELECT deleted_at IS NULL FROM article WHERE id = ?1",
        [article_id],
        |r| r.get(0),
    )?;
    if live {
        let mut rows: Vec<IndexRow> = passages
            .iter()
            .filter_map(|p| {
                let what = Indexed::Passage { article: article_id, ordinal: p.ordinal };
                IndexRow::new(what, crate::search::index_tokens(&p.text))
            })
            .collect();
        index::insert_index_rows(conn, &mut rows)?;
    }
    Ok(())
}

/// Inserts an article's passages (it has none) without their rows in the search index: the
/// caller writes those (see [`index::Deferred`]). One plain INSERT each, with no JSON to build
/// and parse: with the index trigger held back, no index data is pending at each statement's
/// savepoint, where FTS5 would write it out as a segment of one row.
pub(crate) fn insert_passages_unindexed(
    conn: &Connection,
    article_id: Id,
    passages: &[Passage],
) -> Result<()> {
    let _deferred = index::Deferred::new();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO passage (article_id, ordinal, kind, level, start, end, text, links)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for p in passages {
        let links = if p.links.is_empty() {
            None
        } else {
            Some(serde_json::to_string(&p.links).map_err(|e| {
                Error::internal(format!("cannot write the links of passage {}: {e}", p.ordinal))
            })?)
        };
        stmt.execute(params![
            article_id,
            p.ordinal,
            p.kind.as_str(),
            p.level,
            p.start,
            p.end,
            p.text,
            links
        ])?;
    }
    Ok(())
}

/// The stretch of article `article_id`'s text made of the passages that meet `[from, to)`, and
/// the offset where it starts.
pub(crate) fn text_window(
    conn: &Connection,
    article_id: Id,
    from: u32,
    to: u32,
) -> Result<(u32, String)> {
    let mut stmt = conn.prepare_cached(
        "SELECT start, text FROM passage WHERE article_id = ?1 AND end >= ?2 AND start <= ?3
         ORDER BY ordinal",
    )?;
    let mut rows = stmt.query(params![article_id, from, to])?;
    let mut first: Option<u32> = None;
    let mut text = String::new();
    while let Some(r) = rows.next()? {
        if first.is_some() {
            text.push('\n');
        }
        first.get_or_insert(r.get(0)?);
        text.push_str(r.get_ref(1)?.as_str().map_err(|e| Error::internal(e.to_string()))?);
    }
    Ok((first.unwrap_or(0), text))
}

pub(crate) fn passages(conn: &Connection, article_id: Id) -> Result<Vec<Passage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT ordinal, kind, level, start, end, text, links FROM passage
         WHERE article_id = ?1 ORDER BY ordinal",
    )?;
    let rows = stmt.query_map([article_id], |r| passage_from_row(r, 0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The passages that hold part of a live anchored highlight, as (article id, passage) by
/// article and ordinal: of the live articles, or of article `only`. What an export shows
/// around its highlights, without reading whole articles: one statement for the library.
pub(crate) fn passages_with_highlights(
    conn: &Connection,
    only: Option<Id>,
) -> Result<Vec<(Id, Passage)>> {
    const SELECT: &str = "SELECT DISTINCT p.article_id, p.ordinal, p.kind, p.level, p.start,
            p.end, p.text, p.links
         FROM highlight h JOIN passage p
           ON p.article_id = h.article_id AND p.start < h.end AND p.end > h.start
         WHERE h.deleted_at IS NULL AND h.orphaned = 0";
    let sql = match only {
        Some(_) => format!("{SELECT} AND h.article_id = ?1 ORDER BY p.ordinal"),
        None => format!(
            "{SELECT} AND h.article_id IN (SELECT id FROM article WHERE deleted_at IS NULL)
             ORDER BY p.article_id, p.ordinal"
        ),
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let row = |r: &rusqlite::Row| Ok((r.get(0)?, passage_from_row(r, 1)?));
    let rows = match only {
        Some(id) => stmt.query_map([id], row)?,
        None => stmt.query_map([], row)?,
    };
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A passage from the columns ordinal, kind, level, start, end, text, links, the first at `at`.
fn passage_from_row(r: &rusqlite::Row, at: usize) -> rusqlite::Result<Passage> {
    let kind: String = r.get(at + 1)?;
    let links: Option<String> = r.get(at + 6)?;
    Ok(Passage {
        ordinal: r.get(at)?,
        kind: PassageKind::parse(&kind).unwrap_or(PassageKind::Paragraph),
        level: r.get(at + 2)?,
        start: r.get(at + 3)?,
        end: r.get(at + 4)?,
        text: r.get(at + 5)?,
        links: links.and_then(|l| serde_json::from_str(&l).ok()).unwrap_or_default(),
    })
}
