//! Anchoring: describing a stretch of an article's text so that it can be found again, and
//! finding it again after the text changed.
//!
//! A highlight is stored twice: as a position (code-point offsets, W3C TextPositionSelector) and as
//! a quote with a little context on each side (W3C TextQuoteSelector, [`Quote`]). When the text
//! changes, [`AnchorText::locate`] tries, in order, the old position, an exact search for the
//! quote, and a fuzzy search (Myers' bit-parallel matcher in [`myers`]). Whatever cannot be found
//! with confidence is reported as `None`, an orphan: the caller shows it apart rather than drop it.
//!
//! Architecture invariant: every offset here counts Unicode scalar values (`char`s), never bytes
//! or UTF-16 units; conversions live in [`crate::text`].
//!
//! The guiding rule is to never attach a highlight to the wrong text. Losing an anchor is visible
//! and recoverable (the orphan keeps its quote); a highlight silently moved onto an unrelated
//! passage is neither. Every threshold below errs towards an orphan.

mod myers;
pub(crate) mod reanchor;

use std::sync::OnceLock;

use myers::{Alphabet, Mode, Peq};

/// How many characters of context are kept before and after a quote.
pub const CONTEXT_CHARS: usize = 32;

/// The W3C TextQuoteSelector of a stretch of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// How a quote was found again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// At its old position, with the same text.
    Position,
    /// The exact quote elsewhere.
    Exact,
    /// An approximate match.
    Fuzzy,
}

/// Where a quote was found: code-point offsets into the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub start: usize,
    pub end: usize,
    pub how: Found,
}

/// A text prepared once for anchoring many quotes in it.
///
/// Offsets taken and returned are code points. The symbol table the fuzzy matcher needs is built
/// on first use, so texts whose highlights all anchor by position or exact search never pay for it.
pub struct AnchorText {
    /// The text as stored, for [`AnchorText::describe`] and [`AnchorText::find_exact`].
    original: String,
    original_chars: Vec<char>,
    /// `original_starts[i]` is the byte offset of `original_chars[i]` in `original`.
    original_starts: Vec<usize>,
    /// The text folded character by character ([`fold_char`]): what `locate` matches against.
    /// Folding maps one character to one, so its offsets are the stored text's.
    text: String,
    chars: Vec<char>,
    /// `byte_starts[i]` is the byte offset of `chars[i]` in `text`, to turn substring-search
    /// results (bytes) into code points.
    byte_starts: Vec<usize>,
    symbols: OnceLock<(Alphabet, Vec<u32>)>,
}

/// One character as `locate` compares it: its NFKC form when that is a single character (full-
/// width `，：；！？（）` and letters become ASCII, compatibility ideographs their unified form,
/// the ideographic space a space), and the full stop and curly quotes of Chinese typesetting as
/// their ASCII counterparts (an editor switching input method switches those too). A character
/// whose NFKC form is several characters (`…`, `㎏`) stays itself, so that offsets never shift.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{0}'..='\u{7F}' => c,
        // Unified ideographs and kana are their own NFKC form: the common case, made cheap.
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' => c,
        '。' | '｡' => '.',
        // Full-width ASCII: NFKC maps each to the ASCII character 0xFEE0 below it.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        // The rest of CJK punctuation and the Hangul syllables are their own NFKC form.
        '\u{3001}'..='\u{3035}' | '\u{303B}'..='\u{303F}' | '\u{AC00}'..='\u{D7A3}' => c,
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        _ => nfkc_char(c),
    }
}

