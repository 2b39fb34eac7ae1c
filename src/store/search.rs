//! The SQL of search: the index's triggers, its rebuild, and the queries behind
//! [`Library::search`](crate::Library::search).
//!
//! The index is two contentless FTS5 tables: `search` (migration 2) for titles and passages,
//! written by imports, and `search_marks` (migration 4) for highlights and notes, written a few
//! rows at a time while reading, so that their commits only ever merge small segments. Together
//! they keep only what is live: a row exists
//! for a title or passage of a live article, a live highlight of a live article, and a live note
//! of a live article whose highlight (if any) is live. Temporary triggers, installed on every
//! connection, keep it so in the same transaction as every write, whichever code path writes:
//! nothing in the façade has to remember to update the index.

use crate::model::Id;
use crate::search::query::Filters;
use crate::search::{index_columns, HitKind, FORMAT_VERSION};
use crate::Result;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};
use std::cell::Cell;

thread_local! {
    /// Set while code on this thread writes the index rows of the articles it inserts itself
    /// (see [`Deferred`]).
    static DEFERRED: Cell<bool> = const { Cell::new(false) };
}

/// While one is alive, inserting an article or a passage on this thread adds nothing to the
/// index: the code holding it writes those rows itself ([`insert_index_rows`]), in the same
/// transaction. Why: FTS5 writes its pending data out as a new segment at every statement
/// savepoint, and each row inserted through a trigger opens one. Rows written afterwards, one
/// plain INSERT each, stay pending until the commit and make one segment for a whole batch of
/// articles, whose tokens another thread can have made.
pub(crate) struct Deferred {
    /// The flag as it was, put back on drop (so that one inside another ends well).
    was: bool,
}

impl Deferred {
    pub(crate) fn new() -> Self {
        Deferred { was: DEFERRED.replace(true) }
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        DEFERRED.set(self.was);
    }
}

/// One row of the `search` table: a title or a passage, with its tokens.
#[derive(Debug, Clone)]
pub(crate) struct IndexRow {
    pub rowid: i64,
    pub t: String,
    pub u: String,
}

/// The rowid of an article's title in `search`.
pub(crate) fn title_rowid(article: Id) -> i64 {
    kind_base(HitKind::Title) | article
}

/// The rowid of a passage in `search`, or `None` past [`MAX_ORDINAL`] (not indexed).
pub(crate) fn passage_rowid(article: Id, ordinal: u32) -> Option<i64> {
    let ordinal = i64::from(ordinal);
    (ordinal <= MAX_ORDINAL).then_some(kind_base(HitKind::Passage) | (article << 20) | ordinal)
}

/// Writes rows of titles and passages into `search` (whose inserts a [`Deferred`] held back).
pub(crate) fn insert_index_rows(conn: &Connection, rows: &[IndexRow]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached("INSERT INTO main.search (rowid, t, u) VALUES (?1, ?2, ?3)")?;
    for r in rows {
        stmt.execute(rusqlite::params![r.rowid, r.t, r.u])?;
    }
    Ok(())
}

/// Low 56 bits of a rowid: the id part.
pub(crate) const ID_MASK: i64 = (1 << 56) - 1;
/// Passages beyond this ordinal are not indexed (no article comes near it).
pub(crate) const MAX_ORDINAL: i64 = (1 << 20) - 1;

pub(crate) fn kind_base(kind: HitKind) -> i64 {
    let k: i64 = match kind {
        HitKind::Title => 1,
        HitKind::Passage => 2,
        HitKind::Highlight => 3,
        HitKind::Note => 4,
    };
    k << 56
}

/// SQL for the rowid of each kind of row, given the table alias's columns.
const TITLE_ROWID: &str = "((1 << 56) | X.id)";
const PASSAGE_ROWID: &str = "((2 << 56) | (X.article_id << 20) | X.ordinal)";
const HIGHLIGHT_ROWID: &str = "((3 << 56) | X.id)";
const NOTE_ROWID: &str = "((4 << 56) | X.id)";

/// Conditions under which a row of each table belongs in the index.
const ARTICLE_LIVE: &str = "X.deleted_at IS NULL";
const PASSAGE_LIVE: &str = "X.ordinal <= 1048575
    AND EXISTS (SELECT 1 FROM main.article a WHERE a.id = X.article_id AND a.deleted_at IS NULL)";
