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
        sql.push_str(&TAG_FILTER.replace(":tag", "?1"));
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

/// The live tags named `:tag` or below it (`:tag/…`), read once per statement as `fam`: the
/// family a tag filter keeps.
const TAG_FAMILY: &str = "WITH fam(id) AS MATERIALIZED (
    SELECT t.id FROM tag t
     WHERE t.deleted_at IS NULL AND (t.name = :tag OR substr(t.name, 1, length(:tag) + 1) = :tag || '/'))";

/// The condition that keeps the articles carrying tag `:tag` or one of its children, on the
/// article or on one of its live highlights: the family's rows of `tag_article` (kept by the
/// triggers of migration 18), one per article a tag reaches, so that its cost grows with the
/// articles the tag reaches and not with its highlight links.
pub(crate) const TAG_FILTER: &str = " AND a.id IN (
    SELECT ta.article_id FROM tag t CROSS JOIN tag_article ta ON ta.tag_id = t.id
     WHERE t.deleted_at IS NULL AND (t.name = :tag OR substr(t.name, 1, length(:tag) + 1) = :tag || '/'))";

/// The same condition probed article by article, for a walk down an order's index (in a
/// statement that begins with [`TAG_FAMILY`]): a tag on many articles fills a page after a few
/// probes, where gathering all its articles first (as [`TAG_FILTER`] does) costs the same for
/// every page however few rows it gives. Each probe is one look-up per tag of the family.
const TAG_PROBE: &str = " AND EXISTS (
    SELECT 1 FROM fam CROSS JOIN tag_article ta ON ta.tag_id = fam.id AND ta.article_id = a.id)";

/// Up to how many tags a family's articles are counted by merging each tag's rows, which come
/// in article order (at 100,000 articles, two tags reaching 98% of them: 12 ms, against 19 ms
/// through a temporary B-tree); a larger family, whose rows would pass through as many merges,
/// is counted through the B-tree.
const MERGED_FAMILY_MAX: usize = 16;

/// How many live articles the tags `?1`…`?n` (a family: a tag and its children) reach: their
/// rows of `tag_article`, read from its primary key alone (an article reached by several tags
/// counted once), less those whose article is in the trash, found through the trash's index.
/// No article row is read for a live article.
fn tag_total_sql(n: usize) -> String {
    let ids: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
    let reach = match n {
        1 => "SELECT count(*) FROM tag_article WHERE tag_id = ?1".to_owned(),
        2..=MERGED_FAMILY_MAX => {
            let arms: Vec<String> = ids
                .iter()
                .map(|id| format!("SELECT article_id FROM tag_article WHERE tag_id = {id}"))
                .collect();
            format!("SELECT count(*) FROM ({} ORDER BY 1)", arms.join(" UNION "))
        }
        _ => format!(
            "SELECT count(DISTINCT article_id) FROM tag_article WHERE tag_id IN ({})",
            ids.join(", ")
        ),
    };
    format!(
        "SELECT ({reach}) - (SELECT count(*) FROM article a INDEXED BY article_trashed
            WHERE a.deleted_at IS NOT NULL AND EXISTS (
              SELECT 1 FROM tag_article ta WHERE ta.tag_id IN ({}) AND ta.article_id = a.id))",
        ids.join(", ")
    )
}

/// How many live articles tag `tag` or a child of it reaches (see [`tag_total_sql`]).
fn tag_total(conn: &Connection, tag: &str) -> Result<u32> {
    let family: Vec<Id> = super::tag_subtree(conn, tag)?.into_iter().map(|(id, _)| id).collect();
    if family.is_empty() {
        return Ok(0);
    }
    let mut stmt = conn.prepare_cached(&tag_total_sql(family.len()))?;
    let n: i64 = stmt.query_row(rusqlite::params_from_iter(&family), |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// From how many articles a tag's list is read by probing each article down the order's index
/// rather than by gathering the tagged articles first (below it, gathering them is cheap).
const TAG_PROBE_FROM: u32 = 2000;

/// Which page of the article list to read: its filter and order, and where it starts.
pub(crate) struct PageQuery<'a> {
    pub tag: Option<&'a str>,
    pub sort: SortBy,
    pub ascending: bool,
    /// Rows to pass over from the start (ignored when `after` is found).
    pub offset: u32,
    /// The page starts just after this article in the order, found by its key.
    pub after: Option<Id>,
    pub limit: u32,
}

/// A stretch of the order that one index walks: the rows `filter` keeps, ordered by `keys`
/// (all in the same direction, so the walk is an index's, forwards or backwards). A sort by
/// publication date is two stretches: the dated articles, then the undated ones by import.
struct Stretch {
    filter: &'static str,
    keys: &'static [&'static str],
}

