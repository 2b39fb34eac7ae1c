//! Full-text search over titles, passages, highlights and notes, Chinese-aware.
//!
//! Text is folded in Rust (NFKC, lower case, Traditional to Simplified) and tokenised into three
//! columns of a contentless FTS5 table: every CJK character (`u`), every pair of adjacent CJK
//! characters (`b`), and every other word (`w`). A Chinese query of one character looks in `u`;
//! of two or more, it is a phrase of consecutive pairs in `b`, which is exactly "the text contains
//! this substring". Words are whole words, or prefixes with `*`. The index holds only live
//! things and is kept in sync by triggers (see `store::search`); match positions and snippets
//! are computed here from the original text, since the index keeps none.

mod fold;
pub(crate) mod query;
mod t2s_table;

pub use fold::{fold, to_simplified};

use crate::model::{Color, Id};
use crate::{store, Result};
use fold::{find_segment, fold_with_origin};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use ts_rs::TS;

/// The version of the tokenisation. Changing folding or tokens changes this, and every library
/// rebuilds its index when it is next opened.
pub(crate) const FORMAT_VERSION: &str = "1";

/// Groups are ranked by bm25 only when they have at most this many matches: ranking reads every
/// match, which for a common word in a large library takes hundreds of milliseconds. Larger
/// groups are listed newest first.
const RANK_LIMIT: u32 = 2_000;

/// Counting stops here: counting every match of a very common word reads its whole posting
/// list (tens of milliseconds at 100,000s of passages), and nobody pages that far; the group
/// then says its total is a lower bound.
const COUNT_LIMIT: u32 = 10_000;

/// What kind of thing a hit is; results are grouped by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HitKind {
    /// An article's title.
    Title,
    /// A passage of an article's text.
    Passage,
    /// A highlight's quote.
    Highlight,
    /// A note's body (on an article, a passage or a highlight).
    Note,
}

/// A stretch of text by code-point offsets, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TextSpan {
    pub start: u32,
    pub end: u32,
}

/// How many results to give per group, and from where.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchOptions {
    /// At most this many hits per group (1 to 200).
    pub limit: u32,
    /// Skip this many hits of each group (for the next page).
    pub offset: u32,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 20, offset: 0 }
    }
}

/// One thing found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchHit {
    pub kind: HitKind,
    #[ts(type = "number")]
    pub article_id: Id,
    pub article_title: String,
    /// The passage's ordinal, for a passage hit.
    pub passage_ordinal: Option<u32>,
    /// The highlight, for a highlight hit or a note on a highlight.
    #[ts(type = "number | null")]
    pub highlight_id: Option<Id>,
    /// The note, for a note hit.
    #[ts(type = "number | null")]
    pub note_id: Option<Id>,
    /// The highlight's colour, for a highlight or a note on one.
    pub color: Option<Color>,
    /// Where the hit's text starts in the article's text (passages and anchored highlights):
    /// add it to `matches` to get offsets in [`Article::text`](crate::Article::text).
    pub article_offset: Option<u32>,
    /// Where the query matched in the hit's text (the title, passage, quote or note body).
    pub matches: Vec<TextSpan>,
    /// The same matches as offsets in the article's text, when the hit is part of it
    /// (passages and anchored highlights); empty otherwise.
    pub article_matches: Vec<TextSpan>,
    /// A stretch of the hit's text around the first match, with `…` where it was cut.
    pub snippet: String,
    /// The matches inside `snippet`.
    pub snippet_marks: Vec<TextSpan>,
    /// bm25 (lower is better) when the group was ranked.
    pub score: Option<f64>,
}

/// The hits of one kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchGroup {
    pub kind: HitKind,
    /// How many things of this kind match in all (at least this many when `total_exact` is
    /// false: counting stops at 10,000).
    pub total: u32,
    pub total_exact: bool,
    /// True when ordered by relevance; false when there were too many to rank and they are
    /// newest first.
    pub ranked: bool,
    pub hits: Vec<SearchHit>,
}

/// What a search found: groups in the order titles, highlights, notes, passages (empty groups
/// left out). `total` is the sum of the groups' totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SearchResults {
    pub total: u32,
    pub groups: Vec<SearchGroup>,
}

/// What a rebuild of the index did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReindexReport {
    /// Rows indexed: titles, passages, highlights and notes.
    pub rows: u64,
    /// Bytes of text indexed (UTF-8).
    pub text_bytes: u64,
    /// Bytes the index takes.
    pub index_bytes: u64,
    pub millis: u64,
}

thread_local! {
    /// The last text tokenised and its three columns: the index's triggers call one function per
    /// column with the same text, and this makes the three calls tokenise once.
    static LAST: RefCell<Option<(String, [String; 3])>> = const { RefCell::new(None) };
}

/// Column `col` (0 unigrams, 1 bigrams, 2 words) of a text's index tokens.
pub(crate) fn index_columns(text: &str, col: usize) -> String {
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        if let Some((t, cols)) = last.as_ref() {
            if t == text {
                return cols[col].clone();
            }
        }
        let it = fold::index_text(text);
        let cols = [it.uni, it.bi, it.words];
        let out = cols[col].clone();
        *last = Some((text.to_owned(), cols));
        out
    })
}

/// Rebuilds the index (in the caller's transaction).
pub(crate) fn reindex(conn: &Connection) -> Result<ReindexReport> {
    let t = std::time::Instant::now();
    let r = store::search::rebuild(conn)?;
    let millis = t.elapsed().as_millis() as u64;
    Ok(ReindexReport {
        rows: r.rows,
        text_bytes: r.text_bytes,
        index_bytes: store::search::index_bytes(conn)?,
        millis,
    })
}