const HIGHLIGHT_LIVE: &str = "X.deleted_at IS NULL
    AND EXISTS (SELECT 1 FROM main.article a WHERE a.id = X.article_id AND a.deleted_at IS NULL)";
const NOTE_LIVE: &str = "X.deleted_at IS NULL
    AND EXISTS (SELECT 1 FROM main.article a WHERE a.id = X.article_id AND a.deleted_at IS NULL)
    AND (X.highlight_id IS NULL OR EXISTS (SELECT 1 FROM main.highlight h
        WHERE h.id = X.highlight_id AND h.deleted_at IS NULL))";

/// The index table that holds the rows of a kind.
pub(crate) fn index_table(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Title | HitKind::Passage => "search",
        HitKind::Highlight | HitKind::Note => "search_marks",
    }
}

/// Both index tables.
const INDEX_TABLES: [&str; 2] = ["search", "search_marks"];

/// An INSERT into the index table `fts` of the index rows for the rows of `table` (aliased X)
/// that satisfy `cond`.
fn insert_rows(fts: &str, table: &str, rowid: &str, text: &str, cond: &str) -> String {
    format!(
        "INSERT INTO main.{fts} (rowid, t, u)
           SELECT {rowid}, zj_t({text}), zj_u({text}) FROM main.{table} X WHERE {cond};"
    )
}

/// Registers the tokenising functions, installs the triggers, and rebuilds the index when its
/// format differs from this build's. Called on every connection after migrating.
pub(crate) fn install(conn: &Connection) -> Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    for (name, col) in [("zj_t", 0usize), ("zj_u", 1)] {
        conn.create_scalar_function(name, 1, flags, move |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| index_columns(&t, col)).unwrap_or_default())
        })?;
    }
    // Not deterministic: its answer changes while a statement's program stays the same.
    conn.create_scalar_function(
        "zj_indexing",
        0,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_INNOCUOUS,
        |_| Ok(!DEFERRED.get()),
    )?;
    conn.execute_batch(&triggers())?;
    let current: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = 'search.format'", [], |r| r.get(0))
        .optional()?;
    let marks: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = 'search.marks'", [], |r| r.get(0))
        .optional()?;
    let work: Option<fn(&Connection) -> Result<()>> = if current.as_deref() != Some(FORMAT_VERSION)
    {
        Some(|c| rebuild(c).map(|_| ()))
    } else if marks.is_none() {
        // A library from before migration 4: its highlights and notes left `search` there.
        Some(fill_marks)
    } else {
        None
    };
    if let Some(work) = work {
        super::tx::in_transaction(conn, super::tx::Lock::Write, |c| {
            work(c).map_err(|e| e.context("rebuilding the search index"))
        })?;
    }
    Ok(())
}

/// Fills `search_marks` from every live highlight and note (in the caller's transaction).
fn fill_marks(conn: &Connection) -> Result<()> {
    conn.execute("INSERT INTO main.search_marks (search_marks) VALUES ('delete-all')", [])?;
    conn.execute(
        &insert_rows("search_marks", "highlight", HIGHLIGHT_ROWID, "X.exact", HIGHLIGHT_LIVE),
        [],
    )?;
    conn.execute(&insert_rows("search_marks", "note", NOTE_ROWID, "X.body", NOTE_LIVE), [])?;
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('search.marks', '1')
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [],
    )?;
    Ok(())
}

fn with_new(sql: &str) -> String {
    sql.replace("X.", "NEW.")
}

fn with_old(sql: &str) -> String {
    sql.replace("X.", "OLD.")
}

