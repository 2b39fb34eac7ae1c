//! The search index: its rows, their rowids, the triggers that keep it in sync, its rebuild and
//! the merging of its segments. The queries that read it are in `store/search.rs`.
//!
//! The index is three contentless FTS5 tables: `search` (migration 2) for passages and
//! `search_titles` (migration 19) for titles, both written by imports, and `search_marks`
//! (migration 4) for highlights and notes, written a few rows at a time while reading, so that
//! their commits only ever merge small segments. Titles have a table of their own because a
//! group's matches are read newest first, from the end of each term's list of rowids down to the
//! group's range: in a table shared with passages, the titles' walk passed every passage holding
//! the word. Together they keep only what is live: a row exists for a title or passage of a live
//! article, a live highlight of a live article, and a live note of a live article whose highlight
//! (if any) is live. (A library from before migration 19 may still hold its titles' old rows in
//! `search`, where no query reads them, until the index is next merged into one segment: see
//! `move_titles`.) Temporary triggers, installed on every connection, keep it so in the same
//! transaction as every write, whichever code path writes: nothing in the façade has to remember
//! to update the index.

use super::tx::{self, Lock};
use crate::model::Id;
use crate::search::{index_columns, HitKind, ReindexReport, FORMAT_VERSION};
use crate::Result;
use rusqlite::functions::FunctionFlags;
use rusqlite::{Connection, OptionalExtension};
use std::cell::Cell;

thread_local! {
    /// Set while code on this thread writes the index rows of the articles it inserts itself
    /// (see [`Deferred`]).
    static DEFERRED: Cell<bool> = const { Cell::new(false) };
    /// Set while code on this thread inserts many highlights and notes at once (see
    /// [`DeferredMarks`]).
    static MARKS_DEFERRED: Cell<bool> = const { Cell::new(false) };
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

/// While one is alive, highlights and notes inserted on this thread add nothing to the index
/// until [`DeferredMarks::finish`] writes the rows of all those inserted since it began, in one
/// statement per table, in the same transaction. Why: each row a trigger inserts opens a
/// statement savepoint, at which FTS5 writes out a segment, and thousands of one-row segments
/// then cost merge after merge (an import of 10,000 highlights from another tool spent half its
/// time there). Only for code that inserts rows and deletes none while it is alive: the rows
/// to index are told apart by their ids, above the largest there was when it began.
pub(crate) struct DeferredMarks {
    was: bool,
    highlight_floor: Id,
    note_floor: Id,
}

impl DeferredMarks {
    pub(crate) fn new(conn: &Connection) -> Result<Self> {
        let (highlight_floor, note_floor) = conn
            .prepare_cached(
                "SELECT (SELECT COALESCE(MAX(id), 0) FROM main.highlight),
                        (SELECT COALESCE(MAX(id), 0) FROM main.note)",
            )?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(DeferredMarks { was: MARKS_DEFERRED.replace(true), highlight_floor, note_floor })
    }

    /// Writes the index rows of the live highlights and notes inserted since `self` began
    /// (highlights first: their rowids are the smaller, and FTS5 writes out what it holds
    /// whenever a rowid goes backwards). The statements are cached: a sync round finishes one
    /// per document.
    pub(crate) fn finish(self, conn: &Connection) -> Result<()> {
        let (highlight_rowid, note_rowid) =
            (rowid_sql(HitKind::Highlight), rowid_sql(HitKind::Note));
        let newer = |live: &str| format!("X.id > ?1 AND {live} ORDER BY X.id");
        conn.prepare_cached(&insert_rows(
            "search_marks",
            "highlight",
            &highlight_rowid,
            "X.exact",
            &newer(HIGHLIGHT_LIVE),
        ))?
        .execute([self.highlight_floor])?;
        conn.prepare_cached(&insert_rows(
            "search_marks",
            "note",
            &note_rowid,
            "X.body",
            &newer(NOTE_LIVE),
        ))?
        .execute([self.note_floor])?;
        Ok(())
    }
}

impl Drop for DeferredMarks {
    fn drop(&mut self) {
        MARKS_DEFERRED.set(self.was);
    }
}

// The rowid of an index row says what the row is: the kind of thing in the top bits (1 title,
// 2 passage, 3 highlight, 4 note: see `kind_code`), its id below them. A passage's id is its
// article's id shifted left by `ORDINAL_BITS`, plus its ordinal. This is the one statement of
// that layout: the SQL below is formatted from these constants.

/// Where the kind of thing starts in a rowid.
const KIND_SHIFT: u32 = 56;
/// The bits of a passage's rowid that hold its ordinal.
const ORDINAL_BITS: u32 = 20;
/// Low 56 bits of a rowid: the id part.
pub(crate) const ID_MASK: i64 = (1 << KIND_SHIFT) - 1;
/// Passages beyond this ordinal are not indexed (no article comes near it).
const MAX_ORDINAL: i64 = (1 << ORDINAL_BITS) - 1;

fn kind_code(kind: HitKind) -> i64 {
    match kind {
        HitKind::Title => 1,
        HitKind::Passage => 2,
        HitKind::Highlight => 3,
        HitKind::Note => 4,
    }
}

/// The smallest rowid of a kind; its rows lie in `kind_base(kind) ..= kind_base(kind) | ID_MASK`.
pub(crate) fn kind_base(kind: HitKind) -> i64 {
    kind_code(kind) << KIND_SHIFT
}

/// SQL for the rowid of a row of `kind`, from the columns of the table aliased `X` (`id`, or a
/// passage's `article_id` and `ordinal`).
fn rowid_sql(kind: HitKind) -> String {
    let k = kind_code(kind);
    match kind {
        HitKind::Passage => {
            format!("(({k} << {KIND_SHIFT}) | (X.article_id << {ORDINAL_BITS}) | X.ordinal)")
        }
        _ => format!("(({k} << {KIND_SHIFT}) | X.id)"),
    }
}

/// SQL for the article id in the id part `id` of a passage's rowid (what `& ID_MASK` left).
pub(crate) fn passage_article_sql(id: &str) -> String {
    format!("({id} >> {ORDINAL_BITS})")
}

/// SQL for the ordinal in the id part `id` of a passage's rowid.
pub(crate) fn passage_ordinal_sql(id: &str) -> String {
    format!("({id} & {MAX_ORDINAL})")
}

/// What a row of `search` is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Indexed {
    Title { article: Id },
    Passage { article: Id, ordinal: u32 },
}

