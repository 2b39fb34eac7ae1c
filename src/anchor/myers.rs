//! Myers' bit-parallel approximate string matching (Myers 1999, in the block-based form Hyyrö
//! describes), over Unicode scalar values and for patterns of any length.
//!
//! The dynamic-programming matrix `D[i][j]` (edit distance between the first `i` pattern
//! characters and some text substring ending at text position `j`) is never stored: each text
//! column is kept as two bit vectors of vertical differences (`+1` and `-1`), one `u64` word per
//! 64 pattern rows, and advanced by a handful of word operations. A text of `n` characters is
//! therefore scanned in `O(n * ceil(m / 64))` word steps.
//!
//! Characters are not bytes: the text is mapped once to dense symbol ids ([`Alphabet`]), and the
//! per-pattern match table ([`Peq`]) is a flat array indexed by those ids, so the inner loop does
//! no hashing. Pattern characters absent from the text never match anything and need no entry.

use std::collections::HashMap;

/// Dense ids for the distinct characters of one text, so that match tables can be arrays.
#[derive(Debug, Default, Clone)]
pub(crate) struct Alphabet {
    ids: HashMap<char, u32>,
}

impl Alphabet {
    /// Builds the alphabet of `text` and returns it with the text rewritten as ids.
    pub(crate) fn of_text(text: &[char]) -> (Alphabet, Vec<u32>) {
        let mut ids: HashMap<char, u32> = HashMap::new();
        let mut out = Vec::with_capacity(text.len());
        for &c in text {
            let next = ids.len() as u32;
            out.push(*ids.entry(c).or_insert(next));
        }
        (Alphabet { ids }, out)
    }

    /// The id of `c`, or `None` if `c` does not occur in the text.
    pub(crate) fn id(&self, c: char) -> Option<u32> {
        self.ids.get(&c).copied()
    }

    /// The number of distinct characters.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The match table of one pattern: for each text symbol, a bit per pattern row that is set where
/// the pattern has that symbol.
#[derive(Debug, Clone)]
pub(crate) struct Peq {
    /// Pattern length in characters.
    m: usize,
    /// Words per column: `ceil(m / 64)`.
    blocks: usize,
    /// The bit of the pattern's last row inside the last word.
    last_bit: u64,
    /// `table[id * blocks + b]` is word `b` of the column for symbol `id`.
    table: Vec<u64>,
}

impl Peq {
    /// Builds the table of `pattern` for texts written in `alphabet`. `pattern` may be empty: its
    /// distance to any text stretch is then the stretch's length.
    pub(crate) fn new(pattern: impl ExactSizeIterator<Item = char>, alphabet: &Alphabet) -> Peq {
        let m = pattern.len();
        let blocks = m.div_ceil(64);
        let mut table = vec![0u64; alphabet.len() * blocks];
        for (row, c) in pattern.enumerate() {
            if let Some(id) = alphabet.id(c) {
                table[id as usize * blocks + row / 64] |= 1u64 << (row % 64);
            }
        }
        let last_bit = if m == 0 { 0 } else { 1u64 << ((m - 1) % 64) };
        Peq { m, blocks, last_bit, table }
    }
}

/// How the first text character may be aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The match may start anywhere in the text (`D[0][j] = 0`): searching.
    Search,
    /// The match must start at the first text character (`D[0][j] = j`): global at the start,
    /// free at the end. Used to recover where a match found by [`Mode::Search`] begins.
    Anchored,
}

/// Feeds `text` (symbol ids of the alphabet `peq` was built for) through the matcher and calls
/// `sink(j, d)` for every text position, where `d` is `D[m][j + 1]`: the least number of edits
/// that turn the whole pattern into a text stretch ending just after character `j` (starting
/// anywhere in [`Mode::Search`], at character 0 in [`Mode::Anchored`]).
pub(crate) fn scan(
    peq: &Peq,
    mode: Mode,
    text: impl Iterator<Item = u32>,
    mut sink: impl FnMut(usize, usize),
) {
    let blocks = peq.blocks;
    if blocks == 0 {
        for (j, _) in text.enumerate() {
            sink(j, if mode == Mode::Anchored { j + 1 } else { 0 });
        }
        return;
    }
    // Column 0 is D[i][0] = i: every vertical difference is +1.
    let mut pv = vec![u64::MAX; blocks];
    let mut mv = vec![0u64; blocks];
    let mut score = peq.m;
    let hin_top: i32 = match mode {
        Mode::Search => 0,
        Mode::Anchored => 1,
    };
    let last = blocks - 1;
    for (j, sym) in text.enumerate() {
        let column = &peq.table[sym as usize * blocks..(sym as usize + 1) * blocks];
        let mut hin = hin_top;
        for b in 0..blocks {
            let high = if b == last { peq.last_bit } else { 1u64 << 63 };
            hin = advance(&mut pv[b], &mut mv[b], column[b], hin, high);
        }
        // `hin` is now the horizontal difference at the pattern's last row.
        score = (score as i64 + hin as i64) as usize;
        sink(j, score);
    }
}

