//! The SQL statements of the store, as functions over a connection (or a transaction, which
//! dereferences to one). The façade in `library.rs` decides what to do; these only read and write.

use super::search;
use crate::model::*;
use crate::{Error, Result};
use rusqlite::{named_params, params, Connection, OptionalExtension, Row};

/// A highlight or passage-note anchor as stored, for re-anchoring.
pub(crate) struct StoredAnchor {
    pub id: Id,
    pub anchor: Anchor,
}

/// The columns of `article` that make an [`ArticleSummary`], with counts and tags.
const SUMMARY_SELECT: &str = "
    SELECT a.id, a.title, a.author, a.site, a.source, a.url, a.published, a.language,
           a.format, a.chars, a.imported_at, a.updated_at,
           (SELECT count(*) FROM highlight h WHERE h.article_id = a.id AND h.deleted_at IS NULL),
           (SELECT count(*) FROM note n WHERE n.article_id = a.id AND n.deleted_at IS NULL),
           (SELECT group_concat(name, char(31)) FROM
               (SELECT t.name AS name FROM article_tag at JOIN tag t ON t.id = at.tag_id
                WHERE at.article_id = a.id AND t.deleted_at IS NULL ORDER BY t.name))
    FROM article a";

fn summary_from_row(r: &Row) -> rusqlite::Result<ArticleSummary> {
    let tags: Option<String> = r.get(14)?;
    Ok(ArticleSummary {
        id: r.get(0)?,
        meta: ArticleMeta {
            title: r.get(1)?,
            author: r.get(2)?,
            site: r.get(3)?,
            source: r.get(4)?,
            url: r.get(5)?,
            published: r.get(6)?,
            language: r.get(7)?,
        },
        format: r.get(8)?,
        chars: r.get(9)?,
        imported_at: r.get(10)?,
        updated_at: r.get(11)?,
        highlight_count: r.get(12)?,
        note_count: r.get(13)?,
        tags: split_names(tags),
    })
}

fn split_names(joined: Option<String>) -> Vec<String> {
    match joined {
        Some(s) if !s.is_empty() => s.split('\u{1f}').map(str::to_owned).collect(),
        _ => Vec::new(),
    }
}

/// The summary of a live article, or `None`.
pub(crate) fn article_summary(conn: &Connection, id: Id) -> Result<Option<ArticleSummary>> {
    let sql = format!("{SUMMARY_SELECT} WHERE a.id = ?1 AND a.deleted_at IS NULL");
    Ok(conn.prepare_cached(&sql)?.query_row([id], summary_from_row).optional()?)
}

/// The length in code points of article `id` and whether it is in the trash.
pub(crate) fn article_chars(conn: &Connection, id: Id) -> Result<Option<(u32, bool)>> {
    Ok(conn
        .prepare_cached("SELECT chars, deleted_at IS NOT NULL FROM article WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Live articles, filtered by tag (with its children, on the article or any of its highlights)
/// and sorted.
pub(crate) fn list_articles(
    conn: &Connection,
    tag: Option<&str>,
    order_by: &str,
) -> Result<Vec<ArticleSummary>> {
    let mut sql = format!("{SUMMARY_SELECT} WHERE a.deleted_at IS NULL");
    if tag.is_some() {
        sql.push_str(
            " AND a.id IN (
                SELECT at.article_id FROM article_tag at JOIN tag t ON t.id = at.tag_id
                 WHERE t.deleted_at IS NULL AND (t.name = ?1 OR substr(t.name, 1, length(?1) + 1) = ?1 || '/')
                UNION
                SELECT h.article_id FROM highlight_tag ht JOIN tag t ON t.id = ht.tag_id
                  JOIN highlight h ON h.id = ht.highlight_id
                 WHERE h.deleted_at IS NULL AND t.deleted_at IS NULL
                   AND (t.name = ?1 OR substr(t.name, 1, length(?1) + 1) = ?1 || '/'))",
        );
    }
    sql.push_str(" ORDER BY ");
    sql.push_str(order_by);
    let mut stmt = conn.prepare(&sql)?;
    let rows = match tag {
        Some(t) => stmt.query_map([t], summary_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
        None => stmt.query_map([], summary_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
    };
    Ok(rows)
}

/// The id of a live article with this content hash.
pub(crate) fn live_article_by_hash(conn: &Connection, hash: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            "SELECT id FROM article WHERE content_hash = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
            [hash],
            |r| r.get(0),
        )
        .optional()?)
}

/// The id of a live article imported from `source`.
pub(crate) fn live_article_by_source(conn: &Connection, source: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            "SELECT id FROM article WHERE source = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1",
            [source],
            |r| r.get(0),
        )
        .optional()?)
}