/// One row of the article index: a title (in `search_titles`) or a passage (in `search`), with
/// its tokens. Code that writes the rows of new articles itself (see [`Deferred`]) makes them
/// with [`IndexRow::new`].
#[derive(Debug, Clone)]
pub(crate) struct IndexRow {
    kind: HitKind,
    rowid: i64,
    t: String,
    u: String,
}

impl IndexRow {
    /// The row of `what`, with the two columns of its text's tokens
    /// ([`index_tokens`](crate::search::index_tokens)); `None` for a passage past
    /// [`MAX_ORDINAL`], which is not indexed.
    pub(crate) fn new(what: Indexed, (t, u): (String, String)) -> Option<IndexRow> {
        let (kind, rowid) = match what {
            Indexed::Title { article } => (HitKind::Title, kind_base(HitKind::Title) | article),
            Indexed::Passage { article, ordinal } => {
                let ordinal = i64::from(ordinal);
                if ordinal > MAX_ORDINAL {
                    return None;
                }
                let rowid = kind_base(HitKind::Passage) | (article << ORDINAL_BITS) | ordinal;
                (HitKind::Passage, rowid)
            }
        };
        Some(IndexRow { kind, rowid, t, u })
    }
}

/// Writes rows of titles into `search_titles` and of passages into `search` (whose inserts a
/// [`Deferred`] held back), each table's in rowid order: FTS5 writes out what it holds whenever
/// a rowid goes backwards.
pub(crate) fn insert_index_rows(conn: &Connection, rows: &mut [IndexRow]) -> Result<()> {
    rows.sort_unstable_by_key(|r| r.rowid);
    let insert = |kind| {
        conn.prepare_cached(&format!(
            "INSERT INTO main.{} (rowid, t, u) VALUES (?1, ?2, ?3)",
            index_table(kind)
        ))
    };
    let (mut titles, mut passages) = (insert(HitKind::Title)?, insert(HitKind::Passage)?);
    for r in rows.iter() {
        let stmt = if r.kind == HitKind::Title { &mut titles } else { &mut passages };
        stmt.execute(rusqlite::params![r.rowid, r.t, r.u])?;
    }
    Ok(())
}

/// Conditions under which a row of each table belongs in the index.
const ARTICLE_LIVE: &str = "X.deleted_at IS NULL";
const HIGHLIGHT_LIVE: &str = "X.deleted_at IS NULL
    AND EXISTS (SELECT 1 FROM main.article a WHERE a.id = X.article_id AND a.deleted_at IS NULL)";