/// Runs a query.
pub(crate) fn run(conn: &Connection, input: &str, opts: &SearchOptions) -> Result<SearchResults> {
    let q = query::parse(input)?;
    let Some(fts) = q.fts() else { return Ok(SearchResults { total: 0, groups: Vec::new() }) };
    let limit = opts.limit.clamp(1, 200);
    let f = &q.filters;
    let tag_ids = store::search::tag_filter_ids(conn, &f.tags)?;
    let wanted = f.groups.unwrap_or(query::Groups {
        titles: true,
        passages: true,
        highlights: true,
        notes: true,
    });
    let order = [
        (HitKind::Title, wanted.titles),
        (HitKind::Highlight, wanted.highlights),
        (HitKind::Note, wanted.notes),
        (HitKind::Passage, wanted.passages),
    ];
    let mut groups = Vec::new();
    for (kind, want) in order {
        if !want {
            continue;
        }
        let total = store::search::count(conn, kind, &fts, f, &tag_ids, COUNT_LIMIT + 1)?;
        let total_exact = total <= COUNT_LIMIT;
        let total = total.min(COUNT_LIMIT);
        if total == 0 {
            continue;
        }
        let ranked = total <= RANK_LIMIT;
        let rows = store::search::page(conn, kind, &fts, f, &tag_ids, ranked, limit, opts.offset)?;
        let mut hits = Vec::with_capacity(rows.len());
        for (id, score) in rows {
            if let Some(src) = store::search::hit_source(conn, kind, id)? {
                hits.push(make_hit(&q, kind, id, src, score));
            }
        }
        groups.push(SearchGroup { kind, total, total_exact, ranked, hits });
    }
    let total = groups.iter().map(|g| g.total).sum();
    Ok(SearchResults { total, groups })
}

fn make_hit(
    q: &query::Query,
    kind: HitKind,
    id: Id,
    src: store::search::HitSource,
    score: Option<f64>,
) -> SearchHit {
    let matches = match_spans(q, &src.text);
    let (snippet, snippet_marks) = snippet(&src.text, &matches);
    let article_matches = match src.article_offset {
        Some(o) => {
            matches.iter().map(|m| TextSpan { start: m.start + o, end: m.end + o }).collect()
        }
        None => Vec::new(),
    };
    SearchHit {
        kind,
        article_id: src.article_id,
        article_title: src.article_title,
        passage_ordinal: src.passage_ordinal,
        highlight_id: src.highlight_id,
        note_id: (kind == HitKind::Note).then_some(id),
        color: src.color.as_deref().and_then(Color::parse),
        article_offset: src.article_offset,
        matches,
        article_matches,
        snippet,
        snippet_marks,
        score,
    }
}

/// Where the query's positive terms occur in `text`, in code points of `text`, sorted and with
/// overlaps merged.
pub(crate) fn match_spans(q: &query::Query, text: &str) -> Vec<TextSpan> {
    let f = fold_with_origin(text);
    let mut spans: Vec<(u32, u32)> = Vec::new();
    for term in q.positive_terms() {
        let last = term.segments.len().saturating_sub(1);
        for (i, seg) in term.segments.iter().enumerate() {
            for (a, b) in find_segment(&f, seg, term.prefix && i == last) {
                spans.push((f.origin[a], f.origin[b - 1] + 1));
            }
        }
    }
    spans.sort_unstable();
    let mut merged: Vec<TextSpan> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(m) if s <= m.end => m.end = m.end.max(e),
            _ => merged.push(TextSpan { start: s, end: e }),
        }
    }
    merged
}

/// Characters of context shown before the first match, and the snippet's length.
const SNIPPET_BEFORE: usize = 30;
const SNIPPET_LEN: usize = 120;

/// A window of `text` around its first match, and the matches inside it.
fn snippet(text: &str, matches: &[TextSpan]) -> (String, Vec<TextSpan>) {
    let chars: Vec<char> = text.chars().collect();
    let first = matches.first().map_or(0, |m| m.start as usize);
    let mut start = first.saturating_sub(SNIPPET_BEFORE);
    let end = (start + SNIPPET_LEN).min(chars.len());
    if end - start < SNIPPET_LEN {
        start = end.saturating_sub(SNIPPET_LEN);
    }
    let mut out = String::new();
    let lead = if start > 0 { "…" } else { "" };
    out.push_str(lead);
    out.extend(chars[start..end].iter().map(|&c| if c == '\n' { ' ' } else { c }));
    if end < chars.len() {
        out.push('…');
    }
    let shift = lead.chars().count() as u32;
    let marks = matches
        .iter()
        .filter(|m| (m.start as usize) < end && (m.end as usize) > start)
        .map(|m| TextSpan {
            start: (m.start.max(start as u32) - start as u32) + shift,
            end: (m.end.min(end as u32) - start as u32) + shift,
        })
        .collect();
    (out, marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_the_match_in_a_long_text() {
        let text = format!("{}算力{}", "字".repeat(100), "尾".repeat(100));
        let q = query::parse("算力").unwrap();
        let m = match_spans(&q, &text);
        assert_eq!(m, vec![TextSpan { start: 100, end: 102 }]);
        let (s, marks) = snippet(&text, &m);
        let chars: Vec<char> = s.chars().collect();
        let mk = marks[0];
        assert_eq!(chars[mk.start as usize..mk.end as usize].iter().collect::<String>(), "算力");
        assert!(s.starts_with('…') && s.ends_with('…'));
    }
}