/// Whether an article exists at all, and whether it is in the trash.
pub(crate) fn article_deleted(conn: &Connection, id: Id) -> Result<Option<bool>> {
    Ok(conn
        .prepare_cached("SELECT deleted_at IS NOT NULL FROM article WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn insert_article(
    conn: &Connection,
    meta: &ArticleMeta,
    format: &str,
    hash: &str,
    chars: u32,
    now: &str,
) -> Result<Id> {
    conn.execute(
        "INSERT INTO article (title, author, site, source, url, published, language, format,
                              content_hash, chars, imported_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        params![
            meta.title,
            meta.author,
            meta.site,
            meta.source,
            meta.url,
            meta.published,
            meta.language,
            format,
            hash,
            chars,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Replaces an article's text: its hash, length and update time (metadata is the caller's).
pub(crate) fn set_article_content(
    conn: &Connection,
    id: Id,
    format: &str,
    hash: &str,
    chars: u32,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE article SET format = ?2, content_hash = ?3, chars = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, format, hash, chars, now],
    )?;
    Ok(())
}

pub(crate) fn update_article_meta(
    conn: &Connection,
    id: Id,
    meta: &ArticleMeta,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE article SET title = ?2, author = ?3, site = ?4, source = ?5, url = ?6,
                published = ?7, language = ?8, updated_at = ?9 WHERE id = ?1",
        params![
            id,
            meta.title,
            meta.author,
            meta.site,
            meta.source,
            meta.url,
            meta.published,
            meta.language,
            now
        ],
    )?;
    Ok(())
}

/// Replaces all passages of an article, and their rows in the search index (when the article
/// is live).
pub(crate) fn replace_passages(
    conn: &Connection,
    article_id: Id,
    passages: &[Passage],
) -> Result<()> {
    conn.execute("DELETE FROM passage WHERE article_id = ?1", [article_id])?;
    insert_passages_unindexed(conn, article_id, passages)?;
    let live: bool = conn.query_row(
        "SELECT deleted_at IS NULL FROM article WHERE id = ?1",
        [article_id],
        |r| r.get(0),
    )?;
    if live {
        let rows: Vec<search::IndexRow> = passages
            .iter()
            .filter_map(|p| {
                let rowid = search::passage_rowid(article_id, p.ordinal)?;
                let (t, u) = crate::search::index_tokens(&p.text);
                Some(search::IndexRow { rowid, t, u })
            })
            .collect();
        search::insert_index_rows(conn, &rows)?;
    }
    Ok(())
}

/// Inserts an article's passages (it has none) without their rows in the search index: the
/// caller writes those (see [`search::Deferred`]). One plain INSERT each, with no JSON to build
/// and parse: with the index trigger held back, no index data is pending at each statement's
/// savepoint, where FTS5 would write it out as a segment of one row.
pub(crate) fn insert_passages_unindexed(
    conn: &Connection,
    article_id: Id,
    passages: &[Passage],
) -> Result<()> {
    let _deferred = search::Deferred::new();
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
    let rows = stmt.query_map([article_id], |r| {
        let kind: String = r.get(1)?;
        let links: Option<String> = r.get(6)?;
        Ok(Passage {
            ordinal: r.get(0)?,
            kind: PassageKind::parse(&kind).unwrap_or(PassageKind::Paragraph),
            level: r.get(2)?,
            start: r.get(3)?,
            end: r.get(4)?,
            text: r.get(5)?,
            links: links.and_then(|l| serde_json::from_str(&l).ok()).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// ---- highlights ----

/// The columns of a highlight as [`highlight_from_row`] reads them (table alias `h`).
macro_rules! highlight_columns {
    () => {
        "h.id, h.article_id, h.start, h.end, h.exact, h.prefix, h.suffix, h.orphaned, h.color,
           h.created_at, h.updated_at,
           (SELECT group_concat(name, char(31)) FROM
               (SELECT t.name AS name FROM highlight_tag ht JOIN tag t ON t.id = ht.tag_id
                WHERE ht.highlight_id = h.id AND t.deleted_at IS NULL ORDER BY t.name))"
    };
}

const HIGHLIGHT_SELECT: &str = concat!("SELECT ", highlight_columns!(), " FROM highlight h");

fn highlight_from_row(r: &Row) -> rusqlite::Result<Highlight> {
    let color: String = r.get(8)?;
    let orphaned: bool = r.get(7)?;
    Ok(Highlight {
        id: r.get(0)?,
        article_id: r.get(1)?,
        anchor: Anchor {
            start: r.get(2)?,
            end: r.get(3)?,
            exact: r.get(4)?,
            prefix: r.get(5)?,
            suffix: r.get(6)?,
            status: if orphaned { AnchorStatus::Orphaned } else { AnchorStatus::Anchored },
        },
        color: Color::parse(&color).unwrap_or(Color::Yellow),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        tags: split_names(r.get(11)?),
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
        .query_row([id], |r| Ok((highlight_from_row(r)?, r.get(12)?)))
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

fn stored_anchor_from_row(r: &Row) -> rusqlite::Result<StoredAnchor> {
    let orphaned: bool = r.get(6)?;
    Ok(StoredAnchor {
        id: r.get(0)?,
        anchor: Anchor {
            start: r.get(1)?,
            end: r.get(2)?,
            exact: r.get(3)?,
            prefix: r.get(4)?,
            suffix: r.get(5)?,
            status: if orphaned { AnchorStatus::Orphaned } else { AnchorStatus::Anchored },
        },
    })
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

// ---- notes ----

fn note_from_row(r: &Row) -> rusqlite::Result<Note> {
    let highlight_id: Option<Id> = r.get(2)?;
    let start: Option<u32> = r.get(3)?;
    let target = match (highlight_id, start) {
        (Some(h), _) => NoteTarget::Highlight { highlight_id: h },
        (None, Some(start)) => {
            let orphaned: bool = r.get(8)?;
            NoteTarget::Passage {
                anchor: Anchor {
                    start,
                    end: r.get::<_, Option<u32>>(4)?.unwrap_or(start),
                    exact: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    prefix: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                    suffix: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    status: if orphaned { AnchorStatus::Orphaned } else { AnchorStatus::Anchored },
                },
            }
        }
        (None, None) => NoteTarget::Article,
    };
    Ok(Note {
        id: r.get(0)?,
        article_id: r.get(1)?,
        target,
        body: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

const NOTE_SELECT: &str = "SELECT id, article_id, highlight_id, start, end, exact, prefix, suffix,
    orphaned, body, created_at, updated_at FROM note";

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
    Ok(conn.query_row(&sql, [id], |r| Ok((note_from_row(r)?, r.get(12)?))).optional()?)
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

// ---- tags ----

/// The id of the tag named `name`, creating it (or taking it out of the trash) if need be.
pub(crate) fn ensure_tag(conn: &Connection, name: &str, now: &str) -> Result<Id> {
    if let Some((id, deleted)) = conn
        .query_row("SELECT id, deleted_at IS NOT NULL FROM tag WHERE name = ?1", [name], |r| {
            Ok((r.get::<_, Id>(0)?, r.get::<_, bool>(1)?))
        })
        .optional()?
    {
        if deleted {
            conn.execute("UPDATE tag SET deleted_at = NULL WHERE id = ?1", [id])?;
        }
        return Ok(id);
    }
    conn.execute("INSERT INTO tag (name, created_at) VALUES (?1, ?2)", params![name, now])?;
    Ok(conn.last_insert_rowid())
}

/// The live tag with this exact name.
pub(crate) fn live_tag_id(conn: &Connection, name: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row("SELECT id FROM tag WHERE name = ?1 AND deleted_at IS NULL", [name], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn link_tag(conn: &Connection, item: ItemRef, tag_id: Id) -> Result<()> {
    let sql = match item.kind {
        ItemKind::Article => {
            "INSERT OR IGNORE INTO article_tag (article_id, tag_id) VALUES (?1, ?2)"
        }
        _ => "INSERT OR IGNORE INTO highlight_tag (highlight_id, tag_id) VALUES (?1, ?2)",
    };
    conn.prepare_cached(sql)?.execute(params![item.id, tag_id])?;
    Ok(())
}

pub(crate) fn unlink_tag(conn: &Connection, item: ItemRef, tag_id: Id) -> Result<bool> {
    let sql = match item.kind {
        ItemKind::Article => "DELETE FROM article_tag WHERE article_id = ?1 AND tag_id = ?2",
        _ => "DELETE FROM highlight_tag WHERE highlight_id = ?1 AND tag_id = ?2",
    };
    Ok(conn.execute(sql, params![item.id, tag_id])? > 0)
}

/// Every live tag with its counts, by name.
pub(crate) fn tags(conn: &Connection) -> Result<Vec<Tag>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.name, t.color,
            (SELECT count(*) FROM highlight_tag ht JOIN highlight h ON h.id = ht.highlight_id
               JOIN article a ON a.id = h.article_id
             WHERE ht.tag_id = t.id AND h.deleted_at IS NULL AND a.deleted_at IS NULL),
            (SELECT count(*) FROM article_tag at JOIN article a ON a.id = at.article_id
             WHERE at.tag_id = t.id AND a.deleted_at IS NULL)
         FROM tag t WHERE t.deleted_at IS NULL ORDER BY t.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Tag {
            id: r.get(0)?,
            name: r.get(1)?,
            color: r.get(2)?,
            highlight_count: r.get(3)?,
            article_count: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Live tags named `name` or below it (`name/…`), as (id, name).
pub(crate) fn tag_subtree(conn: &Connection, name: &str) -> Result<Vec<(Id, String)>> {
    let mut stmt = conn.prepare(
        "SELECT id, name FROM tag WHERE deleted_at IS NULL
           AND (name = ?1 OR substr(name, 1, length(?1) + 1) = ?1 || '/') ORDER BY name",
    )?;
    let rows = stmt.query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(crate) fn tag_name_taken(conn: &Connection, name: &str) -> Result<Option<(Id, bool)>> {
    Ok(conn
        .query_row("SELECT id, deleted_at IS NOT NULL FROM tag WHERE name = ?1", [name], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

pub(crate) fn rename_tag_row(conn: &Connection, id: Id, name: &str) -> Result<()> {
    conn.execute("UPDATE tag SET name = ?2 WHERE id = ?1", params![id, name])?;
    Ok(())
}

/// Moves every link of tag `from` to tag `into` and removes `from` for good.
pub(crate) fn merge_tag_rows(conn: &Connection, from: Id, into: Id) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO highlight_tag (highlight_id, tag_id)
         SELECT highlight_id, ?2 FROM highlight_tag WHERE tag_id = ?1",
        params![from, into],
    )?;
    conn.execute(
        "INSERT OR IGNORE INTO article_tag (article_id, tag_id)
         SELECT article_id, ?2 FROM article_tag WHERE tag_id = ?1",
        params![from, into],
    )?;
    conn.execute("DELETE FROM tag WHERE id = ?1", [from])?;
    Ok(())
}

pub(crate) fn set_tag_color(conn: &Connection, id: Id, color: Option<&str>) -> Result<()> {
    conn.execute("UPDATE tag SET color = ?2 WHERE id = ?1", params![id, color])?;
    Ok(())
}

// ---- trash ----

fn table(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Article => "article",
        ItemKind::Highlight => "highlight",
        ItemKind::Note => "note",
        ItemKind::Tag => "tag",
        ItemKind::Claim => "claim",
    }
}

/// `Some(true)` if the item is in the trash, `Some(false)` if live, `None` if it does not exist.
pub(crate) fn item_deleted(conn: &Connection, item: ItemRef) -> Result<Option<bool>> {
    let sql = format!("SELECT deleted_at IS NOT NULL FROM {} WHERE id = ?1", table(item.kind));
    Ok(conn.query_row(&sql, [item.id], |r| r.get(0)).optional()?)
}

pub(crate) fn set_deleted(conn: &Connection, item: ItemRef, at: Option<&str>) -> Result<()> {
    let sql = format!("UPDATE {} SET deleted_at = ?2 WHERE id = ?1", table(item.kind));
    conn.execute(&sql, params![item.id, at])?;
    Ok(())
}

/// Everything in the trash, newest first.
pub(crate) fn trash(conn: &Connection) -> Result<Vec<TrashItem>> {
    let mut stmt = conn.prepare(
        "SELECT 'article', id, title, NULL, deleted_at FROM article WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'highlight', h.id, h.exact, a.title, h.deleted_at FROM highlight h
           JOIN article a ON a.id = h.article_id WHERE h.deleted_at IS NOT NULL
         UNION ALL
         SELECT 'note', n.id, n.body, a.title, n.deleted_at FROM note n
           JOIN article a ON a.id = n.article_id WHERE n.deleted_at IS NOT NULL
         UNION ALL
         SELECT 'tag', id, name, NULL, deleted_at FROM tag WHERE deleted_at IS NOT NULL
         UNION ALL
         SELECT 'claim', id, text, NULL, deleted_at FROM claim WHERE deleted_at IS NOT NULL
         ORDER BY 5 DESC, 1, 2",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(0)?;
        let kind = match kind.as_str() {
            "article" => ItemKind::Article,
            "highlight" => ItemKind::Highlight,
            "note" => ItemKind::Note,
            "claim" => ItemKind::Claim,
            _ => ItemKind::Tag,
        };
        Ok(TrashItem {
            item: ItemRef { kind, id: r.get(1)? },
            label: r.get(2)?,
            article_title: r.get(3)?,
            deleted_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Removes for good everything in the trash (and what belongs to trashed articles and
/// highlights); returns how many trashed items were removed.
pub(crate) fn empty_trash(conn: &Connection) -> Result<u32> {
    let mut n = 0;
    for t in ["note", "highlight", "tag", "claim", "article"] {
        n += conn.execute(&format!("DELETE FROM {t} WHERE deleted_at IS NOT NULL"), [])?;
    }
    Ok(n as u32)
}

// ---- settings ----

pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn set_setting(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}