const NOTE_LIVE: &str = "X.deleted_at IS NULL
    AND EXISTS (SELECT 1 FROM main.article a WHERE a.id = X.article_id AND a.deleted_at IS NULL)
    AND (X.highlight_id IS NULL OR EXISTS (SELECT 1 FROM main.highlight h
        WHERE h.id = X.highlight_id AND h.deleted_at IS NULL))";

fn passage_live() -> String {
    format!(
        "X.ordinal <= {MAX_ORDINAL}
    AND EXISTS (SELECT 1 FROM main.article a WHERE a.id = X.article_id AND a.deleted_at IS NULL)"
    )
}

/// The index table that holds the rows of a kind.
pub(crate) fn index_table(kind: HitKind) -> &'static str {
    match kind {
        HitKind::Title => "search_titles",
        HitKind::Passage => "search",
        HitKind::Highlight | HitKind::Note => "search_marks",
    }
}

/// Every index table.
const INDEX_TABLES: [&str; 3] = ["search", "search_titles", "search_marks"];

/// The index tables that do not merge as they are written (migrations 12 and 19): the checkpoint
/// thread merges them while the library is idle, and a bulk import between its batches.
const MERGED_APART: [&str; 2] = ["search", "search_titles"];

/// An INSERT into the index table `fts` of the index rows for the rows of `table` (aliased X)
/// that satisfy `cond`.
fn insert_rows(fts: &str, table: &str, rowid: &str, text: &str, cond: &str) -> String {
    format!(
        "INSERT INTO main.{fts} (rowid, t, u)
           SELECT {rowid}, zj_t({text}), zj_u({text}) FROM main.{table} X WHERE {cond};"
    )
}

/// True if and only if [`install`] would rebuild or fill the index (a write).
pub(crate) fn needs_rebuild(conn: &Connection) -> Result<bool> {
    Ok(!pending(conn)?.is_empty())
}

/// Work on the index in the caller's transaction.
type Work = fn(&Connection) -> Result<()>;

/// The work the index needs before use, in order (none most of the time).
fn pending(conn: &Connection) -> Result<Vec<Work>> {
    let setting = |key: &str| -> Result<Option<String>> {
        Ok(conn
            .query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    };
    if setting("search.format")?.as_deref() != Some(FORMAT_VERSION) {
        let rebuild_all: Work = |c| rebuild(c).map(|_| ());
        return Ok(vec![rebuild_all]);
    }
    let mut work: Vec<Work> = Vec::new();
    if setting("search.marks")?.is_none() {
        // A library from before migration 4: its highlights and notes left `search` there.
        work.push(fill_marks);
    }
    if setting("search.titles")?.is_none() {
        // A library from before migration 19: its titles are still in `search`.
        work.push(move_titles);
    }
    Ok(work)
}

/// Registers the tokenising functions, installs the triggers, and rebuilds or fills the index
/// when it needs it (its format differs from this build's, or a migration made a table it has
/// to fill). Called on every connection after migrating.
pub(crate) fn install(conn: &Connection) -> Result<()> {
    install_functions(conn)?;
    conn.execute_batch(&triggers())?;
    let work = pending(conn)?;
    if !work.is_empty() {
        tx::in_transaction(conn, Lock::Write, |c| {
            work.iter().try_for_each(|w| w(c)).map_err(|e| e.context("rebuilding the search index"))
        })?;
    }
    Ok(())
}

/// Registers the functions the index's statements call, and nothing else: enough to search a
/// library that is only read.
pub(crate) fn install_functions(conn: &Connection) -> Result<()> {
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
    conn.create_scalar_function(
        "zj_marks_indexing",
        0,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_INNOCUOUS,
        |_| Ok(!MARKS_DEFERRED.get()),
    )?;
    Ok(())
}

/// Fills `search_marks` from every live highlight and note (in the caller's transaction).
fn fill_marks(conn: &Connection) -> Result<()> {
    conn.execute("INSERT INTO main.search_marks (search_marks) VALUES ('delete-all')", [])?;
    let (highlight_rowid, note_rowid) = (rowid_sql(HitKind::Highlight), rowid_sql(HitKind::Note));
    conn.execute(
        &insert_rows("search_marks", "highlight", &highlight_rowid, "X.exact", HIGHLIGHT_LIVE),
        [],
    )?;
    conn.execute(&insert_rows("search_marks", "note", &note_rowid, "X.body", NOTE_LIVE), [])?;
    set_flag(conn, "search.marks")
}

/// Moves the titles to `search_titles` (in the caller's transaction): each live article's title
/// is tokenised again into it. Passages stay where they are: no rebuild of the whole index, which
/// takes minutes in a library of 100,000 articles.
///
/// The titles' old rows stay in `search` for now, where nothing reads them (every query of it
/// asks for the passages' rowid range, above theirs). Deleting them at once would leave a
/// tombstone for each in FTS5's segments, checked for every rowid a query reads: the passages of
/// a common word took twice as long (10,000 articles) until the segments were rewritten. So they
/// go when the index is next merged into one segment ([`merge_step`]) or rebuilt; the setting
/// `search.old_titles` says they are still there.
fn move_titles(conn: &Connection) -> Result<()> {
    conn.execute("INSERT INTO main.search_titles (search_titles) VALUES ('delete-all')", [])?;
    conn.execute(
        &insert_rows(
            index_table(HitKind::Title),
            "article",
            &rowid_sql(HitKind::Title),
            "X.title",
            &format!("{ARTICLE_LIVE} ORDER BY X.id"),
        ),
        [],
    )?;
    set_flag(conn, "search.old_titles")?;
    set_flag(conn, "search.titles")
}

/// Deletes the rows that titles had in `search` before migration 19 if they are still there
/// (see [`move_titles`]), each statement its own transaction: done again should the second fail.
fn drop_old_titles(conn: &Connection) -> Result<()> {
    let left: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM setting WHERE key = 'search.old_titles')",
        [],
        |r| r.get(0),
    )?;
    if left {
        // A scan of the range's rowids, not of any term.
        let base = kind_base(HitKind::Title);
        conn.execute(
            "DELETE FROM main.search WHERE rowid BETWEEN ?1 AND ?2",
            [base, base | ID_MASK],
        )?;
        conn.execute("DELETE FROM setting WHERE key = 'search.old_titles'", [])?;
    }
    Ok(())
}