fn stretches(sort: SortBy) -> &'static [Stretch] {
    const IMPORTED: &[&str] = &["a.imported_at", "a.id"];
    match sort {
        SortBy::Imported => &[Stretch { filter: "", keys: IMPORTED }],
        SortBy::Updated => &[Stretch { filter: "", keys: &["a.updated_at", "a.id"] }],
        SortBy::Title => &[Stretch { filter: "", keys: &["a.sort_key", "a.id"] }],
        SortBy::Published => &[
            Stretch {
                filter: " AND a.published IS NOT NULL",
                keys: &["a.published", "a.imported_at", "a.id"],
            },
            Stretch { filter: " AND a.published IS NULL", keys: IMPORTED },
        ],
    }
}

/// One page of the live articles in the order and filter of [`list_articles`], and how many
/// the filter keeps in all. A page after a known article is found by its key (an index search,
/// whatever its depth in the list); one at an offset walks the index to it. Either way the
/// page's ids are found first and only they are summarised.
pub(crate) fn article_page(conn: &Connection, q: &PageQuery) -> Result<(Vec<ArticleSummary>, u32)> {
    use rusqlite::types::Value;
    let tag_filter = if q.tag.is_some() { TAG_FILTER } else { "" };
    let tag_value = q.tag.map(|t| Value::Text(t.to_owned()));
    let count = |extra: &str| -> Result<u32> {
        let sql =
            format!("SELECT count(*) FROM article a WHERE a.deleted_at IS NULL{extra}{tag_filter}");
        let mut stmt = conn.prepare_cached(&sql)?;
        let n: i64 = match &tag_value {
            Some(t) => stmt.query_row(&[(":tag", t)], |r| r.get(0))?,
            None => stmt.query_row([], |r| r.get(0))?,
        };
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    };
    let total = match q.tag {
        Some(t) => tag_total(conn, t)?,
        None => count("")?,
    };
    // A page walks the order's index and keeps the tagged articles it meets, never sorting them
    // (a tag on a quarter of 100,000 articles would be 25,000 rows to sort for each page):
    // probing each article's tags when the tag is on many, else looking it up in the set of
    // tagged articles (`+a.id` keeps the planner from reading that set first and sorting it).
    let (walk_with, walk_filter) = match q.tag {
        Some(_) if total >= TAG_PROBE_FROM => (TAG_FAMILY, TAG_PROBE.to_owned()),
        _ => ("", tag_filter.replacen("a.id IN", "+a.id IN", 1)),
    };
    let stretches = stretches(q.sort);
    // Where the article the page follows sits: its stretch and its key there.
    let mut from: Option<(usize, Vec<Value>)> = None;
    if let Some(id) = q.after {
        for (i, s) in stretches.iter().enumerate() {
            let sql =
                format!("SELECT {} FROM article a WHERE a.id = :id{}", s.keys.join(", "), s.filter);
            let key = conn
                .prepare_cached(&sql)?
                .query_row(&[(":id", &id)], |r| {
                    (0..s.keys.len())
                        .map(|k| r.get::<_, Value>(k))
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .optional()?;
            if let Some(key) = key {
                from = Some((i, key));
                break;
            }
        }
    }
    let (dir, op) = if q.ascending { ("ASC", ">") } else { ("DESC", "<") };
    let mut skip = if from.is_some() { 0 } else { q.offset };
    let mut rows = Vec::new();
    for (i, s) in stretches.iter().enumerate() {
        let want = q.limit as usize - rows.len().min(q.limit as usize);
        if want == 0 {
            break;
        }
        let key = match &from {
            Some((at, _)) if i < *at => continue,
            Some((at, key)) if i == *at => Some(key),
            _ => None,
        };
        let mut sql = format!(
            "{walk_with} SELECT a.id FROM article a WHERE a.deleted_at IS NULL{}{walk_filter}",
            s.filter
        );
        let names: Vec<String> = (0..s.keys.len()).map(|k| format!(":k{k}")).collect();
        if key.is_some() {
            sql.push_str(&format!(" AND ({}) {op} ({})", s.keys.join(", "), names.join(", ")));
        }
        let order: Vec<String> = s.keys.iter().map(|k| format!("{k} {dir}")).collect();
        sql.push_str(&format!(" ORDER BY {} LIMIT :limit OFFSET :offset", order.join(", ")));
        let limit = i64::try_from(want).unwrap_or(i64::MAX);
        let offset = i64::from(skip);
        let mut args: Vec<(&str, &dyn rusqlite::ToSql)> =
            vec![(":limit", &limit), (":offset", &offset)];
        if let Some(t) = &tag_value {
            args.push((":tag", t));
        }
        if let Some(key) = key {
            for (name, v) in names.iter().zip(key) {
                args.push((name.as_str(), v));
            }
        }
        let mut stmt = conn.prepare_cached(&sql)?;
        let found: Vec<Id> =
            stmt.query_map(args.as_slice(), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        if found.is_empty() && skip > 0 {
            // The offset lies beyond this stretch: pass over all of it.
            skip = skip.saturating_sub(count(s.filter)?);
        } else {
            skip = 0;
        }
        rows.extend(found);
    }
    // Only the page's rows are summarised (their counts, tags and excerpt).
    let mut items = Vec::with_capacity(rows.len());
    for id in rows {
        items.extend(article_summary(conn, id)?);
    }
    Ok((items, total))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The total of a tag's list reads the family's rows of `tag_article` by its primary key
    /// (merged in article order for a small family) and the trash's index: no article row, no
    /// link, no highlight.
    #[test]
    fn a_tag_total_reads_the_tags_reach_and_the_trash_only() {
        let conn = crate::store::open_in_memory().unwrap();
        for n in [1, 2, MERGED_FAMILY_MAX, MERGED_FAMILY_MAX + 1] {
            let mut sql = tag_total_sql(n);
            for i in (1..=n).rev() {
                sql = sql.replace(&format!("?{i}"), &i.to_string());
            }
            let plan = crate::store::explain(&conn, &sql, false);
            for want in [
                "SEARCH tag_article USING PRIMARY KEY (tag_id=?)",
                "SEARCH ta EXISTS USING PRIMARY KEY (tag_id=? AND article_id=?)",
            ] {
                assert!(plan.iter().any(|d| d.starts_with(want)), "{n}: no {want}: {plan:?}");
            }
            assert!(plan.iter().any(|d| d.contains("USING COVERING INDEX article_trashed")));
            assert_eq!(
                plan.iter().any(|d| d == "MERGE (UNION)"),
                (2..=MERGED_FAMILY_MAX).contains(&n)
            );
            // Only the merge's own rows are scanned, never a table or an index.
            let read_whole = ["SCAN CONSTANT", "SCAN (subquery"];
            let table_scan =
                |d: &&String| d.starts_with("SCAN") && !read_whole.iter().any(|w| d.starts_with(w));
            assert!(!plan.iter().any(|d| table_scan(&d)), "{n}: {plan:?}");
        }
    }

    /// A walk down the order probes each article once per tag of the family, by the primary
    /// key of `tag_article`, with the family read once.
    #[test]
    fn a_tag_probe_looks_each_article_up_by_the_primary_key() {
        let conn = crate::store::open_in_memory().unwrap();
        let sql = format!(
            "{TAG_FAMILY} SELECT a.id FROM article a WHERE a.deleted_at IS NULL{TAG_PROBE}
             ORDER BY a.imported_at DESC, a.id DESC LIMIT 50"
        )
        .replace(":tag", "'topic'");
        let plan = crate::store::explain(&conn, &sql, false);
        assert!(
            plan.iter()
                .any(|d| d.starts_with("SEARCH ta USING PRIMARY KEY (tag_id=? AND article_id=?)")),
            "{plan:?}"
        );
        assert!(plan.iter().any(|d| d.starts_with("SCAN a USING INDEX article_live_by_imported")));
        assert!(
            !plan.iter().any(|d| d.contains("AUTOMATIC") || d.contains("TEMP B-TREE")),
            "{plan:?}"
        );
    }
}