fn triggers() -> String {
    // Row-level statements, written once with X for the row and specialised to NEW or OLD.
    let ins = |fts: &str, rowid: &str, text: &str| -> String {
        format!(
            "INSERT INTO main.{fts} (rowid, t, u)
               VALUES ({rowid}, zj_t({text}), zj_u({text}));"
        )
    };
    let del = |fts: &str, rowid: &str| format!("DELETE FROM main.{fts} WHERE rowid = {rowid};");
    let (arts, marks) = ("search", "search_marks");
    // Everything of one article (NEW.id), for trashing or restoring it.
    let article_rows_out = "DELETE FROM main.search WHERE rowid = ((1 << 56) | NEW.id);
        DELETE FROM main.search WHERE rowid BETWEEN ((2 << 56) | (NEW.id << 20))
            AND ((2 << 56) | (NEW.id << 20) | 1048575);
        DELETE FROM main.search_marks WHERE rowid IN
            (SELECT (3 << 56) | id FROM main.highlight WHERE article_id = NEW.id);
        DELETE FROM main.search_marks WHERE rowid IN
            (SELECT (4 << 56) | id FROM main.note WHERE article_id = NEW.id);"
        .to_owned();
    let article_rows_in = [
        insert_rows(arts, "article", TITLE_ROWID, "X.title", "X.id = NEW.id"),
        insert_rows(
            arts,
            "passage",
            PASSAGE_ROWID,
            "X.text",
            &format!("X.article_id = NEW.id AND {PASSAGE_LIVE}"),
        ),
        insert_rows(
            marks,
            "highlight",
            HIGHLIGHT_ROWID,
            "X.exact",
            &format!("X.article_id = NEW.id AND {HIGHLIGHT_LIVE}"),
        ),
        insert_rows(
            marks,
            "note",
            NOTE_ROWID,
            "X.body",
            &format!("X.article_id = NEW.id AND {NOTE_LIVE}"),
        ),
    ]
    .concat();
    let highlight_notes_out = "DELETE FROM main.search_marks WHERE rowid IN
        (SELECT (4 << 56) | id FROM main.note WHERE highlight_id = NEW.id);";
    let highlight_notes_in = insert_rows(
        marks,
        "note",
        NOTE_ROWID,
        "X.body",
        &format!("X.highlight_id = NEW.id AND {NOTE_LIVE}"),
    );
    let live_changed = "(OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)";
    format!(
        "
CREATE TEMP TRIGGER IF NOT EXISTS zj_article_ai AFTER INSERT ON main.article
  WHEN {art_new} AND zj_indexing() BEGIN {ins_title} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_article_title AFTER UPDATE OF title ON main.article
  WHEN {art_new} AND OLD.title IS NOT NEW.title BEGIN {del_title} {ins_title} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_article_trash AFTER UPDATE OF deleted_at ON main.article
  WHEN {live_changed} AND NEW.deleted_at IS NOT NULL BEGIN {article_rows_out} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_article_restore AFTER UPDATE OF deleted_at ON main.article
  WHEN {live_changed} AND NEW.deleted_at IS NULL BEGIN {article_rows_out} {article_rows_in} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_article_ad AFTER DELETE ON main.article
  BEGIN {del_title_old} END;

CREATE TEMP TRIGGER IF NOT EXISTS zj_passage_ai AFTER INSERT ON main.passage
  WHEN {pas_new} AND zj_indexing() BEGIN {ins_pas} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_passage_au AFTER UPDATE OF text ON main.passage
  WHEN {pas_new} BEGIN {del_pas} {ins_pas} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_passage_ad AFTER DELETE ON main.passage
  BEGIN {del_pas_old} END;

CREATE TEMP TRIGGER IF NOT EXISTS zj_highlight_ai AFTER INSERT ON main.highlight
  WHEN {hl_new} BEGIN {ins_hl} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_highlight_au AFTER UPDATE OF exact ON main.highlight
  WHEN {hl_new} AND OLD.exact IS NOT NEW.exact BEGIN {del_hl} {ins_hl} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_highlight_trash AFTER UPDATE OF deleted_at ON main.highlight
  WHEN {live_changed} BEGIN {del_hl} {highlight_notes_out}
    {ins_hl_if_live} {highlight_notes_in} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_highlight_ad AFTER DELETE ON main.highlight
  BEGIN {del_hl_old} END;

CREATE TEMP TRIGGER IF NOT EXISTS zj_note_ai AFTER INSERT ON main.note
  WHEN {note_new} BEGIN {ins_note} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_note_au AFTER UPDATE OF body, deleted_at ON main.note
  WHEN OLD.body IS NOT NEW.body OR {live_changed} BEGIN {del_note} {ins_note_if_live} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_note_ad AFTER DELETE ON main.note
  BEGIN {del_note_old} END;
",
        art_new = with_new(ARTICLE_LIVE),
        ins_title = with_new(&ins(arts, TITLE_ROWID, "X.title")),
        del_title = with_new(&del(arts, TITLE_ROWID)),
        del_title_old = with_old(&del(arts, TITLE_ROWID)),
        pas_new = with_new(PASSAGE_LIVE),
        ins_pas = with_new(&ins(arts, PASSAGE_ROWID, "X.text")),
        del_pas = with_new(&del(arts, PASSAGE_ROWID)),
        del_pas_old = with_old(&del(arts, PASSAGE_ROWID)),
        hl_new = with_new(HIGHLIGHT_LIVE),
        ins_hl = with_new(&ins(marks, HIGHLIGHT_ROWID, "X.exact")),
        ins_hl_if_live = insert_rows(
            marks,
            "highlight",
            HIGHLIGHT_ROWID,
            "X.exact",
            &format!("X.id = NEW.id AND {HIGHLIGHT_LIVE}")
        ),
        del_hl = with_new(&del(marks, HIGHLIGHT_ROWID)),
        del_hl_old = with_old(&del(marks, HIGHLIGHT_ROWID)),
        note_new = with_new(NOTE_LIVE),
        ins_note = with_new(&ins(marks, NOTE_ROWID, "X.body")),
        ins_note_if_live = insert_rows(
            marks,
            "note",
            NOTE_ROWID,
            "X.body",
            &format!("X.id = NEW.id AND {NOTE_LIVE}")
        ),
        del_note = with_new(&del(marks, NOTE_ROWID)),
        del_note_old = with_old(&del(marks, NOTE_ROWID)),
    )
}

