//! Running a query: the SQL that finds the matches of each group of hits, under the filters,
//! and reads the texts the hits show; the ranking, match positions and snippets are computed by
//! the pure `crate::search`. The index itself is in `store/index.rs`.

use super::index::{index_table, kind_base, passage_article_sql, passage_ordinal_sql, ID_MASK};
use super::tx::{self, Lock};
use crate::model::{ColorLabel, Id};
use crate::search::query::{Filters, Groups, Query};
use crate::search::{self, HitKind, HitSource, SearchGroup, SearchOptions, SearchResults};
use crate::Result;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use std::collections::HashMap;

/// Runs a query (the language is described in `crate::search`) against the library: the hits
/// in groups, each ranked when small enough, and the page asked for.
/// A query of filters alone lists, newest first, the titles, highlights and notes they select
/// (passages need words to be found). `labels` are the colours' given names, for `color:`.
pub(crate) fn run(
    conn: &Connection,
    input: &str,
    opts: &SearchOptions,
    labels: &[ColorLabel],
) -> Result<SearchResults> {
    let q = search::query::parse_with(input, labels)?;
    let fts = q.fts();
    if fts.is_none() && !q.filter_only() {
        return Ok(SearchResults { total: 0, groups: Vec::new() });
    }
    let fts = fts.as_deref();
    if !conn.is_autocommit() {
        return run_groups(conn, &q, fts, opts);
    }
    // One read transaction: every group sees the same state of the library, and the statements
    // do not each take and release the database's lock.
    tx::in_transaction(conn, Lock::Read, |c| run_groups(c, &q, fts, opts))
}

/// Runs each group: matches of `fts`, or when it is `None` the things the filters select.
fn run_groups(
    conn: &Connection,
    q: &Query,
    fts: Option<&str>,
    opts: &SearchOptions,
) -> Result<SearchResults> {
    let limit = opts.limit.clamp(1, crate::search::MAX_LIMIT);
    let offset = opts.offset;
    let f = &q.filters;
    let tag_ids = tag_filter_ids(conn, &f.tags)?;
    let wanted =
        f.groups.unwrap_or(Groups { titles: true, passages: true, highlights: true, notes: true });
    let order = [
        (HitKind::Title, wanted.titles),
        (HitKind::Highlight, wanted.highlights),
        (HitKind::Note, wanted.notes),
        (HitKind::Passage, wanted.passages),
    ];
    // Matches read per group: the page (and one more, to know whether there are more), or up to
    // the counting limit when that is further.
    let count_to = offset.saturating_add(limit).max(search::COUNT_LIMIT);
    let mut groups = Vec::new();
    for (kind, want) in order {
        if !want {
            continue;
        }
        // One scan, newest first, gives both the count and (unranked) the page.
        let ids = matches(conn, kind, fts, f, &tag_ids, count_to.saturating_add(1))?;
        if ids.is_empty() {
            continue;
        }
        let total_exact = ids.len() as u64 <= u64::from(count_to);
        let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let ranked = fts.is_some() && total_exact && total <= search::RANK_LIMIT;
        let page: Vec<(Id, Option<f64>)> = if ranked {
            let scored = search::rank(q, &ids, hit_texts(conn, kind, &ids)?);
            scored.into_iter().skip(offset as usize).take(limit as usize).collect()
        } else {
            ids.iter().skip(offset as usize).take(limit as usize).map(|&id| (id, None)).collect()
        };
        let page_ids: Vec<Id> = page.iter().map(|p| p.0).collect();
        let mut srcs: HashMap<Id, HitSource> =
            hit_sources(conn, kind, &page_ids)?.into_iter().collect();
        let hits = page
            .into_iter()
            .filter_map(|(id, score)| {
                srcs.remove(&id).map(|src| search::make_hit(q, kind, id, src, score))
            })
            .collect();
        groups.push(SearchGroup { kind, total, total_exact, ranked, hits });
    }
    let total = groups.iter().fold(0u32, |t, g| t.saturating_add(g.total));
    Ok(SearchResults { total, groups })
}

/// The live tag ids at or below each `tag:` filter's name.
fn tag_filter_ids(conn: &Connection, names: &[String]) -> Result<Vec<Vec<Id>>> {
    names
        .iter()
        .map(|n| Ok(super::tag_subtree(conn, n)?.into_iter().map(|(id, _)| id).collect()))
        .collect()
}

