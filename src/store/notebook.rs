//! The notebook's statements: live highlights across the library under filters, one page at a
//! time, and how many there are.

use super::highlights::{highlight_from_row, HIGHLIGHT_SELECT};
use crate::model::*;
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

/// The WHERE clause of a filter over `highlight h`, and its parameters; `None` when a tag of the
/// filter names no live tag, so nothing can match. A highlight of a trashed article is left out
/// by the few trashed articles' ids rather than by a look at each highlight's article, so that
/// with no other filter the conditions are answered by the `highlight_live_*` indexes alone.
fn conditions(conn: &Connection, f: &NotebookFilter) -> Result<Option<(String, Vec<Value>)>> {
    let mut conds = vec![
        "h.deleted_at IS NULL".to_owned(),
        "h.article_id NOT IN (SELECT id FROM article WHERE deleted_at IS NOT NULL)".to_owned(),
    ];
    let mut params: Vec<Value> = Vec::new();
    if let Some(id) = f.article {
        conds.push(format!("h.article_id = {}", param(Value::Integer(id), &mut params)));
    }
    if let Some(id) = f.claim {
        conds.push(format!(
            "h.id IN (SELECT cl.highlight_id FROM claim_link cl WHERE cl.claim_id = {})",
            param(Value::Integer(id), &mut params)
        ));
    }
    if !f.colors.is_empty() {
        let list: Vec<String> = f
            .colors
            .iter()
            .map(|c| param(Value::Text(c.as_str().to_owned()), &mut params))
            .collect();
        conds.push(format!("h.color IN ({})", list.join(",")));
    }
    for name in &f.tags {
        let ids: Vec<String> =
            super::tag_subtree(conn, name)?.into_iter().map(|(id, _)| id.to_string()).collect();
        if ids.is_empty() {
            return Ok(None);
        }
        let list = ids.join(",");
        conds.push(format!(
            "(EXISTS (SELECT 1 FROM highlight_tag y WHERE y.highlight_id = h.id AND y.tag_id IN ({list}))
              OR EXISTS (SELECT 1 FROM article_tag x WHERE x.article_id = h.article_id
                         AND x.tag_id IN ({list})))"
        ));
    }
    if f.has_note {
        conds.push(
            "EXISTS (SELECT 1 FROM note z WHERE z.highlight_id = h.id AND z.deleted_at IS NULL)"
                .to_owned(),
        );
    }
    if let Some(day) = &f.since {
        conds.push(format!(
            "substr(h.created_at, 1, 10) >= {}",
            param(Value::Text(day.clone()), &mut params)
        ));
    }
    Ok(Some((conds.join(" AND "), params)))
}

/// Adds a parameter and gives its placeholder.
fn param(v: Value, params: &mut Vec<Value>) -> String {
    params.push(v);
    format!("?{}", params.len())
}

/// How many highlights a filter's count goes up to: past it, the notebook says "at least this
/// many". A filter is answered by looking at the highlights one by one, newest first, so an exact
/// count is a walk of every highlight (about 3 s at a million with a tag filter); this many take
/// a few milliseconds for a filter that keeps one highlight in fifteen.
pub(crate) const NOTEBOOK_COUNT_LIMIT: u32 = 1_000;

/// How many highlights a filter finds: exactly, or at least [`NOTEBOOK_COUNT_LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HighlightCount {
    pub n: u32,
    pub exact: bool,
}

/// One page of the live highlights of live articles that `f` finds, in its order, each with
/// its article's title (notes not loaded), and how many it finds in all: exactly without a
/// filter, else counted up to [`NOTEBOOK_COUNT_LIMIT`].
pub(crate) fn notebook_page(
    conn: &Connection,
    f: &NotebookFilter,
    offset: u32,
    limit: u32,
) -> Result<(Vec<(Highlight, String)>, HighlightCount)> {
    let Some((conds, mut params)) = conditions(conn, f)? else {
        return Ok((Vec::new(), HighlightCount { n: 0, exact: true }));
    };
    let total = if finds_every_highlight(f) {
        HighlightCount { n: live_highlight_count(conn)?, exact: true }
    } else {
        let n: u32 = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM (SELECT 1 FROM highlight h WHERE {conds} LIMIT {})",
                NOTEBOOK_COUNT_LIMIT + 1
            ))?
            .query_row(params_from_iter(params.iter()), |r| r.get(0))?;
        HighlightCount { n: n.min(NOTEBOOK_COUNT_LIMIT), exact: n <= NOTEBOOK_COUNT_LIMIT }
    };
    let order = order_of(f.sort);
    params.push(Value::Integer(i64::from(limit)));
    params.push(Value::Integer(i64::from(offset)));
    let n = params.len();
    let sql = format!(
        "{HIGHLIGHT_SELECT} WHERE {conds}
         ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
        n - 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params.iter()), highlight_from_row)?;
    let list = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((with_titles(conn, list, |h| h.article_id)?, total))
}

