//! The statements about articles: their summaries, the list, and the rows an import writes.

use super::rows::split_names;
use crate::collate::sort_key;
use crate::model::*;
use crate::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The columns of `article` that make an [`ArticleSummary`], with counts and tags.
const SUMMARY_SELECT: &str = "
    SELECT a.id, a.title, a.author, a.site, a.source, a.url, a.published, a.language,
           a.format, a.chars, a.imported_at, a.updated_at,
           (SELECT count(*) FROM highlight h WHERE h.article_id = a.id AND h.deleted_at IS NULL),
           (SELECT count(*) FROM note n WHERE n.article_id = a.id AND n.deleted_at IS NULL),
           (SELECT group_concat(name, char(31)) FROM
               (SELECT t.name AS name FROM article_tag at JOIN tag t ON t.id = at.tag_id
                WHERE at.article_id = a.id AND t.deleted_at IS NULL ORDER BY t.name)),
           coalesce((SELECT substr(p.text, 1, 90) FROM passage p
                      WHERE p.article_id = a.id AND p.kind = 'paragraph' ORDER BY p.ordinal LIMIT 1), ''),
           CAST(round(a.read_progress * 100) AS INTEGER), a.read_at,
           a.uuid
    FROM article a";

fn summary_from_row(r: &Row) -> rusqlite::Result<ArticleSummary> {
    let tags: Option<String> = r.get(14)?;
    Ok(ArticleSummary {
        id: r.get(0)?,
        uuid: r.get::<_, Option<String>>(18)?.unwrap_or_default(),
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
        excerpt: r.get(15)?,
        read_percent: r.get::<_, i64>(16)?.clamp(0, 100) as u8,
        read_at: r.get(17)?,
    })
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
/// and sorted; ties go by id, in the same direction.
pub(crate) fn list_articles(
    conn: &Connection,
    tag: Option<&str>,
    sort: SortBy,
    ascending: bool,
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
    let dir = if ascending { "ASC" } else { "DESC" };
    let order = match sort {
        SortBy::Imported => format!("a.imported_at {dir}, a.id {dir}"),
        SortBy::Updated => format!("a.updated_at {dir}, a.id {dir}"),
        SortBy::Title => format!("a.sort_key {dir}, a.id {dir}"),
        SortBy::Published => {
            format!("a.published IS NULL, a.published {dir}, a.imported_at {dir}, a.id {dir}")
        }
    };
    sql.push_str(" ORDER BY ");
    sql.push_str(&order);
    let mut stmt = conn.prepare(&sql)?;
    let rows = match tag {
        Some(t) => stmt.query_map([t], summary_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
        None => stmt.query_map([], summary_from_row)?.collect::<rusqlite::Result<Vec<_>>>()?,
    };
    Ok(rows)
}

/// Every live article, by id (the order of [`all_live_highlights`](super::all_live_highlights)
/// and [`all_live_notes`](super::all_live_notes), for an export of the whole library).
pub(crate) fn live_articles_by_id(conn: &Connection) -> Result<Vec<ArticleSummary>> {
    let sql = format!("{SUMMARY_SELECT} WHERE a.deleted_at IS NULL ORDER BY a.id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], summary_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
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

/// The first live article whose canonical link is `?1`.
pub(crate) const LIVE_BY_URL: &str =
    "SELECT id FROM article WHERE url = ?1 AND deleted_at IS NULL ORDER BY id LIMIT 1";

/// The id of a live article captured from `link`: imported from it, or whose canonical link it
/// is (both columns indexed).
pub(crate) fn live_article_by_link(conn: &Connection, link: &str) -> Result<Option<Id>> {
    if let Some(id) = live_article_by_source(conn, link)? {
        return Ok(Some(id));
    }
    Ok(conn.query_row(LIVE_BY_URL, [link], |r| r.get(0)).optional()?)
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
                              content_hash, chars, imported_at, updated_at, sort_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
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
            now,
            sort_key(&meta.title)
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
                published = ?7, language = ?8, updated_at = ?9, sort_key = ?10 WHERE id = ?1",
        params![
            id,
            meta.title,
            meta.author,
            meta.site,
            meta.source,
            meta.url,
            meta.published,
            meta.language,
            now,
            sort_key(&meta.title)
        ],
    )?;
    Ok(())
}

/// Records how far article `id` has been read (a fraction, kept if further than before) and,
/// when `read_at` is given, that it was read then; `Some(None)` marks it unread again from the
/// start. Neither is a change to the article: `updated_at` stays.
pub(crate) fn set_reading(
    conn: &Connection,
    id: Id,
    progress: Option<f64>,
    read_at: Option<Option<&str>>,
) -> Result<()> {
    if let Some(p) = progress {
        conn.prepare_cached(
            "UPDATE article SET read_progress = max(read_progress, ?2) WHERE id = ?1",
        )?
        .execute(params![id, p.clamp(0.0, 1.0)])?;
    }
    match read_at {
        Some(Some(at)) => {
            conn.execute(
                "UPDATE article SET read_at = coalesce(read_at, ?2) WHERE id = ?1",
                params![id, at],
            )?;
        }
        Some(None) => {
            conn.execute(
                "UPDATE article SET read_at = NULL, read_progress = 0 WHERE id = ?1",
                [id],
            )?;
        }
        None => {}
    }
    Ok(())
}