/// The FROM/WHERE of one group's query with filters, or `None` when the filters exclude the
/// whole group (a colour asks for highlights, so titles and passages never match it).
struct Filtered {
    from: String,
    conds: Vec<String>,
    params: Vec<Value>,
}

fn in_list(ids: impl IntoIterator<Item = i64>) -> String {
    let v: Vec<String> = ids.into_iter().map(|i| i.to_string()).collect();
    format!("({})", v.join(","))
}

/// `listing`: the filters select from the tables themselves (live rows only), with no MATCH;
/// the filters' parameters are then numbered from 1 instead of 2.
fn filtered(kind: HitKind, f: &Filters, tag_ids: &[Vec<Id>], listing: bool) -> Option<Filtered> {
    if listing {
        return listed(kind, f, tag_ids);
    }
    if f.is_empty() {
        // No join: the index holds only live rows, so the MATCH alone is the answer.
        return Some(Filtered {
            from: format!("{} f", index_table(kind)),
            conds: Vec::new(),
            params: Vec::new(),
        });
    }
    let mut from = format!("{} f", index_table(kind));
    let aid = match kind {
        HitKind::Title => format!("(f.rowid & {ID_MASK})"),
        HitKind::Passage => passage_article_sql(&format!("(f.rowid & {ID_MASK})")),
        HitKind::Highlight => {
            from.push_str(&format!(" CROSS JOIN highlight h ON h.id = (f.rowid & {ID_MASK})"));
            "h.article_id".to_owned()
        }
        HitKind::Note => {
            from.push_str(&format!(" CROSS JOIN note n ON n.id = (f.rowid & {ID_MASK})"));
            "n.article_id".to_owned()
        }
    };
    add_filters(kind, f, tag_ids, Filtered { from, conds: Vec::new(), params: Vec::new() }, &aid, 2)
}

/// The FROM/WHERE that lists one group's live rows the filters select, with no MATCH (the id
/// is the first column of `from`'s main table: `a0.id`, `h.id` or `n.id`; see [`listed_id`]).
fn listed(kind: HitKind, f: &Filters, tag_ids: &[Vec<Id>]) -> Option<Filtered> {
    let (from, live, aid) = match kind {
        HitKind::Title => ("article a0", "a0.deleted_at IS NULL", "a0.id"),
        HitKind::Passage => return None,
        HitKind::Highlight => (
            "highlight h JOIN article a0 ON a0.id = h.article_id",
            "h.deleted_at IS NULL AND a0.deleted_at IS NULL",
            "h.article_id",
        ),
        HitKind::Note => (
            "note n JOIN article a0 ON a0.id = n.article_id",
            "n.deleted_at IS NULL AND a0.deleted_at IS NULL AND (n.highlight_id IS NULL OR
               EXISTS (SELECT 1 FROM highlight h0 WHERE h0.id = n.highlight_id AND h0.deleted_at IS NULL))",
            "n.article_id",
        ),
    };
    let base = Filtered { from: from.to_owned(), conds: vec![live.to_owned()], params: Vec::new() };
    add_filters(kind, f, tag_ids, base, aid, 1)
}

/// The id column of a group's rows when listed by [`listed`].
fn listed_id(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Title | HitKind::Passage => "a0.id",
        HitKind::Highlight => "h.id",
        HitKind::Note => "n.id",
    }
}