/// What a rebuild did.
pub(crate) struct Rebuilt {
    pub rows: u64,
    pub text_bytes: u64,
}

/// Empties the index and fills it again from every live title, passage, highlight and note;
/// records the format version. Runs inside the caller's transaction.
pub(crate) fn rebuild(conn: &Connection) -> Result<Rebuilt> {
    for fts in INDEX_TABLES {
        conn.execute(&format!("INSERT INTO main.{fts} ({fts}) VALUES ('delete-all')"), [])?;
        // For the bulk load: a larger in-memory buffer before each write of a segment, and no
        // merging along the way (the optimize at the end merges everything once). Set back after.
        set_fts_config(
            conn,
            fts,
            &[("hashsize", 32 << 20), ("automerge", 0), ("crisismerge", 64)],
        )?;
    }
    let (arts, marks) = ("search", "search_marks");
    let mut rows = 0u64;
    for sql in [
        insert_rows(arts, "article", TITLE_ROWID, "X.title", ARTICLE_LIVE),
        insert_rows(arts, "passage", PASSAGE_ROWID, "X.text", PASSAGE_LIVE),
        insert_rows(marks, "highlight", HIGHLIGHT_ROWID, "X.exact", HIGHLIGHT_LIVE),
        insert_rows(marks, "note", NOTE_ROWID, "X.body", NOTE_LIVE),
    ] {
        rows += conn.execute(&sql, [])? as u64;
    }
    for fts in INDEX_TABLES {
        // Merging the segments into one makes every later query read one b-tree, not many.
        conn.execute(&format!("INSERT INTO main.{fts} ({fts}) VALUES ('optimize')"), [])?;
        set_fts_config(conn, fts, &fts_settings(fts))?;
    }
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('search.marks', '1')
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [],
    )?;
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('search.format', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [FORMAT_VERSION],
    )?;
    let text_bytes: i64 = conn.query_row(
        "SELECT (SELECT coalesce(sum(length(CAST(text AS BLOB))), 0) FROM passage)
              + (SELECT coalesce(sum(length(CAST(title AS BLOB))), 0) FROM article)
              + (SELECT coalesce(sum(length(CAST(exact AS BLOB))), 0) FROM highlight)
              + (SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) FROM note)",
        [],
        |r| r.get(0),
    )?;
    Ok(Rebuilt { rows, text_bytes: text_bytes as u64 })
}

