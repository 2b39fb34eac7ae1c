//! The notebook's statements: live highlights across the library under filters, one page at a
//! time, and how many there are.

use super::highlights::{highlight_from_row, HIGHLIGHT_SELECT};
use crate::model::*;
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

/// The WHERE clause of a filter over `highlight h JOIN article a`, and its parameters; `None`
/// when a tag of the filter names no live tag, so nothing can match.
fn conditions(conn: &Connection, f: &NotebookFilter) -> Result<Option<(String, Vec<Value>)>> {
    let mut conds = vec!["h.deleted_at IS NULL".to_owned(), "a.deleted_at IS NULL".to_owned()];
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

/// One page of the live highlights of live articles that `f` finds, in its order, each with
/// its article's title (notes not loaded), and how many it finds in all.
pub(crate) fn notebook_page(
    conn: &Connection,
    f: &NotebookFilter,
    offset: u32,
    limit: u32,
) -> Result<(Vec<(Highlight, String)>, u32)> {
    let Some((conds, mut params)) = conditions(conn, f)? else { return Ok((Vec::new(), 0)) };
    let from = "FROM highlight h JOIN article a ON a.id = h.article_id";
    let total: u32 = conn
        .prepare_cached(&format!("SELECT count(*) {from} WHERE {conds}"))?
        .query_row(params_from_iter(params.iter()), |r| r.get(0))?;
    // Highlight ids grow with time, so the newest are the highest; the article order walks
    // `highlight_by_article` backwards by article and sorts each article's few highlights.
    let order = match f.sort {
        NotebookSort::Time => "h.id DESC",
        NotebookSort::Article => "h.article_id DESC, h.orphaned, h.start, h.end, h.id",
    };
    params.push(Value::Integer(i64::from(limit)));
    params.push(Value::Integer(i64::from(offset)));
    let n = params.len();
    let sql = format!(
        "{HIGHLIGHT_SELECT} JOIN article a ON a.id = h.article_id WHERE {conds}
         ORDER BY {order} LIMIT ?{} OFFSET ?{n}",
        n - 1
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params.iter()), highlight_from_row)?;
    let list = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let mut titles = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(list.len());
    for h in list {
        let title = match titles.get(&h.article_id) {
            Some(t) => String::clone(t),
            None => {
                let t = article_title(conn, h.article_id)?.unwrap_or_default();
                titles.insert(h.article_id, t.clone());
                t
            }
        };
        out.push((h, title));
    }
    Ok((out, total))
}

fn article_title(conn: &Connection, id: Id) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT title FROM article WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?)
}