/// Each item with the title of its article (`article_of`), each title read once.
fn with_titles<T>(
    conn: &Connection,
    items: Vec<T>,
    article_of: impl Fn(&T) -> Id,
) -> Result<Vec<(T, String)>> {
    let mut titles: std::collections::HashMap<Id, String> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let id = article_of(&item);
        let title = match titles.get(&id) {
            Some(t) => t.clone(),
            None => {
                let t = article_title(conn, id)?.unwrap_or_default();
                titles.insert(id, t.clone());
                t
            }
        };
        out.push((item, title));
    }
    Ok(out)
}

/// The notebook's order of highlights. Highlight ids grow with time, so the newest are the
/// highest. Each order is the order of an index (`highlight_live_by_time`,
/// `highlight_live_by_article`), so that the rows before a page are skipped in the index, without
/// reading them or sorting.
fn order_of(sort: NotebookSort) -> &'static str {
    match sort {
        NotebookSort::Time => "h.id DESC",
        NotebookSort::Article => "h.article_id DESC, h.orphaned, h.start, h.end, h.id",
    }
}

/// True if and only if `f` filters nothing out (its order aside).
fn finds_every_highlight(f: &NotebookFilter) -> bool {
    let NotebookFilter { tags, colors, claim, article, has_note, since, sort: _, notes: _ } = f;
    tags.is_empty()
        && colors.is_empty()
        && claim.is_none()
        && article.is_none()
        && !has_note
        && since.is_none()
}

/// How many live highlights of live articles there are: every highlight (SQLite counts a whole
/// table by its pages, not its rows), less the trashed ones and the live ones of trashed
/// articles, both found through the trash's indexes. A walk of the live highlights' index took
/// 160 ms at a million highlights.
pub(crate) const LIVE_HIGHLIGHTS: &str = "
    SELECT (SELECT count(*) FROM highlight)
         - (SELECT count(*) FROM highlight INDEXED BY highlight_trashed WHERE deleted_at IS NOT NULL)
         - (SELECT count(*) FROM article a INDEXED BY article_trashed
              CROSS JOIN highlight h INDEXED BY highlight_live_by_article
             WHERE a.deleted_at IS NOT NULL AND h.article_id = a.id AND h.deleted_at IS NULL)";

fn live_highlight_count(conn: &Connection) -> Result<u32> {
    Ok(conn.prepare_cached(LIVE_HIGHLIGHTS)?.query_row([], |r| r.get(0))?)
}

fn article_title(conn: &Connection, id: Id) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT title FROM article WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}

/// Where a highlight stands in the notebook's order, without the rest of it.
pub(crate) struct NotebookKey {
    pub article_id: Id,
    pub orphaned: bool,
    pub start: i64,
    pub created_at: String,
}