/// The settings [`rebuild`] changes, as they are the rest of the time: FTS5's defaults, but for
/// `search`'s automerge and hashsize (set by migrations 4 and 5).
fn fts_settings(fts: &str) -> [(&'static str, i64); 3] {
    if fts == "search" {
        [("hashsize", 32 << 20), ("automerge", 8), ("crisismerge", 16)]
    } else {
        [("hashsize", 1 << 20), ("automerge", 4), ("crisismerge", 16)]
    }
}

fn set_fts_config(conn: &Connection, fts: &str, values: &[(&str, i64)]) -> Result<()> {
    let mut stmt =
        conn.prepare_cached(&format!("INSERT INTO main.{fts} ({fts}, rank) VALUES (?1, ?2)"))?;
    for (key, value) in values {
        stmt.execute(rusqlite::params![key, value])?;
    }
    Ok(())
}

/// Asks for `search` to be merged into one segment (see [`merge_step`]): after a bulk import,
/// whose segments of megabytes sit among the small ones that single writes make, and would
/// otherwise be merged again and again with them, at the writes' expense.
pub(crate) fn ask_to_optimize(conn: &Connection) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES ('search.optimize', '1')
         ON CONFLICT (key) DO NOTHING",
        [],
    )?;
    Ok(())
}

/// One step of merging the segments of `search`, at most `pages` pages written, each its own
/// transaction: towards one segment when [`ask_to_optimize`] asked for it, else FTS5's usual
/// merge of any level holding 4 segments or more. True when it did some work (there may be
/// more), false when there was nothing left to merge.
pub(crate) fn merge_step(conn: &Connection, pages: u32) -> Result<bool> {
    let optimize: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM setting WHERE key = 'search.optimize')",
        [],
        |r| r.get(0),
    )?;
    let n = if optimize { -i64::from(pages) } else { i64::from(pages) };
    let before = conn.total_changes();
    conn.execute("INSERT INTO main.search (search, rank) VALUES ('merge', ?1)", [n])?;
    // FTS5 counts at least two changes when a merge step did work.
    let worked = conn.total_changes() - before >= 2;
    if optimize && !worked {
        conn.execute("DELETE FROM setting WHERE key = 'search.optimize'", [])?;
    }
    Ok(worked)
}

/// Bytes the index takes in the database (its b-tree blocks and per-row sizes).
pub(crate) fn index_bytes(conn: &Connection) -> Result<u64> {
    let mut total = 0u64;
    for fts in INDEX_TABLES {
        let n: i64 = conn.query_row(
            &format!(
                "SELECT (SELECT coalesce(sum(length(block)), 0) FROM {fts}_data)
                      + (SELECT coalesce(sum(length(sz)), 0) FROM {fts}_docsize)
                      + (SELECT count(*) * 16 FROM {fts}_idx)"
            ),
            [],
            |r| r.get(0),
        )?;
        total += n as u64;
    }
    Ok(total)
}

/// The live tag ids at or below each `tag:` filter's name.
pub(crate) fn tag_filter_ids(conn: &Connection, names: &[String]) -> Result<Vec<Vec<Id>>> {
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

fn filtered(kind: HitKind, f: &Filters, tag_ids: &[Vec<Id>]) -> Option<Filtered> {
    if f.is_empty() {
        // No join: the index holds only live rows, so the MATCH alone is the answer.
        return Some(Filtered {
            from: format!("{} f", index_table(kind)),
            conds: Vec::new(),
            params: Vec::new(),
        });
    }
    let mut from = format!("{} f", index_table(kind));
    let mut conds = Vec::new();
    let mut params: Vec<Value> = Vec::new();
    let aid = match kind {
        HitKind::Title => format!("(f.rowid & {ID_MASK})"),
        HitKind::Passage => format!("((f.rowid & {ID_MASK}) >> 20)"),
        HitKind::Highlight => {
            from.push_str(&format!(" CROSS JOIN highlight h ON h.id = (f.rowid & {ID_MASK})"));
            "h.article_id".to_owned()
        }
        HitKind::Note => {
            from.push_str(&format!(" CROSS JOIN note n ON n.id = (f.rowid & {ID_MASK})"));
            "n.article_id".to_owned()
        }
    };
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
                   ON p.article_id = {aid} AND p.ordinal = (f.rowid & {MAX_ORDINAL})
                   WHERE z.article_id = {aid} AND z.highlight_id IS NULL AND z.start IS NOT NULL
                   AND z.orphaned = 0 AND z.deleted_at IS NULL AND z.start < p.end AND z.end > p.start)"
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
            conds.push(format!("{day} < ?{}", params.len() + 1));
        }
        if let Some(a) = &f.after {
            params.push(Value::Text(a.clone()));
            conds.push(format!("{day} >= ?{}", params.len() + 1));
        }
    }
    Some(Filtered { from, conds, params })
}