/// Advances one 64-row word of the column by one text character, given the horizontal
/// difference `hin` entering at its top row, and returns the difference leaving at row `high`.
///
/// Bits above `high` (padding in the last word) are garbage but harmless: additions carry and
/// shifts move only towards higher bits, so they never reach the rows that matter.
#[inline(always)]
fn advance(pv: &mut u64, mv: &mut u64, eq: u64, hin: i32, high: u64) -> i32 {
    let (p, m) = (*pv, *mv);
    let xv = eq | m;
    let eq = if hin < 0 { eq | 1 } else { eq };
    let xh = ((eq & p).wrapping_add(p) ^ p) | eq;
    let mut ph = m | !(xh | p);
    let mut mh = p & xh;
    let hout = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    if hin < 0 {
        mh |= 1;
    } else if hin > 0 {
        ph |= 1;
    }
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    hout
}

/// The edit (Levenshtein) distance between two short character sequences, by the textbook
/// dynamic program with one row. Only the tests need the plain distance.
#[cfg(test)]
pub(crate) fn edit_distance(a: &[char], b: &[char]) -> usize {
    last_row(a, b)[b.len()]
}

/// The least edit distance between `a` and any prefix of `b`: how well `a` matches the start of
/// `b` when `b` may run on past it. Used to compare stored quote context with the text next to a
/// match, where deletions and insertions in the context should cost what they changed and not
/// shift the whole comparison window.
pub(crate) fn edit_distance_to_prefix(a: &[char], b: &[char]) -> usize {
    last_row(a, b).into_iter().min().unwrap_or(a.len())
}

/// `row[j]` is the edit distance between `a` and `b[..j]`.
fn last_row(a: &[char], b: &[char]) -> Vec<usize> {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let up = row[j + 1];
            let best = if ca == cb { diag } else { 1 + diag.min(up).min(row[j]) };
            diag = up;
            row[j + 1] = best;
        }
    }
    row
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The oracle: `D[m][j]` for every text position by the full `O(nm)` dynamic program.
    fn brute(pattern: &[char], text: &[char], mode: Mode) -> Vec<usize> {
        let m = pattern.len();
        let mut prev: Vec<usize> = (0..=m).collect();
        let mut out = Vec::new();
        for (j, &t) in text.iter().enumerate() {
            let mut cur = vec![0usize; m + 1];
            cur[0] = match mode {
                Mode::Search => 0,
                Mode::Anchored => j + 1,
            };
            for i in 1..=m {
                let sub = prev[i - 1] + usize::from(pattern[i - 1] != t);
                cur[i] = sub.min(prev[i] + 1).min(cur[i - 1] + 1);
            }
            out.push(cur[m]);
            prev = cur;
        }
        out
    }

    fn fast(pattern: &[char], text: &[char], mode: Mode) -> Vec<usize> {
        let (alphabet, ids) = Alphabet::of_text(text);
        let peq = Peq::new(pattern.iter().copied(), &alphabet);
        let mut out = Vec::new();
        scan(&peq, mode, ids.into_iter(), |_, d| out.push(d));
        out
    }

    /// A small mixed alphabet (ASCII, CJK, an emoji, a CJK Extension B character) so that random
    /// strings share characters and distances are interesting.
    fn small_char() -> impl Strategy<Value = char> {
        prop::sample::select(vec!['a', 'b', 'c', ' ', '中', '文', '模', '型', '😀', '𠮷'])
    }

    fn chars(max: usize) -> impl Strategy<Value = Vec<char>> {
        prop::collection::vec(small_char(), 0..max)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(192))]

        /// Every per-position distance equals the oracle's, for patterns of one to three words.
        #[test]
        fn search_agrees_with_brute_force(pattern in chars(150), text in chars(260)) {
            prop_assert_eq!(fast(&pattern, &text, Mode::Search), brute(&pattern, &text, Mode::Search));
        }

        #[test]
        fn anchored_agrees_with_brute_force(pattern in chars(150), text in chars(260)) {
            prop_assert_eq!(fast(&pattern, &text, Mode::Anchored), brute(&pattern, &text, Mode::Anchored));
        }

        /// The distance to the best prefix is the oracle's least anchored cell (or `|a|`).
        #[test]
        fn edit_distance_to_prefix_agrees(a in chars(40), b in chars(40)) {
            let want = brute(&a, &b, Mode::Anchored).into_iter().min().unwrap_or(a.len()).min(a.len());
            prop_assert_eq!(edit_distance_to_prefix(&a, &b), want);
        }

        /// The one-row distance is the oracle's last anchored cell.
        #[test]
        fn edit_distance_agrees(a in chars(40), b in chars(40)) {
            let want = if b.is_empty() { a.len() } else { brute(&a, &b, Mode::Anchored)[b.len() - 1] };
            prop_assert_eq!(edit_distance(&a, &b), want);
        }
    }

    #[test]
    fn exact_occurrence_of_a_long_pattern_scores_zero() {
        let text: Vec<char> =
            "前言。".chars().chain("大模型😀𠮷".chars().cycle().take(200)).collect();
        let pattern = &text[3..3 + 130];
        let d = fast(pattern, &text, Mode::Search);
        assert_eq!(d[3 + 130 - 1], 0);
        // 前 is not in the pattern: one text character consumed, nothing matched.
        assert_eq!(d[0], 130);
    }

    #[test]
    fn pattern_characters_absent_from_the_text_never_match() {
        let text: Vec<char> = "abc".chars().collect();
        let pattern: Vec<char> = "x😀z".chars().collect();
        assert_eq!(fast(&pattern, &text, Mode::Search), vec![3, 3, 3]);
    }
}