/// Adds the filters' conditions for a group whose article id is `aid`; parameters are numbered
/// from `first`.
fn add_filters(
    kind: HitKind,
    f: &Filters,
    tag_ids: &[Vec<Id>],
    base: Filtered,
    aid: &str,
    first: usize,
) -> Option<Filtered> {
    let Filtered { from, mut conds, mut params } = base;
    if !f.articles.is_empty() {
        conds.push(format!("{aid} IN {}", in_list(f.articles.iter().copied())));
    }
    for ids in tag_ids {
        let list = in_list(ids.iter().copied());
        let on_article = format!(
            "EXISTS (SELECT 1 FROM article_tag x WHERE x.article_id = {aid} AND x.tag_id IN {list})"
        );
        let on_highlight = |hid: &str| {
            format!(
                "EXISTS (SELECT 1 FROM highlight_tag y WHERE y.highlight_id = {hid} AND y.tag_id IN {list})"
            )
        };
        conds.push(match kind {
            HitKind::Title | HitKind::Passage => on_article,
            HitKind::Highlight => format!("({on_article} OR {})", on_highlight("h.id")),
            HitKind::Note => format!("({on_article} OR {})", on_highlight("n.highlight_id")),
        });
    }
    if !f.colors.is_empty() {
        let list = format!(
            "({})",
            f.colors.iter().map(|c| format!("'{}'", c.as_str())).collect::<Vec<_>>().join(",")
        );
        match kind {
            HitKind::Title | HitKind::Passage => return None,
            HitKind::Highlight => conds.push(format!("h.color IN {list}")),
            HitKind::Note => conds.push(format!(
                "EXISTS (SELECT 1 FROM highlight y WHERE y.id = n.highlight_id AND y.color IN {list})"
            )),
        }
    }
    if f.has_note {
        conds.push(match kind {
            HitKind::Title => format!(
                "EXISTS (SELECT 1 FROM note z WHERE z.article_id = {aid} AND z.highlight_id IS NULL
                   AND z.start IS NULL AND z.deleted_at IS NULL)"
            ),
            HitKind::Passage => format!(
                "EXISTS (SELECT 1 FROM note z JOIN passage p
                   ON p.article_id = {aid} AND p.ordinal = {}
                   WHERE z.article_id = {aid} AND z.highlight_id IS NULL AND z.start IS NOT NULL
                   AND z.orphaned = 0 AND z.deleted_at IS NULL AND z.start < p.end AND z.end > p.start)",
                passage_ordinal_sql("f.rowid")
            ),
            HitKind::Highlight => "EXISTS (SELECT 1 FROM note z WHERE z.highlight_id = h.id
                   AND z.deleted_at IS NULL)"
                .to_owned(),
            HitKind::Note => "1".to_owned(),
        });
    }
    if f.before.is_some() || f.after.is_some() {
        let day = match kind {
            HitKind::Title | HitKind::Passage => format!(
                "(SELECT coalesce(CASE WHEN a.published GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
                   THEN substr(a.published, 1, 10) END, substr(a.imported_at, 1, 10))
                   FROM article a WHERE a.id = {aid})"
            ),
            HitKind::Highlight => "substr(h.created_at, 1, 10)".to_owned(),
            HitKind::Note => "substr(n.created_at, 1, 10)".to_owned(),
        };
        if let Some(b) = &f.before {
            params.push(Value::Text(b.clone()));
            conds.push(format!("{day} < ?{}", params.len() + first - 1));
        }
        if let Some(a) = &f.after {
            params.push(Value::Text(a.clone()));
            conds.push(format!("{day} >= ?{}", params.len() + first - 1));
        }
    }
    Some(Filtered { from, conds, params })
}

/// The ids of one group's matches with the filters, newest first (by rowid, which FTS5 reads in
/// order and so stops early), at most `cap` of them. Parameter 1 is the MATCH expression.
fn matches(
    conn: &Connection,
    kind: HitKind,
    fts: Option<&str>,
    f: &Filters,
    tag_ids: &[Vec<Id>],
    cap: u32,
) -> Result<Vec<Id>> {
    let Some(fts) = fts else { return listed_matches(conn, kind, f, tag_ids, cap) };
    let Some(q) = filtered(kind, f, tag_ids, false) else { return Ok(Vec::new()) };
    let base = kind_base(kind);
    let mut sql = format!(
        "SELECT f.rowid & {ID_MASK} FROM {} WHERE f.{} MATCH ?1
           AND f.rowid BETWEEN {base} AND {}",
        q.from,
        index_table(kind),
        base | ID_MASK
    );
    for c in &q.conds {
        sql.push_str(" AND ");
        sql.push_str(c);
    }
    // The cap is a parameter so that the statement stays cached whatever the page.
    sql.push_str(&format!(" ORDER BY f.rowid DESC LIMIT ?{}", q.params.len() + 2));
    let mut params = vec![Value::Text(fts.to_owned())];
    params.extend(q.params);
    params.push(Value::Integer(i64::from(cap)));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<Id>>>()?)
}