/// The order keys of the first `n` highlights `f` finds, in its order (as [`notebook_page`]).
pub(crate) fn notebook_keys(
    conn: &Connection,
    f: &NotebookFilter,
    n: u32,
) -> Result<Vec<NotebookKey>> {
    let Some((conds, mut params)) = conditions(conn, f)? else { return Ok(Vec::new()) };
    params.push(Value::Integer(i64::from(n)));
    let sql = format!(
        "SELECT h.article_id, h.orphaned, h.start, h.created_at
         FROM highlight h WHERE {conds}
         ORDER BY {} LIMIT ?{}",
        order_of(f.sort),
        params.len()
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params.iter()), |r| {
        Ok(NotebookKey {
            article_id: r.get(0)?,
            orphaned: r.get(1)?,
            start: r.get(2)?,
            created_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The notes the notebook merges among its highlights: live, not on a highlight, of a live
/// article (the few trashed articles' ids left out, so that a walk reads index entries only).
const LOOSE_NOTES: &str = "n.deleted_at IS NULL AND n.highlight_id IS NULL
    AND n.article_id NOT IN (SELECT id FROM article WHERE deleted_at IS NOT NULL)";

/// Counts the notes of [`LOOSE_NOTES`] from an index of them alone.
const LOOSE_NOTES_COUNT: &str = "SELECT count(*) FROM note n INDEXED BY note_loose_by_time";

/// The statement reading the first notes of `sort`'s order that `conds` keep (`n` is the note),
/// as many as parameter `limit_param` says. Each order is the order of one of migration 20's
/// indexes.
fn loose_notes_sql(conds: &str, sort: NotebookSort, limit_param: usize) -> String {
    let (index, order) = match sort {
        NotebookSort::Time => ("note_loose_by_time", "n.created_at DESC, n.id DESC"),
        NotebookSort::Article => (
            "note_loose_by_article",
            "n.article_id DESC, n.start IS NOT NULL, n.orphaned, n.start, n.id",
        ),
    };
    // Named: left to itself the planner reads the notes not on a highlight through
    // `note_by_highlight` (highlight_id IS NULL), then sorts them all.
    format!(
        "{} n INDEXED BY {index} WHERE {conds} ORDER BY {order} LIMIT ?{limit_param}",
        super::notes::NOTE_SELECT
    )
}

/// The first `limit` live notes on live articles that are written on an article or a passage
/// (not on a highlight) and that `f` finds, in its order (newest first, or by article: the
/// article's note, then its passages' in reading order), each with its article's title; and how
/// many it finds in all. A colour or claim filter finds none: a note has neither. Both walk an
/// index of these notes alone (migration 20): the page stops at its end, the count reads index
/// entries, and trashed articles are left out by their few ids.
pub(crate) fn notebook_notes(
    conn: &Connection,
    f: &NotebookFilter,
    limit: u32,
) -> Result<(Vec<(Note, String)>, u32)> {
    if !f.colors.is_empty() || f.claim.is_some() {
        return Ok((Vec::new(), 0));
    }
    let mut conds = vec![LOOSE_NOTES.to_owned()];
    let mut params: Vec<Value> = Vec::new();
    if let Some(id) = f.article {
        conds.push(format!("n.article_id = {}", param(Value::Integer(id), &mut params)));
    }
    for name in &f.tags {
        let ids: Vec<String> =
            super::tag_subtree(conn, name)?.into_iter().map(|(id, _)| id.to_string()).collect();
        if ids.is_empty() {
            return Ok((Vec::new(), 0));
        }
        conds.push(format!(
            "EXISTS (SELECT 1 FROM article_tag x WHERE x.article_id = n.article_id AND x.tag_id IN ({}))",
            ids.join(",")
        ));
    }
    if let Some(day) = &f.since {
        conds.push(format!(
            "substr(n.created_at, 1, 10) >= {}",
            param(Value::Text(day.clone()), &mut params)
        ));
    }
    let conds = conds.join(" AND ");
    let total: u32 = conn
        .prepare_cached(&format!("{LOOSE_NOTES_COUNT} WHERE {conds}"))?
        .query_row(params_from_iter(params.iter()), |r| r.get(0))?;
    params.push(Value::Integer(i64::from(limit)));
    let mut stmt = conn.prepare_cached(&loose_notes_sql(&conds, f.sort, params.len()))?;
    let rows = stmt.query_map(params_from_iter(params.iter()), super::notes::note_from_row)?;
    let notes = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((with_titles(conn, notes, |n| n.article_id)?, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counting every live highlight counts the table by its pages (the `Count` opcode) and
    /// reads the trash through its indexes: no walk of the highlights, row by row.
    #[test]
    fn the_live_highlights_are_counted_by_pages_and_the_trash() {
        let conn = crate::store::open_in_memory().unwrap();
        let ops = crate::store::explain(&conn, LIVE_HIGHLIGHTS, true);
        assert!(ops.iter().any(|o| o == "Count"), "{ops:?}");
        let plan = crate::store::explain(&conn, LIVE_HIGHLIGHTS, false);
        for want in [
            "SEARCH highlight USING COVERING INDEX highlight_trashed",
            "SEARCH a USING COVERING INDEX article_trashed",
            "SEARCH h USING INDEX highlight_live_by_article",
        ] {
            assert!(plan.iter().any(|d| d.starts_with(want)), "no {want}: {plan:?}");
        }
    }

    /// The notes merged into the notebook are read in either order by walking an index of
    /// them alone, never by sorting them all; and counted from that index's entries.
    #[test]
    fn the_notes_on_articles_and_passages_are_walked_in_order_and_counted_by_index() {
        let conn = crate::store::open_in_memory().unwrap();
        for (sort, index) in [
            (NotebookSort::Time, "note_loose_by_time"),
            (NotebookSort::Article, "note_loose_by_article"),
        ] {
            let sql = loose_notes_sql(LOOSE_NOTES, sort, 1).replace("?1", "50");
            let plan = crate::store::explain(&conn, &sql, false);
            assert!(plan.iter().any(|d| d.contains(&format!("USING INDEX {index}"))), "{plan:?}");
            assert!(!plan.iter().any(|d| d.contains("TEMP B-TREE")), "{plan:?}");
        }
        let count = format!("{LOOSE_NOTES_COUNT} WHERE {LOOSE_NOTES}");
        let plan = crate::store::explain(&conn, &count, false);
        assert!(plan.iter().any(|d| d.contains("COVERING INDEX note_loose_by")), "{plan:?}");
    }
}