/// Sets the flag `key` in the settings (the index's work of that name is done, or to do).
fn set_flag(conn: &Connection, key: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO setting (key, value) VALUES (?1, '1')
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key],
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
    let (titles, passages, marks) = ("search_titles", "search", "search_marks");
    let title_rowid = rowid_sql(HitKind::Title);
    let passage_rowid = rowid_sql(HitKind::Passage);
    let highlight_rowid = rowid_sql(HitKind::Highlight);
    let note_rowid = rowid_sql(HitKind::Note);
    let passage_live = passage_live();
    // Everything of one article (NEW.id), for trashing or restoring it: its passages' rowids
    // are one range.
    let (title_k, passage_k) = (kind_code(HitKind::Title), kind_code(HitKind::Passage));
    let (highlight_k, note_k) = (kind_code(HitKind::Highlight), kind_code(HitKind::Note));
    let article_rows_out = format!(
        "DELETE FROM main.{titles} WHERE rowid = (({title_k} << {KIND_SHIFT}) | NEW.id);
        DELETE FROM main.{passages} WHERE rowid BETWEEN
            (({passage_k} << {KIND_SHIFT}) | (NEW.id << {ORDINAL_BITS}))
            AND (({passage_k} << {KIND_SHIFT}) | (NEW.id << {ORDINAL_BITS}) | {MAX_ORDINAL});
        DELETE FROM main.{marks} WHERE rowid IN
            (SELECT ({highlight_k} << {KIND_SHIFT}) | id FROM main.highlight WHERE article_id = NEW.id);
        DELETE FROM main.{marks} WHERE rowid IN
            (SELECT ({note_k} << {KIND_SHIFT}) | id FROM main.note WHERE article_id = NEW.id);"
    );
    let article_rows_in = [
        insert_rows(titles, "article", &title_rowid, "X.title", "X.id = NEW.id"),
        insert_rows(
            passages,
            "passage",
            &passage_rowid,
            "X.text",
            &format!("X.article_id = NEW.id AND {passage_live}"),
        ),
        insert_rows(
            marks,
            "highlight",
            &highlight_rowid,
            "X.exact",
            &format!("X.article_id = NEW.id AND {HIGHLIGHT_LIVE}"),
        ),
        insert_rows(
            marks,
            "note",
            &note_rowid,
            "X.body",
            &format!("X.article_id = NEW.id AND {NOTE_LIVE}"),
        ),
    ]
    .concat();
    let highlight_notes_out = format!(
        "DELETE FROM main.search_marks WHERE rowid IN
        (SELECT ({note_k} << {KIND_SHIFT}) | id FROM main.note WHERE highlight_id = NEW.id);"
    );
    let highlight_notes_in = insert_rows(
        marks,
        "note",
        &note_rowid,
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
  WHEN {hl_new} AND zj_marks_indexing() BEGIN {ins_hl} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_highlight_au AFTER UPDATE OF exact ON main.highlight
  WHEN {hl_new} AND OLD.exact IS NOT NEW.exact BEGIN {del_hl} {ins_hl} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_highlight_trash AFTER UPDATE OF deleted_at ON main.highlight
  WHEN {live_changed} BEGIN {del_hl} {highlight_notes_out}
    {ins_hl_if_live} {highlight_notes_in} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_highlight_ad AFTER DELETE ON main.highlight
  BEGIN {del_hl_old} END;

CREATE TEMP TRIGGER IF NOT EXISTS zj_note_ai AFTER INSERT ON main.note
  WHEN {note_new} AND zj_marks_indexing() BEGIN {ins_note} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_note_au AFTER UPDATE OF body, deleted_at ON main.note
  WHEN OLD.body IS NOT NEW.body OR {live_changed} BEGIN {del_note} {ins_note_if_live} END;
CREATE TEMP TRIGGER IF NOT EXISTS zj_note_ad AFTER DELETE ON main.note
  BEGIN {del_note_old} END;
",
        art_new = with_new(ARTICLE_LIVE),
        ins_title = with_new(&ins(titles, &title_rowid, "X.title")),
        del_title = with_new(&del(titles, &title_rowid)),
        del_title_old = with_old(&del(titles, &title_rowid)),
        pas_new = with_new(&passage_live),
        ins_pas = with_new(&ins(passages, &passage_rowid, "X.text")),
        del_pas = with_new(&del(passages, &passage_rowid)),
        del_pas_old = with_old(&del(passages, &passage_rowid)),
        hl_new = with_new(HIGHLIGHT_LIVE),
        ins_hl = with_new(&ins(marks, &highlight_rowid, "X.exact")),
        ins_hl_if_live = insert_rows(
            marks,
            "highlight",
            &highlight_rowid,
            "X.exact",
            &format!("X.id = NEW.id AND {HIGHLIGHT_LIVE}")
        ),
        del_hl = with_new(&del(marks, &highlight_rowid)),
        del_hl_old = with_old(&del(marks, &highlight_rowid)),
        note_new = with_new(NOTE_LIVE),
        ins_note = with_new(&ins(marks, &note_rowid, "X.body")),
        ins_note_if_live = insert_rows(
            marks,
            "note",
            &note_rowid,
            "X.body",
            &format!("X.id = NEW.id AND {NOTE_LIVE}")
        ),
        del_note = with_new(&del(marks, &note_rowid)),
        del_note_old = with_old(&del(marks, &note_rowid)),
    )
}