/// The ids of the live rows of one group the filters select, newest first, at most `cap`.
fn listed_matches(
    conn: &Connection,
    kind: HitKind,
    f: &Filters,
    tag_ids: &[Vec<Id>],
    cap: u32,
) -> Result<Vec<Id>> {
    let Some(q) = filtered(kind, f, tag_ids, true) else { return Ok(Vec::new()) };
    let id = listed_id(kind);
    let sql = format!(
        "SELECT {id} FROM {} WHERE {} ORDER BY {id} DESC LIMIT ?{}",
        q.from,
        q.conds.join(" AND "),
        q.params.len() + 1
    );
    let mut params = q.params;
    params.push(Value::Integer(i64::from(cap)));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(params), |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<Id>>>()?)
}

/// Loads what the hits `ids` of one kind show, in one statement: (id, source) in no particular
/// order; an id whose row has gone (it cannot, inside one read) is left out.
fn hit_sources(conn: &Connection, kind: HitKind, ids: &[Id]) -> Result<Vec<(Id, HitSource)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The ids go in as one JSON array, so that the statement is prepared once.
    let list = format!("[{}]", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let sql = match kind {
        HitKind::Title => "SELECT j.value, a.id, a.title, a.title, NULL, NULL, NULL, NULL
               FROM json_each(?1) j CROSS JOIN article a ON a.id = j.value"
            .to_owned(),
        HitKind::Passage => format!(
            "SELECT j.value, p.article_id, a.title, p.text, p.ordinal, NULL, NULL, p.start
               FROM json_each(?1) j
               CROSS JOIN passage p ON {}
               CROSS JOIN article a ON a.id = p.article_id",
            passage_of_id()
        ),
        HitKind::Highlight => "SELECT j.value, h.article_id, a.title, h.exact, NULL, h.id, h.color,
                    CASE WHEN h.orphaned THEN NULL ELSE h.start END
               FROM json_each(?1) j CROSS JOIN highlight h ON h.id = j.value
               CROSS JOIN article a ON a.id = h.article_id"
            .to_owned(),
        HitKind::Note => {
            "SELECT j.value, n.article_id, a.title, n.body, NULL, n.highlight_id, h.color, NULL
               FROM json_each(?1) j CROSS JOIN note n ON n.id = j.value
               CROSS JOIN article a ON a.id = n.article_id
               LEFT JOIN highlight h ON h.id = n.highlight_id"
                .to_owned()
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([list], |r| Ok((r.get(0)?, source_from_row(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The texts of the hits `ids` of one kind (for ranking them), in one statement: (id, text) in
/// no particular order.
fn hit_texts(conn: &Connection, kind: HitKind, ids: &[Id]) -> Result<Vec<(Id, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = format!("[{}]", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let sql = match kind {
        HitKind::Title => {
            "SELECT j.value, a.title FROM json_each(?1) j CROSS JOIN article a ON a.id = j.value"
                .to_owned()
        }
        HitKind::Passage => format!(
            "SELECT j.value, p.text FROM json_each(?1) j CROSS JOIN passage p ON {}",
            passage_of_id()
        ),
        HitKind::Highlight => {
            "SELECT j.value, h.exact FROM json_each(?1) j CROSS JOIN highlight h ON h.id = j.value"
                .to_owned()
        }
        HitKind::Note => {
            "SELECT j.value, n.body FROM json_each(?1) j CROSS JOIN note n ON n.id = j.value"
                .to_owned()
        }
    };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The join condition of the passage (aliased `p`) whose rowid's id part is `j.value`.
fn passage_of_id() -> String {
    format!(
        "p.article_id = {} AND p.ordinal = {}",
        passage_article_sql("j.value"),
        passage_ordinal_sql("j.value")
    )
}

fn source_from_row(r: &rusqlite::Row) -> rusqlite::Result<HitSource> {
    Ok(HitSource {
        article_id: r.get(1)?,
        article_title: r.get(2)?,
        text: r.get(3)?,
        passage_ordinal: r.get(4)?,
        highlight_id: r.get(5)?,
        color: r.get(6)?,
        article_offset: r.get(7)?,
    })
}
