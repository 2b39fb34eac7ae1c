//! Folding and tokenising text for the search index.
//!
//! The index is contentless, so the same code must turn both the stored text and the query into
//! tokens; everything that decides what matches what lives here. Folding is done one original
//! character at a time so that every folded character remembers which original character it came
//! from: that is how match positions are reported in the original text.

use super::t2s_table::T2S;
use crate::text::is_cjk;
use unicode_normalization::UnicodeNormalization;

/// A token that never comes out of folding (a private-use character is neither CJK nor
/// alphanumeric here) and so never matches a query. It is put between runs of text that were not
/// adjacent, so that a phrase cannot match across them.
pub(crate) const BREAK: char = '\u{E000}';

/// Folds one character to what the index compares: NFKC (full-width ＡＰＩ becomes API), lower
/// case, and Traditional Chinese to Simplified.
fn fold_char(c: char, mut push: impl FnMut(char)) {
    if c.is_ascii() {
        push(c.to_ascii_lowercase());
        return;
    }
    // Unified ideographs have no compatibility decomposition and no case: skip NFKC for speed.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        push(to_simplified(c));
        return;
    }
    for d in std::iter::once(c).nfkc() {
        for l in d.to_lowercase() {
            push(to_simplified(l));
        }
    }
}

/// The Simplified form of a Traditional (or variant) character; other characters unchanged.
pub fn to_simplified(c: char) -> char {
    if (c as u32) < 0x3400 {
        return c;
    }
    match T2S.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => T2S[i].1,
        Err(_) => c,
    }
}

/// Folds a whole text (see [`fold_char`]). Exposed so that tests and tools can compare what
/// search compares.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// A folded text with, for each folded character, the code-point offset of the original
/// character it came from.
pub(crate) struct Folded {
    pub chars: Vec<char>,
    pub origin: Vec<u32>,
}

pub(crate) fn fold_with_origin(text: &str) -> Folded {
    let mut chars = Vec::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        fold_char(c, |f| {
            chars.push(f);
            origin.push(i as u32);
        });
    }
    Folded { chars, origin }
}

/// How a folded character takes part in tokens.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Written without spaces between words: indexed as pairs of adjacent characters (and each
    /// character once).
    Cjk,
    /// Part of a space-separated word.
    Word,
    /// Anything else separates tokens.
    Sep,
}

pub(crate) fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Sep
    }
}

/// What goes into the two columns of the index for one text: space-separated tokens.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct IndexText {
    /// In text order: every pair of adjacent CJK characters and every other word, with
    /// [`BREAK`] wherever two runs were not adjacent (so that no phrase matches across them).
    pub t: String,
    /// Each CJK character of the text once, in code-point order: what a one-character query
    /// looks for. Only presence matters there, so repeats would only cost index space.
    pub u: String,
}

fn push_token(col: &mut String, tok: impl FnOnce(&mut String)) {
    if !col.is_empty() {
        col.push(' ');
    }
    tok(col);
}

/// The runs of word characters and of CJK characters in folded `chars`, in order, separators
/// left out: the one splitting that both the index and queries use.
fn runs(chars: &[char]) -> impl Iterator<Item = (Class, std::ops::Range<usize>)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < chars.len() && class(chars[i]) == Class::Sep {
            i += 1;
        }
        let kind = class(*chars.get(i)?);
        let start = i;
        while i < chars.len() && class(chars[i]) == kind {
            i += 1;
        }
        Some((kind, start..i))
    })
}

/// A break token, unless the tokens are empty or already end with one.
fn push_break(t: &mut String) {
    if !t.is_empty() && !t.ends_with(BREAK) {
        push_token(t, |s| s.push(BREAK));
    }
}

/// Tokenises a text for the index.
pub(crate) fn index_text(text: &str) -> IndexText {
    let mut chars: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| chars.push(f));
    }
    let mut t = String::with_capacity(text.len() * 2);
    let mut cjk: Vec<char> = Vec::new();
    // Whether the last run was CJK: a word after CJK text must not be adjacent to the word
    // before it, and a CJK run always starts after a break (its pairs must not continue the
    // pairs of the run before it).
    let mut after_cjk = false;
    for (kind, range) in runs(&chars) {
        let run = &chars[range];
        if kind == Class::Word {
            if after_cjk {
                push_break(&mut t);
            }
            push_token(&mut t, |s| s.extend(run));
            after_cjk = false;
            continue;
        }
        push_break(&mut t);
        for w in run.windows(2) {
            push_token(&mut t, |s| {
                s.push(w[0]);
                s.push(w[1]);
            });
        }
        cjk.extend_from_slice(run);
        after_cjk = true;
    }
    cjk.sort_unstable();
    cjk.dedup();
    let mut u = String::with_capacity(cjk.len() * 4);
    for c in cjk {
        push_token(&mut u, |s| s.push(c));
    }
    IndexText { t, u }
}