/// What a rebuild did.
struct Rebuilt {
    pub rows: u64,
    pub text_bytes: u64,
}

/// Empties the index and fills it again from every live title, passage, highlight and note;
/// records the format version. Runs inside the caller's transaction.
fn rebuild(conn: &Connection) -> Result<Rebuilt> {
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
    let (titles, passages, marks) = ("search_titles", "search", "search_marks");
    let mut rows = 0u64;
    for sql in [
        insert_rows(titles, "article", &rowid_sql(HitKind::Title), "X.title", ARTICLE_LIVE),
        insert_rows(passages, "passage", &rowid_sql(HitKind::Passage), "X.text", &passage_live()),
        insert_rows(marks, "highlight", &rowid_sql(HitKind::Highlight), "X.exact", HIGHLIGHT_LIVE),
        insert_rows(marks, "note", &rowid_sql(HitKind::Note), "X.body", NOTE_LIVE),
    ] {
        rows += conn.execute(&sql, [])? as u64;
    }
    for fts in INDEX_TABLES {
        // Merging the segments into one makes every later query read one b-tree, not many.
        conn.execute(&format!("INSERT INTO main.{fts} ({fts}) VALUES ('optimize')"), [])?;
        set_fts_config(conn, fts, &fts_settings(fts))?;
    }
    set_flag(conn, "search.marks")?;
    set_flag(conn, "search.titles")?;
    conn.execute("DELETE FROM setting WHERE key = 'search.old_titles'", [])?;
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
/// the hashsize (migration 5), automerge and usermerge (migration 12: no merging as it is
/// written, since FTS5's own charged every write with work that grows with the library; the
/// checkpoint thread and bulk imports merge 8 segments of a level at a time instead) of the
/// tables imports write, `search` and `search_titles` (migration 19).
fn fts_settings(fts: &str) -> [(&'static str, i64); 4] {
    if MERGED_APART.contains(&fts) {
        [("hashsize", 32 << 20), ("automerge", 0), ("usermerge", 8), ("crisismerge", 16)]
    } else {
        [("hashsize", 1 << 20), ("automerge", 4), ("usermerge", 4), ("crisismerge", 16)]
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

/// Asks for `search` and `search_titles` to be merged into one segment each (see
/// [`merge_step`]): after a bulk import,
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

/// One step of merging the segments of `search` and of `search_titles`, at most `pages` pages
/// written to each, each its own transaction: towards one segment when [`ask_to_optimize`] asked
/// for it (first deleting the titles' old rows from `search` if they are still there, which the
/// merge then leaves out), else FTS5's usual merge of any level holding 8 segments or more
/// (`usermerge`, migration 12). True when it did some work (there may be more), false when there
/// was nothing left to merge.
pub(crate) fn merge_step(conn: &Connection, pages: u32) -> Result<bool> {
    let optimize: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM setting WHERE key = 'search.optimize')",
        [],
        |r| r.get(0),
    )?;
    if optimize {
        drop_old_titles(conn)?;
    }
    let n = if optimize { -i64::from(pages) } else { i64::from(pages) };
    let worked = fts_merge(conn, n)?;
    if optimize && !worked {
        conn.execute("DELETE FROM setting WHERE key = 'search.optimize'", [])?;
    }
    Ok(worked)
}

/// One step of FTS5's usual merge of `search` and of `search_titles` (a level holding 8 segments
/// or more), at most `pages` pages written to each, each in a transaction of its own: what a bulk
/// import does after each batch, since FTS5 merges nothing as it is written (migration 12). True
/// when it did some work.
pub(crate) fn merge_some(conn: &Connection, pages: u32) -> Result<bool> {
    fts_merge(conn, i64::from(pages))
}

/// How many segments the fuller of `search` and `search_titles` holds (read from FTS5's
/// structure records, without writing): each import adds one to both, and a merge step is owed
/// once either has gathered enough. `None` if a record is not of a shape known here.
pub(crate) fn segment_count(conn: &Connection) -> Result<Option<u64>> {
    let mut most = Some(0);
    for fts in MERGED_APART {
        let block: Option<Vec<u8>> = conn
            .prepare_cached(&format!("SELECT block FROM main.{fts}_data WHERE id = 10"))?
            .query_row([], |r| r.get(0))
            .optional()?;
        let n = block.and_then(|b| structure_segments(&b));
        most = most.zip(n).map(|(a, b)| a.max(b));
    }
    Ok(most)
}

/// The number of segments in an FTS5 structure record: a 4-byte cookie, a 4-byte marker in the
/// newer format (`ff 00 00 01`), then varints: levels, segments, ….
fn structure_segments(b: &[u8]) -> Option<u64> {
    let mut i = if b.get(4..8)? == [0xff, 0, 0, 1] { 8 } else { 4 };
    let mut varint = || -> Option<u64> {
        let mut v = 0u64;
        for _ in 0..9 {
            let c = *b.get(i)?;
            i += 1;
            v = (v << 7) | u64::from(c & 0x7f);
            if c & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    };
    let _levels = varint()?;
    varint()
}

/// FTS5's `merge` command on `search` and on `search_titles` (`n` pages; negative merges
/// towards one segment), one statement each; true when either did some work.
fn fts_merge(conn: &Connection, n: i64) -> Result<bool> {
    let mut worked = false;
    for fts in MERGED_APART {
        let before = conn.total_changes();
        conn.prepare_cached(&format!("INSERT INTO main.{fts} ({fts}, rank) VALUES ('merge', ?1)"))?
            .execute([n])?;
        // FTS5 counts at least two changes when a merge step did work.
        worked |= conn.total_changes() - before >= 2;
    }
    Ok(worked)
}

/// Bytes the index takes in the database (its b-tree blocks and per-row sizes).
fn index_bytes(conn: &Connection) -> Result<u64> {
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

/// Rebuilds the index from scratch (in the caller's transaction) and says what it took.
pub(crate) fn reindex(conn: &Connection) -> Result<ReindexReport> {
    let t = std::time::Instant::now();
    let r = rebuild(conn)?;
    let millis = t.elapsed().as_millis() as u64;
    Ok(ReindexReport {
        rows: r.rows,
        text_bytes: r.text_bytes,
        index_bytes: index_bytes(conn)?,
        millis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rowids the triggers compute in SQL are the ones [`IndexRow::new`] computes in Rust.
    #[test]
    fn the_triggers_and_index_row_agree_on_rowids() {
        let conn = crate::store::open_in_memory().unwrap();
        conn.execute_batch(
            "INSERT INTO article (id, title, format, content_hash, chars, imported_at, updated_at)
               VALUES (77, '算力的账本', 'text', 'h', 9, 't', 't');
             INSERT INTO passage (article_id, ordinal, kind, start, end, text)
               VALUES (77, 0, 'paragraph', 0, 4, '一个钱字'), (77, 3, 'paragraph', 5, 9, '𠮷野家😀');",
        )
        .unwrap();
        let mut got: Vec<i64> = conn
            .prepare("SELECT rowid FROM search UNION ALL SELECT rowid FROM search_titles")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        got.sort_unstable();
        let tokens = || (String::new(), String::new());
        let want: Vec<i64> = [
            Indexed::Title { article: 77 },
            Indexed::Passage { article: 77, ordinal: 0 },
            Indexed::Passage { article: 77, ordinal: 3 },
        ]
        .into_iter()
        .map(|w| IndexRow::new(w, tokens()).unwrap().rowid)
        .collect();
        assert_eq!(got, want);
        // Each lies in its kind's range, with the id part read back by the search's SQL.
        assert_eq!(want[0] & ID_MASK, 77);
        let id_part = want[2] & ID_MASK;
        let (article, ordinal): (i64, i64) = conn
            .query_row(
                &format!(
                    "SELECT {}, {}",
                    passage_article_sql(&id_part.to_string()),
                    passage_ordinal_sql(&id_part.to_string())
                ),
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((article, ordinal), (77, 3));
        let past = Indexed::Passage { article: 77, ordinal: MAX_ORDINAL as u32 + 1 };
        assert!(IndexRow::new(past, tokens()).is_none(), "not indexed past the last ordinal");
    }

    /// The article ids of one group's hits for `q`, in the order given.
    fn hit_articles(conn: &Connection, q: &str, kind: HitKind) -> Vec<Id> {
        let opts = crate::search::SearchOptions { limit: 200, offset: 0 };
        let r = crate::store::search::run(conn, q, &opts, &[]).unwrap();
        let mut ids: Vec<Id> = r
            .groups
            .into_iter()
            .filter(|g| g.kind == kind)
            .flat_map(|g| g.hits.into_iter().map(|h| h.article_id))
            .collect();
        ids.sort_unstable();
        ids
    }

    /// The rowids of `fts` in the titles' range (a scan of its rowids, whatever their tokens).
    fn title_rowids(conn: &Connection, fts: &str) -> Vec<i64> {
        let base = kind_base(HitKind::Title);
        conn.prepare(&format!("SELECT rowid FROM {fts} WHERE rowid BETWEEN ?1 AND ?2"))
            .unwrap()
            .query_map([base, base | ID_MASK], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    }

    /// The titles' rows in `search`, found by their words (`search` holds no title that is not
    /// among these).
    fn old_title_rows(conn: &Connection) -> i64 {
        let base = kind_base(HitKind::Title);
        conn.query_row(
            "SELECT count(*) FROM search WHERE search MATCH 't:账本 OR t:chips OR u:算'
               AND rowid BETWEEN ?1 AND ?2",
            [base, base | ID_MASK],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// A library of schema 17 holds its titles in `search`, below the passages. Opened by this
    /// build, its titles move to `search_titles` (the live ones, each once) and the passages stay
    /// found; a second opening moves nothing again. The old rows, which no query reads, leave
    /// `search` when it is next merged into one segment.
    #[test]
    fn titles_move_to_their_own_table_when_a_version_17_library_opens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v17.db");
        {
            // As the build of schema 17 left it: titles and passages in `search`.
            let conn = Connection::open(&path).unwrap();
            crate::store::migrate_to(&conn, 17).unwrap();
            install_functions(&conn).unwrap();
            conn.execute_batch(
                "INSERT INTO article (id, title, format, content_hash, chars, imported_at, updated_at, deleted_at)
                   VALUES (1, '算力的账本', 'text', 'h1', 6, 't', 't', NULL),
                          (2, 'Chips and the Cost of Compute', 'text', 'h2', 18, 't', 't', NULL),
                          (3, '芯片 chips 的成本', 'text', 'h3', 5, 't', 't', NULL),
                          (4, '已删除的算力文章', 'text', 'h4', 5, 't', 't', 'x');
                 INSERT INTO passage (article_id, ordinal, kind, start, end, text)
                   VALUES (1, 0, 'paragraph', 0, 6, '账本里的芯片'),
                          (2, 0, 'paragraph', 0, 18, 'What compute costs'),
                          (3, 0, 'paragraph', 0, 5, '算力与芯片'),
                          (4, 0, 'paragraph', 0, 5, '算力与芯片');",
            )
            .unwrap();
            let (title, passage) = (rowid_sql(HitKind::Title), rowid_sql(HitKind::Passage));
            for sql in [
                insert_rows("search", "article", &title, "X.title", ARTICLE_LIVE),
                insert_rows("search", "passage", &passage, "X.text", &passage_live()),
            ] {
                conn.execute(&sql, []).unwrap();
            }
            conn.execute(
                "INSERT INTO setting (key, value) VALUES ('search.format', ?1), ('search.marks', '1')",
                [FORMAT_VERSION],
            )
            .unwrap();
            assert_eq!(title_rowids(&conn, "search").len(), 3);
        }
        let conn = crate::store::open(&path).unwrap();
        assert!(!needs_rebuild(&conn).unwrap());
        let config = |key: &str| -> i64 {
            conn.query_row("SELECT v FROM search_titles_config WHERE k = ?1", [key], |r| r.get(0))
                .unwrap()
        };
        assert_eq!((config("automerge"), config("usermerge")), (0, 8), "merged as `search` is");
        let base = kind_base(HitKind::Title);
        assert_eq!(title_rowids(&conn, "search_titles"), vec![base | 1, base | 2, base | 3]);
        assert_eq!(title_rowids(&conn, "search").len(), 3, "left for the next optimize");
        assert_eq!(old_title_rows(&conn), 3);
        assert_eq!(hit_articles(&conn, "算力", HitKind::Title), vec![1]);
        assert_eq!(hit_articles(&conn, "账本", HitKind::Title), vec![1]);
        assert_eq!(hit_articles(&conn, "chips", HitKind::Title), vec![2, 3]);
        assert_eq!(hit_articles(&conn, "成本", HitKind::Title), vec![3]);
        assert_eq!(hit_articles(&conn, "cost", HitKind::Title), vec![2]);
        assert_eq!(hit_articles(&conn, "芯片", HitKind::Passage), vec![1, 3]);
        assert_eq!(hit_articles(&conn, "compute", HitKind::Passage), vec![2]);
        assert_eq!(hit_articles(&conn, "文章", HitKind::Title), Vec::<Id>::new(), "trashed");
        // A row put in by hand stays through the next opening: the titles are not moved again.
        conn.execute(
            "INSERT INTO search_titles (rowid, t, u) VALUES (?1, 'zzmark', '')",
            [base | 99],
        )
        .unwrap();
        drop(conn);
        let conn = crate::store::open(&path).unwrap();
        assert_eq!(title_rowids(&conn, "search_titles").len(), 4);
        // Merging the index into one segment leaves the old rows out, once.
        ask_to_optimize(&conn).unwrap();
        while merge_step(&conn, 64).unwrap() {}
        assert_eq!(title_rowids(&conn, "search"), Vec::<i64>::new());
        assert_eq!(old_title_rows(&conn), 0, "a title left in the passages' table");
        let flag: Option<String> = conn
            .query_row("SELECT value FROM setting WHERE key = 'search.old_titles'", [], |r| {
                r.get(0)
            })
            .optional()
            .unwrap();
        assert_eq!(flag, None);
        assert_eq!(hit_articles(&conn, "芯片", HitKind::Passage), vec![1, 3]);
        assert_eq!(hit_articles(&conn, "chips", HitKind::Title), vec![2, 3]);
    }
}
