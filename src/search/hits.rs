//! What a hit shows: where the query matched in its text, and a snippet around the first match;
//! and the reader's find, which compares text as search does.

use super::fold::{find_segment, fold, fold_with_origin};
use super::query::Query;
use super::{HitKind, SearchHit, TextSpan};
use crate::model::{Color, Id};

/// The text a hit was found in, and what the result shows about it (the store reads it).
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

/// The hit `id` of `kind`, from its source: match positions, snippet and score.
pub(crate) fn make_hit(
    q: &Query,
    kind: HitKind,
    id: Id,
    src: HitSource,
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
pub(crate) fn match_spans(q: &Query, text: &str) -> Vec<TextSpan> {
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

/// Every occurrence of `needle` in `text` as search compares text (NFKC, case, Traditional to
/// Simplified: `資料` finds `资料`), as code-point spans of `text`, left to right, not
/// overlapping, at most `max`. White space around `needle` is ignored. The reader's find.
pub fn find_all(text: &str, needle: &str, max: usize) -> Vec<TextSpan> {
    let n: Vec<char> = fold(needle.trim()).chars().collect();
    let mut out = Vec::new();
    if n.is_empty() {
        return out;
    }
    let f = fold_with_origin(text);
    let len = f.chars.len();
    let mut i = 0;
    while i + n.len() <= len && out.len() < max {
        let j = i + n.len(); // one past the match, in folded characters
                             // A match covers whole characters of the text: a character that folds to several must
                             // be matched entirely or not at all.
        let whole = (i == 0 || f.origin[i - 1] != f.origin[i])
            && (j == len || f.origin[j] != f.origin[j - 1]);
        if whole && f.chars[i..j] == n[..] {
            out.push(TextSpan { start: f.origin[i], end: f.origin[j - 1] + 1 });
            i = j;
        } else {
            i += 1;
        }
    }
    out
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
    fn find_all_folds_like_search_and_counts_code_points() {
        let text = "資料中心的资料，ＧＰＴ-3与gpt-3；𠮷野家😀资料\n料资";
        let spans = |q: &str| -> Vec<(u32, u32)> {
            find_all(text, q, 100).iter().map(|s| (s.start, s.end)).collect()
        };
        // Traditional and Simplified find each other; offsets are code points (𠮷 and 😀 count one).
        assert_eq!(spans("资料"), vec![(0, 2), (5, 7), (24, 26)]);
        assert_eq!(spans("資料"), spans("资料"));
        // Width and case.
        assert_eq!(spans("gpt-3"), vec![(8, 13), (14, 19)]);
        assert_eq!(spans("  GPT-3 "), spans("gpt-3"));
        assert_eq!(spans("𠮷野家😀"), vec![(20, 24)]);
        // No match across the line between passages, none for white space alone, and the cap.
        assert_eq!(spans("料\n料"), vec![(25, 28)]);
        assert!(spans("资料料资").is_empty());
        assert!(spans("  ").is_empty());
        assert_eq!(find_all(text, "资料", 2).len(), 2);
        // Non-overlapping, left to right.
        assert_eq!(find_all("aaaa", "aa", 10).len(), 2);
    }

    #[test]
    fn snippet_marks_the_match_in_a_long_text() {
        let text = format!("{}算力{}", "字".repeat(100), "尾".repeat(100));
        let q = super::super::query::parse("算力").unwrap();
        let m = match_spans(&q, &text);
        assert_eq!(m, vec![TextSpan { start: 100, end: 102 }]);
        let (s, marks) = snippet(&text, &m);
        let chars: Vec<char> = s.chars().collect();
        let mk = marks[0];
        assert_eq!(chars[mk.start as usize..mk.end as usize].iter().collect::<String>(), "算力");
        assert!(s.starts_with('…') && s.ends_with('…'));
    }
}