/// A piece of a query term, as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    /// Consecutive words (one word, or a phrase such as `gpt 3` from `GPT-3`).
    Words(Vec<String>),
    /// A run of CJK characters: matched as a substring.
    Cjk(Vec<char>),
}

/// Splits a query term (or a quoted phrase) into the segments it must match.
pub(crate) fn segments(term: &str) -> Vec<Segment> {
    let chars: Vec<char> = fold(term).chars().collect();
    let mut segs = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for (kind, range) in runs(&chars) {
        if kind == Class::Word {
            words.push(chars[range].iter().collect());
            continue;
        }
        if !words.is_empty() {
            segs.push(Segment::Words(std::mem::take(&mut words)));
        }
        segs.push(Segment::Cjk(chars[range].to_vec()));
    }
    if !words.is_empty() {
        segs.push(Segment::Words(words));
    }
    segs
}

/// Where a segment occurs in a folded text, as half-open ranges of folded character indices.
pub(crate) fn find_segment(f: &Folded, seg: &Segment, prefix: bool) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    match seg {
        Segment::Cjk(run) => {
            if run.is_empty() || run.len() > f.chars.len() {
                return found;
            }
            for s in 0..=f.chars.len() - run.len() {
                if f.chars[s..s + run.len()] == run[..] {
                    found.push((s, s + run.len()));
                }
            }
        }
        Segment::Words(ws) => {
            // The word column of the index: words, and a break where CJK text intervened.
            let mut toks: Vec<Option<(usize, usize)>> = Vec::new();
            let mut i = 0;
            while i < f.chars.len() {
                match class(f.chars[i]) {
                    Class::Sep => i += 1,
                    Class::Word => {
                        let s = i;
                        while i < f.chars.len() && class(f.chars[i]) == Class::Word {
                            i += 1;
                        }
                        toks.push(Some((s, i)));
                    }
                    Class::Cjk => {
                        while i < f.chars.len() && class(f.chars[i]) == Class::Cjk {
                            i += 1;
                        }
                        toks.push(None);
                    }
                }
            }
            let wcs: Vec<Vec<char>> = ws.iter().map(|w| w.chars().collect()).collect();
            let eq = |tok: Option<(usize, usize)>, wc: &[char], last: bool| -> bool {
                let Some((s, e)) = tok else { return false };
                let t = &f.chars[s..e];
                if last && prefix {
                    t.starts_with(wc)
                } else {
                    t == wc
                }
            };
            if ws.is_empty() || ws.len() > toks.len() {
                return found;
            }
            for s in 0..=toks.len() - ws.len() {
                if wcs.iter().enumerate().all(|(k, w)| eq(toks[s + k], w, k + 1 == ws.len())) {
                    if let (Some((a, _)), Some((_, b))) = (toks[s], toks[s + ws.len() - 1]) {
                        found.push((a, b));
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_and_traditional() {
        assert_eq!(fold("ＡＰＩ數據GPT"), "api数据gpt");
        assert_eq!(to_simplified('後'), '后');
        assert_eq!(to_simplified('数'), '数');
    }

    #[test]
    fn tokenises_runs_and_words() {
        let t = index_text("算力、场景 GPT-3参数，钱");
        assert_eq!(t.t, format!("算力 {BREAK} 场景 {BREAK} gpt 3 {BREAK} 参数 {BREAK}"));
        // Each character once, in code-point order.
        assert_eq!(t.u, "力 参 场 数 景 算 钱");
        let t = index_text("AI 芯片 market 钱 money");
        assert_eq!(t.t, format!("ai {BREAK} 芯片 {BREAK} market {BREAK} money"));
        assert_eq!(index_text("no cjk at all").u, "");
    }

    #[test]
    fn segments_of_mixed_terms() {
        assert_eq!(
            segments("GPT-3参数"),
            vec![Segment::Words(vec!["gpt".into(), "3".into()]), Segment::Cjk(vec!['参', '数'])]
        );
    }

    #[test]
    fn finds_positions_in_the_original_text() {
        let f = fold_with_origin("ＧＰＴ-3 與數據");
        let seg = Segment::Cjk(vec!['数', '据']);
        let hits = find_segment(&f, &seg, false);
        assert_eq!(hits.len(), 1);
        let (a, b) = hits[0];
        assert_eq!((f.origin[a], f.origin[b - 1] + 1), (7, 9));
        let w = Segment::Words(vec!["gpt".into(), "3".into()]);
        assert_eq!(find_segment(&f, &w, false), vec![(0, 5)]);
    }
}