/// The ids of one group's matches with the filters, newest first (by rowid, which FTS5 reads in
/// order and so stops early), at most `cap` of them. Parameter 1 is the MATCH expression.
pub(crate) fn matches(
    conn: &Connection,
    kind: HitKind,
    fts: &str,
    f: &Filters,
    tag_ids: &[Vec<Id>],
    cap: u32,
) -> Result<Vec<Id>> {
    let Some(q) = filtered(kind, f, tag_ids) else { return Ok(Vec::new()) };
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

/// The text a hit was found in, and what the result shows about it.
pub(crate) struct HitSource {
    pub article_id: Id,
    pub article_title: String,
    pub text: String,
    pub passage_ordinal: Option<u32>,
    pub highlight_id: Option<Id>,
    pub color: Option<String>,
    /// Where `text` starts in the article's text (passages, anchored highlights).
    pub article_offset: Option<u32>,
}

/// Loads what the hits `ids` of one kind show, in one statement: (id, source) in no particular
/// order; an id whose row has gone (it cannot, inside one read) is left out.
pub(crate) fn hit_sources(
    conn: &Connection,
    kind: HitKind,
    ids: &[Id],
) -> Result<Vec<(Id, HitSource)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // The ids go in as one JSON array, so that the statement is prepared once.
    let list = format!("[{}]", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let sql = match kind {
        HitKind::Title => {
            "SELECT j.value, a.id, a.title, a.title, NULL, NULL, NULL, NULL
               FROM json_each(?1) j CROSS JOIN article a ON a.id = j.value"
        }
        HitKind::Passage => {
            "SELECT j.value, p.article_id, a.title, p.text, p.ordinal, NULL, NULL, p.start
               FROM json_each(?1) j
               CROSS JOIN passage p ON p.article_id = (j.value >> 20)
                                   AND p.ordinal = (j.value & 1048575)
               CROSS JOIN article a ON a.id = p.article_id"
        }
        HitKind::Highlight => {
            "SELECT j.value, h.article_id, a.title, h.exact, NULL, h.id, h.color,
                    CASE WHEN h.orphaned THEN NULL ELSE h.start END
               FROM json_each(?1) j CROSS JOIN highlight h ON h.id = j.value
               CROSS JOIN article a ON a.id = h.article_id"
        }
        HitKind::Note => {
            "SELECT j.value, n.article_id, a.title, n.body, NULL, n.highlight_id, h.color, NULL
               FROM json_each(?1) j CROSS JOIN note n ON n.id = j.value
               CROSS JOIN article a ON a.id = n.article_id
               LEFT JOIN highlight h ON h.id = n.highlight_id"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([list], |r| Ok((r.get(0)?, source_from_row(r)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The texts of the hits `ids` of one kind (for ranking them), in one statement: (id, text) in
/// no particular order.
pub(crate) fn hit_texts(conn: &Connection, kind: HitKind, ids: &[Id]) -> Result<Vec<(Id, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = format!("[{}]", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","));
    let sql = match kind {
        HitKind::Title => {
            "SELECT j.value, a.title FROM json_each(?1) j CROSS JOIN article a ON a.id = j.value"
        }
        HitKind::Passage => {
            "SELECT j.value, p.text FROM json_each(?1) j
               CROSS JOIN passage p ON p.article_id = (j.value >> 20)
                                   AND p.ordinal = (j.value & 1048575)"
        }
        HitKind::Highlight => {
            "SELECT j.value, h.exact FROM json_each(?1) j CROSS JOIN highlight h ON h.id = j.value"
        }
        HitKind::Note => {
            "SELECT j.value, n.body FROM json_each(?1) j CROSS JOIN note n ON n.id = j.value"
        }
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
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