/// The NFKC form of `c` when it is one character, else `c`.
fn nfkc_char(c: char) -> char {
    use unicode_normalization::UnicodeNormalization;
    let mut it = std::iter::once(c).nfkc();
    match (it.next(), it.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

fn fold(s: &str) -> Vec<char> {
    s.chars().map(fold_char).collect()
}

/// Exact context agreement that makes an exact occurrence trustworthy on its own: this many
/// characters (or the whole stored context, if shorter) must match right next to it. Eight
/// characters of context on top of the quote rule out coincidences even for one-word quotes.
const CONTEXT_NEEDED: usize = 8;

/// A short quote's candidate this close to the old start (code points) counts as in place: the
/// stored context is 32 characters on each side, so an insertion or deletion that moved it no
/// further is at most the size of the context it describes.
const NEAR_CHARS: usize = 2 * CONTEXT_CHARS;

/// Even in place, a short quote's candidate needs this much of its stored context around it
/// (see [`AnchorText::context_score`]), or three eighths of it intact right next to it: when
/// its own words were deleted, the same words a few characters on share a side of context at
/// most.
const NEAR_CONTEXT: f64 = 0.6;

/// A short quote's candidate elsewhere is accepted only if the context inside its passage
/// agrees at least this well (see [`AnchorText::passage_score`]): a moved paragraph keeps it
/// whole, while a phrase repeated in another sentence (or another link of a list of links)
/// keeps part of it.
const SAME_PASSAGE: f64 = 0.95;

/// A fuzzy match of a quote shorter than this (one error in four to seven characters) is accepted
/// only in its own passage (see [`SAME_PASSAGE`]).
const SHORT_FUZZY_CHARS: usize = 8;

/// The weight, in characters of context, of a quote starting or ending its passage.
const BOUNDARY_WEIGHT: f64 = 8.0;

/// Two fuzzy candidates in different places whose scores are this close are a tie that the
/// evidence cannot break: the highlight becomes an orphan rather than a guess.
const AMBIGUOUS: f64 = 0.02;

/// A quote at least this long is its own evidence when it occurs exactly once: sixteen characters
/// are a clause in Chinese and three or four words in English, rarely repeated by chance.
const SELF_EVIDENT_CHARS: usize = 16;

/// Quotes shorter than this are never searched fuzzily: with `m / 4` errors allowed a shorter
/// quote would allow none, and the exact search has already failed.
const MIN_FUZZY_CHARS: usize = 4;

/// Quotes longer than this are not searched fuzzily, which bounds the cost at
/// `O(n * MAX_FUZZY_CHARS / 64)` word steps (about 6 million for a 50,000-character text).
const MAX_FUZZY_CHARS: usize = 8192;

/// At most this many approximate matches (the best by error count, then closeness) are scored.
const MAX_CANDIDATES: usize = 32;

/// Weights of the fuzzy score (see [`AnchorText::locate`]). The quote dominates; context on each
/// side counts in proportion to how many characters of it were stored; closeness only breaks ties.
const W_QUOTE: f64 = 50.0;
const W_PREFIX: f64 = 20.0;
const W_SUFFIX: f64 = 20.0;
const W_CLOSE: f64 = 2.0;

/// A fuzzy candidate is accepted only if its normalised score reaches this. A perfect quote then
/// still needs about half of its stored context to agree (random English context agrees at about
/// 0.35–0.45 by edit distance, so chance does not get there); a quote with the full `m / 4`
/// errors needs nearly all of its context intact.
const ACCEPT: f64 = 0.8;

/// A quote of at least this many characters found with at most a tenth of its characters wrong,
/// and with no other approximate match anywhere, is accepted even if its context was rewritten.
const SELF_EVIDENT_FUZZY_CHARS: usize = 32;

/// The most errors the fuzzy search allows for a quote of `m` characters: a quarter of them, at
/// most 256.
///
/// Hypothesis allows half. Half is too loose for English: two random English strings of the same
/// length are often within 50-60% edit distance of each other, so a deleted passage could land on
/// unrelated text. At a quarter, a false match needs three quarters of the quote's characters in
/// order, which does not happen by chance for quotes of four or more characters; true matches
/// after a few typos are well inside it.
pub fn max_errors(m: usize) -> usize {
    (m / 4).min(256)
}

impl AnchorText {
    /// Prepares `text` for anchoring.
    pub fn new(text: &str) -> AnchorText {
        let mut original_chars = Vec::with_capacity(text.len());
        let mut original_starts = Vec::with_capacity(text.len());
        for (b, c) in text.char_indices() {
            original_chars.push(c);
            original_starts.push(b);
        }
        let chars: Vec<char> = original_chars.iter().map(|&c| fold_char(c)).collect();
        let folded: String = chars.iter().collect();
        let byte_starts = folded.char_indices().map(|(b, _)| b).collect();
        AnchorText {
            original: text.to_owned(),
            original_chars,
            original_starts,
            text: folded,
            chars,
            byte_starts,
            symbols: OnceLock::new(),
        }
    }

    /// The length of the text in code points.
    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// True if and only if the text is empty.
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The quote and its context for `start..end` (code points), or `None` if the range is
    /// empty or outside the text.
    pub fn describe(&self, start: usize, end: usize) -> Option<Quote> {
        if start >= end || end > self.chars.len() {
            return None;
        }
        let from = start.saturating_sub(CONTEXT_CHARS);
        let to = (end + CONTEXT_CHARS).min(self.chars.len());
        Some(Quote {
            exact: self.original_chars[start..end].iter().collect(),
            prefix: self.original_chars[from..start].iter().collect(),
            suffix: self.original_chars[end..to].iter().collect(),
        })
    }

    /// Every start offset (code points, ascending) at which `exact` occurs, overlapping
    /// occurrences included. An empty `exact` occurs nowhere.
    pub fn find_exact(&self, exact: &str) -> Vec<usize> {
        find_all(&self.original, &self.original_starts, exact)
    }

    /// Like [`AnchorText::find_exact`], with both sides folded ([`fold_char`]).
    fn find_folded(&self, folded: &str) -> Vec<usize> {
        find_all(&self.text, &self.byte_starts, folded)
    }

    /// Finds `quote` again; `hint` is where it was (`start..end`, code points). `None` means it
    /// is gone or cannot be placed with confidence: an orphan.
    ///
    /// Text is compared folded ([`fold_char`]: NFKC and punctuation width, one character to
    /// one), so offsets are the stored text's. A quote is *short* below 16 characters; a
    /// candidate is *in its passage* when it is within 64 characters of the old start with the
    /// stored context mostly around it, or when the context inside its passage (up to the
    /// nearest line breaks) agrees at 0.95 or better (`passage_score`). The steps,
    /// each tried only if the previous one failed:
    ///
    /// 1. Position: the text at `hint` is the quote (folded), and the quote is long, or occurs
    ///    only there, or keeps `min(8, stored)` characters of context next to it and its passage.
    /// 2. Exact search. Each occurrence gets an agreement count: how many characters of the
    ///    stored prefix match the text right before it (counting backwards to the first
    ///    mismatch) plus how many of the stored suffix match right after it. The occurrence with
    ///    the highest agreement wins, ties going to the one closest to the old start. It is
    ///    accepted if no context was stored at all (the quote was the whole text), or if its
    ///    agreement reaches `min(8, stored context length)` and it is the only occurrence near
    ///    the old place or in its passage. A long quote occurring once is kept in reserve: it is
    ///    accepted after step 3 finds nothing, if it is near or keeps some context.
    /// 3. Fuzzy search with at most [`max_errors`] errors. Each approximate match gets the score
    ///    `(50 q + 20 (P/32) p + 20 (S/32) s + 2 c) / (50 + 20 P/32 + 20 S/32 + 2)`, where `q` is
    ///    1 minus the quote's error rate, `p` and `s` are 1 minus the edit distance between the
    ///    stored prefix (suffix) and the text before (after) the match, read outwards and with the
    ///    far end free, divided by the stored length, `P` and `S` are the stored context lengths,
    ///    and `c` is 1 minus the distance from the old start as a fraction of the text length.
    ///    The best match is accepted if the quote has at least 32 characters, at most a tenth of
    ///    them wrong, and no other approximate match exists; or if the score is at least 0.8, no
    ///    match elsewhere scores within 0.02 of it, and a short quote is in its passage (under
    ///    8 characters: in its passage by context, or the sole exact match near the old place).
    ///
    /// Never panics: empty quotes, quotes longer than the text and hints outside it are handled
    /// (an empty quote is always an orphan).
    pub fn locate(&self, quote: &Quote, hint: (usize, usize)) -> Option<Located> {
        let original: Vec<char> = quote.exact.chars().collect();
        if original.is_empty() {
            return None;
        }
        let (hs, he) = hint;
        let at_hint =
            |chars: &[char], q: &[char]| hs <= he && he <= chars.len() && chars[hs..he] == q[..];
        let exact = fold(&quote.exact);
        let prefix = fold(&quote.prefix);
        let suffix = fold(&quote.suffix);
        let hint_start = hs.min(self.chars.len());
        let context = Context { prefix: &prefix, suffix: &suffix, hint_start };
        // A short quote at its old place must keep some of its context there too: after an
        // edit elsewhere, another copy of a short phrase can land on the old offsets.
        let in_place = || {
            let stored = prefix.len() + suffix.len();
            exact.len() >= SELF_EVIDENT_CHARS
                || self.agreement(hs, he, &context) >= stored.min(CONTEXT_NEEDED)
                    && self.passage_score(hs, he, &context) >= SAME_PASSAGE
                || self.find_folded(&exact.iter().collect::<String>()).len() == 1
        };
        if at_hint(&self.original_chars, &original) && in_place() {
            return Some(Located { start: hs, end: he, how: Found::Position });
        }
        if at_hint(&self.chars, &exact) && in_place() {
            // The same words, only their punctuation's width changed.
            return Some(Located { start: hs, end: he, how: Found::Exact });
        }
        let folded: String = exact.iter().collect();
        let m = exact.len();
        let (trusted, sole_long) = self.locate_exact(&folded, m, &context);
        if let Some(start) = trusted {
            return Some(Located { start, end: start + m, how: Found::Exact });
        }
        // A long quote found exactly once, but not in its passage: the quote may have been
        // edited in place and this be a copy of it, so an approximate match in place comes first.
        self.locate_fuzzy(&exact, &context)
            .map(|(start, end)| Located { start, end, how: Found::Fuzzy })
            .or_else(|| sole_long.map(|start| Located { start, end: start + m, how: Found::Exact }))
    }

    /// Step 2 of [`AnchorText::locate`]: the start of the trusted exact occurrence, if any.
    ///
    /// Gives the trusted occurrence, and else the sole occurrence of a long quote (trusted only
    /// if the fuzzy step finds nothing better).
    fn locate_exact(&self, exact: &str, m: usize, cx: &Context) -> (Option<usize>, Option<usize>) {
        let occurrences = self.find_folded(exact);
        let stored = cx.prefix.len() + cx.suffix.len();
        let Some((best, agreement)) = occurrences
            .iter()
            .map(|&start| (start, self.agreement(start, start + m, cx)))
            .max_by(|a, b| a.1.cmp(&b.1).then(cx.distance(b.0).cmp(&cx.distance(a.0))))
        else {
            return (None, None);
        };
        // A sole occurrence near the old place needs only the context next to it; one among
        // several copies, or far away, must be in its own passage.
        let sole_near = occurrences.len() == 1 && cx.distance(best) <= NEAR_CHARS;
        let placed = || {
            agreement >= stored.min(CONTEXT_NEEDED)
                && (sole_near || self.same_passage(best, best + m, cx))
        };
        if stored == 0 || placed() {
            return (Some(best), None);
        }
        // Some evidence that it is the same place is still needed: near, or some context kept.
        let sole_long = occurrences.len() == 1
            && m >= SELF_EVIDENT_CHARS
            && (cx.distance(best) <= NEAR_CHARS
                || self.context_score(best, best + m, cx) >= NEAR_CONTEXT);
        (None, sole_long.then_some(best))
    }

    /// True when a short quote's candidate is where the highlight was, or in the same passage
    /// moved elsewhere: it is within [`NEAR_CHARS`] of the old start, or the text around it is
    /// mostly the stored context ([`SAME_PASSAGE`]). A short phrase is repeated often in an
    /// article, with a few identical characters around it; without this, a highlight whose own
    /// words were deleted would re-attach to another copy.
    fn same_passage(&self, start: usize, end: usize, cx: &Context) -> bool {
        let stored = cx.prefix.len() + cx.suffix.len();
        let near = cx.distance(start) <= NEAR_CHARS
            && (self.agreement(start, end, cx) * 8 >= stored * 3
                || self.context_score(start, end, cx) >= NEAR_CONTEXT);
        near || self.passage_score(start, end, cx) >= SAME_PASSAGE
    }

    /// Like [`AnchorText::context_score`], over the part of the context inside the quote's own
    /// passage (up to the nearest `'\n'` on each side, in the stored context and in the text),
    /// so that a paragraph moved elsewhere, whose neighbours changed, still scores 1. Where the
    /// stored context shows that the quote started (ended) its passage, that side scores 1 if and
    /// only if the candidate starts (ends) one too, weighted as [`BOUNDARY_WEIGHT`] characters.
    fn passage_score(&self, start: usize, end: usize, cx: &Context) -> f64 {
        let n = self.chars.len();
        let cut_p = cx.prefix.iter().rposition(|&c| c == '\n');
        let cut_s = cx.suffix.iter().position(|&c| c == '\n');
        let prefix = &cx.prefix[cut_p.map_or(0, |i| i + 1)..];
        let suffix = &cx.suffix[..cut_s.unwrap_or(cx.suffix.len())];
        let mut total = 0.0;
        let mut weight = 0.0;
        if !prefix.is_empty() {
            let lo = start.saturating_sub(2 * prefix.len());
            let from =
                self.chars[lo..start].iter().rposition(|&c| c == '\n').map_or(lo, |i| lo + i + 1);
            let before: Vec<char> = self.chars[from..start].iter().rev().copied().collect();
            let stored: Vec<char> = prefix.iter().rev().copied().collect();
            total += similarity(&stored, &before) * prefix.len() as f64;
            weight += prefix.len() as f64;
        } else if cut_p.is_some() {
            let starts = start == 0 || self.chars[start - 1] == '\n';
            total += if starts { BOUNDARY_WEIGHT } else { 0.0 };
            weight += BOUNDARY_WEIGHT;
        }
        if !suffix.is_empty() {
            let hi = (end + 2 * suffix.len()).min(n);
            let to = self.chars[end..hi].iter().position(|&c| c == '\n').map_or(hi, |i| end + i);
            total += similarity(suffix, &self.chars[end..to]) * suffix.len() as f64;
            weight += suffix.len() as f64;
        } else if cut_s.is_some() {
            let ends = end == n || self.chars[end] == '\n';
            total += if ends { BOUNDARY_WEIGHT } else { 0.0 };
            weight += BOUNDARY_WEIGHT;
        }
        if weight == 0.0 {
            1.0
        } else {
            total / weight
        }
    }

    /// How well the text around `start..end` agrees with the stored context, from 0 to 1: the
    /// prefix's and the suffix's similarity (see [`similarity`]), weighted by their stored
    /// lengths. 1 when no context was stored.
    fn context_score(&self, start: usize, end: usize, cx: &Context) -> f64 {
        let n = self.chars.len();
        let (lp, ls) = (cx.prefix.len(), cx.suffix.len());
        if lp + ls == 0 {
            return 1.0;
        }
        let before = &self.chars[start.saturating_sub(2 * lp)..start];
        let after = &self.chars[end..(end + 2 * ls).min(n)];
        let backwards = |cs: &[char]| cs.iter().rev().copied().collect::<Vec<char>>();
        let p = similarity(&backwards(cx.prefix), &backwards(before));
        let s = similarity(cx.suffix, after);
        (p * lp as f64 + s * ls as f64) / (lp + ls) as f64
    }

    /// Characters of stored context that match exactly right before `start` and right after
    /// `end`.
    fn agreement(&self, start: usize, end: usize, cx: &Context) -> usize {
        let before = cx
            .prefix
            .iter()
            .rev()
            .zip(self.chars[..start].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let after =
            cx.suffix.iter().zip(self.chars[end..].iter()).take_while(|(a, b)| a == b).count();
        before + after
    }

    fn symbols(&self) -> &(Alphabet, Vec<u32>) {
        self.symbols.get_or_init(|| Alphabet::of_text(&self.chars))
    }

    /// Step 3 of [`AnchorText::locate`]: the accepted approximate match, as `start..end`.
    fn locate_fuzzy(&self, exact: &[char], cx: &Context) -> Option<(usize, usize)> {
        let m = exact.len();
        let k = max_errors(m);
        if !(MIN_FUZZY_CHARS..=MAX_FUZZY_CHARS).contains(&m) || k == 0 {
            return None;
        }
        let (alphabet, ids) = self.symbols();
        let forward = Peq::new(exact.iter().copied(), alphabet);

        // Each true match shows up as a run of consecutive end positions within `k` errors, a
        // few characters wide. Keep the first and the last end with the run's fewest errors
        // (a typo at the quote's edge leaves both equally good; the context decides).
        let mut runs: Vec<Run> = Vec::new();
        let mut run: Option<Run> = None;
        myers::scan(&forward, Mode::Search, ids.iter().copied(), |j, d| {
            if d > k {
                runs.extend(run.take());
                return;
            }
            match &mut run {
                Some(r) if r.d < d => {}
                Some(r) if r.d == d => r.last = j + 1,
                _ => run = Some(Run { first: j + 1, last: j + 1, d }),
            }
        });
        runs.extend(run);
        let sole = runs.len() == 1;
        let mut ends: Vec<(usize, usize)> = runs
            .iter()
            .flat_map(|r| {
                [(r.first, r.d), (r.last, r.d)].into_iter().take(if r.first == r.last {
                    1
                } else {
                    2
                })
            })
            .collect();
        ends.sort_by_key(|&(end, d)| (d, cx.distance(end.saturating_sub(m))));
        ends.truncate(MAX_CANDIDATES);

        let backward = Peq::new(exact.iter().rev().copied(), alphabet);
        let mut scored: Vec<(f64, usize, usize, usize)> = Vec::new();
        for (end, d) in ends {
            let (start, d) = recover_start(&backward, ids, end, m, k, d);
            scored.push((self.score(start, end, m, d, cx), start, end, d));
        }
        let (score, start, end, d) = scored
            .iter()
            .copied()
            .max_by(|a, b| a.0.total_cmp(&b.0).then(cx.distance(b.1).cmp(&cx.distance(a.1))))?;
        let self_evident = sole && m >= SELF_EVIDENT_FUZZY_CHARS && d * 10 <= m;
        if self_evident {
            return Some((start, end));
        }
        // A rival elsewhere (not overlapping) that scores as well makes the choice a guess.
        let rival = scored
            .iter()
            .any(|&(s, rs, re, _)| (re <= start || rs >= end) && s >= score - AMBIGUOUS);
        // A short quote's one error is a large part of it: it must be in its own passage.
        let placed = if m < SHORT_FUZZY_CHARS {
            (sole && d == 0 && cx.distance(start) <= NEAR_CHARS)
                || self.passage_score(start, end, cx) >= SAME_PASSAGE
        } else {
            m >= SELF_EVIDENT_CHARS || sole || self.same_passage(start, end, cx)
        };
        (score >= ACCEPT && !rival && placed).then_some((start, end))
    }

    /// The normalised fuzzy score of the match `start..end` with `d` errors (see
    /// [`AnchorText::locate`]).
    fn score(&self, start: usize, end: usize, m: usize, d: usize, cx: &Context) -> f64 {
        let n = self.chars.len();
        let q = 1.0 - d as f64 / m as f64;
        // Twice the stored length, so that context shortened or lengthened by an edit is still
        // compared whole.
        let before = &self.chars[start.saturating_sub(2 * cx.prefix.len())..start];
        let after = &self.chars[end..(end + 2 * cx.suffix.len()).min(n)];
        let wp = W_PREFIX * cx.prefix.len() as f64 / CONTEXT_CHARS as f64;
        let ws = W_SUFFIX * cx.suffix.len() as f64 / CONTEXT_CHARS as f64;
        let backwards = |cs: &[char]| cs.iter().rev().copied().collect::<Vec<char>>();
        let p = similarity(&backwards(cx.prefix), &backwards(before));
        let s = similarity(cx.suffix, after);
        let c = 1.0 - cx.distance(start) as f64 / n.max(1) as f64;
        (W_QUOTE * q + wp * p + ws * s + W_CLOSE * c) / (W_QUOTE + wp + ws + W_CLOSE)
    }
}

/// Every start (code points) of `needle` in `hay`, whose characters start at `starts` (bytes).
fn find_all(hay: &str, starts: &[usize], needle: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let Some(first) = needle.chars().next() else {
        return out;
    };
    let mut from = 0;
    while let Some(found) = hay.get(from..).and_then(|rest| rest.find(needle)) {
        let byte = from + found;
        // `find` returns a char boundary, so the search always succeeds; `unwrap_or_else`
        // keeps this panic-free regardless.
        out.push(starts.binary_search(&byte).unwrap_or_else(|i| i));
        from = byte + first.len_utf8();
    }
    out
}

/// A run of consecutive match ends within the error limit: the first and last end with the
/// fewest errors `d`.
struct Run {
    first: usize,
    last: usize,
    d: usize,
}

/// What `locate` knows about where a quote was.
struct Context<'a> {
    prefix: &'a [char],
    suffix: &'a [char],
    hint_start: usize,
}

impl Context<'_> {
    /// How far `start` is from the old start.
    fn distance(&self, start: usize) -> usize {
        start.abs_diff(self.hint_start)
    }
}

/// How well stored context agrees with the text next to a match, from 0 to 1: 1 minus the edit
/// distance between `stored` and the best-matching start of `found` (both read outwards from the
/// match), as a fraction of `stored`'s length. 1 when nothing was stored.
fn similarity(stored: &[char], found: &[char]) -> f64 {
    if stored.is_empty() {
        return 1.0;
    }
    let d = myers::edit_distance_to_prefix(stored, found).min(stored.len());
    1.0 - d as f64 / stored.len() as f64
}

/// Where the best match ending at `end` (exclusive) starts, and its error count.
///
/// The forward search only reports ends. Running the reversed pattern backwards from `end`,
/// anchored there, gives the distance of the pattern to every stretch `start..end` with
/// `start >= end - m - k` (a match with at most `k` errors is at most `m + k` long). The stretch
/// with the fewest errors wins; among equals, the one whose length is closest to the quote's.
fn recover_start(
    backward: &Peq,
    ids: &[u32],
    end: usize,
    m: usize,
    k: usize,
    d: usize,
) -> (usize, usize) {
    let lo = end.saturating_sub(m + k);
    let mut best = (end.saturating_sub(m), d);
    let mut best_key = (usize::MAX, usize::MAX);
    let window = ids.get(lo..end).unwrap_or(&[]);
    myers::scan(backward, Mode::Anchored, window.iter().rev().copied(), |j, dist| {
        let len = j + 1;
        let key = (dist, len.abs_diff(m));
        if key < best_key {
            best_key = key;
            best = (end - len, dist);
        }
    });
    best
}

#[cfg(test)]
mod edit_cases;
#[cfg(test)]
mod tests;
