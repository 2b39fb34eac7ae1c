//! Generated edit cases over the corpus's Chinese articles, with a brute-force truth: where the
//! highlight is after the edit (tracked through the edit itself), or `None` when its text is gone.
//! `locate` is then judged: found overlapping the truth (right), found elsewhere or found when the
//! text is gone (misplaced), or an orphan whose text is still there (lost).
//!
//! The kinds are the edits an article really goes through: insertions and deletions elsewhere
//! (often of text copied from the same article, so short phrases repeat), a typo inside the
//! highlight, punctuation switched between full and half width in and around it, its paragraph
//! moved or duplicated, and its text deleted or rewritten (the highlight must become an orphan,
//! also when the same words occur elsewhere).

use super::*;
use std::path::PathBuf;

/// The corpus articles, or `None` (a skip, or a failure under `CI=true`) when the corpus is absent.
pub fn articles() -> Option<Vec<Vec<char>>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let files = [
        "seed/000_4b857f83adbe41b1.txt",
        "articles/d2l-zh_introduction.zh.md",
        "articles/promptingguide_llm-agents.zh.md",
        "articles/promptingguide_rag.zh.md",
    ];
    let mut out = Vec::new();
    for f in files {
        match std::fs::read_to_string(root.join(f)) {
            Ok(t) => out.push(crate::text::normalize(&t).chars().collect()),
            Err(_) => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("the test corpus is missing: {f} (CI=true requires it)");
                }
                eprintln!("SKIPPED: the test corpus is missing ({f}); this test did not run");
                return None;
            }
        }
    }
    Some(out)
}

/// SplitMix64, for repeatable cases.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
}

/// The kinds of edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    InsertElsewhere,
    DeleteElsewhere,
    TypoInside,
    WidthAround,
    WidthAndContext,
    Moved,
    Duplicated,
    Deleted,
    Rewritten,
    RepeatedPhraseDeleted,
}

pub const KINDS: [Kind; 10] = [
    Kind::InsertElsewhere,
    Kind::DeleteElsewhere,
    Kind::TypoInside,
    Kind::WidthAround,
    Kind::WidthAndContext,
    Kind::Moved,
    Kind::Duplicated,
    Kind::Deleted,
    Kind::Rewritten,
    Kind::RepeatedPhraseDeleted,
];

/// One case: the old text and highlight, the new text, and where the highlight truly is.
pub struct Case {
    pub old: Vec<char>,
    pub range: (usize, usize),
    pub new: Vec<char>,
    pub truth: Option<(usize, usize)>,
    /// Another place that is as right (the other copy of a duplicated paragraph).
    pub also: Option<(usize, usize)>,
}

/// Full-width and half-width forms of the same punctuation mark.
const WIDTH_PAIRS: &[(char, char)] = &[
    ('，', ','),
    ('：', ':'),
    ('；', ';'),
    ('！', '!'),
    ('？', '?'),
    ('（', '('),
    ('）', ')'),
    ('。', '.'),
];

fn switch_width(c: char, to_half: bool) -> char {
    for &(full, half) in WIDTH_PAIRS {
        if to_half && c == full {
            return half;
        }
        if !to_half && c == half {
            return full;
        }
    }
    c
}

/// A highlight: 30% short (2–6 characters), 40% medium (7–20), 30% long (21–80), not starting
/// or ending in white space.
fn pick_range(rng: &mut Rng, text: &[char]) -> (usize, usize) {
    loop {
        let len = match rng.below(10) {
            0..=2 => rng.range(2, 6),
            3..=6 => rng.range(7, 20),
            _ => rng.range(21, 80),
        };
        if text.len() < len + 2 {
            continue;
        }
        let start = rng.below(text.len() - len);
        let (a, b) = (text[start], text[start + len - 1]);
        if !a.is_whitespace() && !b.is_whitespace() {
            return (start, start + len);
        }
    }
}

/// The line (passage) holding `pos`: `start..end` without the `'\n'`.
fn line_of(text: &[char], pos: usize) -> (usize, usize) {
    let start = text[..pos].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
    let end = text[pos..].iter().position(|&c| c == '\n').map_or(text.len(), |i| pos + i);
    (start, end)
}

fn splice(text: &[char], at: (usize, usize), with: &[char]) -> Vec<char> {
    let mut out = text[..at.0].to_vec();
    out.extend_from_slice(with);
    out.extend_from_slice(&text[at.1..]);
    out
}

/// A short phrase (2–4 characters) of `text` that occurs at least twice, with its first place.
fn repeated_phrase(rng: &mut Rng, text: &[char]) -> Option<(usize, usize)> {
    let s: String = text.iter().collect();
    for _ in 0..50 {
        let len = rng.range(2, 4);
        let start = rng.below(text.len() - len);
        let p: String = text[start..start + len].iter().collect();
        if p.chars().any(|c| c.is_whitespace() || c.is_ascii_punctuation()) {
            continue;
        }
        if s.matches(p.as_str()).count() >= 2 {
            return Some((start, start + len));
        }
    }
    None
}

/// Makes case number `seed` of `kind` over one of `articles`.
pub fn make(seed: u64, kind: Kind, articles: &[Vec<char>]) -> Case {
    let mut rng = Rng(seed);
    let old = articles[rng.below(articles.len())].clone();
    let n = old.len();
    let mut range = pick_range(&mut rng, &old);
    let (s, e) = range;
    let mut also = None;
    let (new, truth) = match kind {
        Kind::InsertElsewhere => {
            // Text copied from elsewhere in the article, so phrases repeat.
            let len = rng.range(5, 200);
            let from = rng.below(n - len);
            let piece = old[from..from + len].to_vec();
            let at = if rng.below(2) == 0 { rng.range(0, s) } else { rng.range(e, n) };
            let new = splice(&old, (at, at), &piece);
            let t = if at <= s { (s + len, e + len) } else { (s, e) };
            (new, Some(t))
        }
        Kind::DeleteElsewhere => {
            let len = rng.range(1, 200);
            if rng.below(2) == 0 && s > 0 {
                let len = len.min(s);
                let at = rng.range(0, s - len);
                (splice(&old, (at, at + len), &[]), Some((s - len, e - len)))
            } else {
                let len = len.min(n - e);
                let at = rng.range(e, n - len);
                (splice(&old, (at, at + len), &[]), Some((s, e)))
            }
        }
        Kind::TypoInside => {
            // A typo in a word of two or three characters rewrites it: only highlights of eight
            // characters or more take a typo here.
            while range.1 - range.0 < 8 {
                range = pick_range(&mut rng, &old);
            }
            let (s, e) = range;
            let at = rng.range(s, e - 1);
            let with = old[rng.below(n)];
            (splice(&old, (at, at + 1), &[with]), Some((s, e)))
        }
        Kind::WidthAround | Kind::WidthAndContext => {
            // Every mark within 40 characters of the highlight switches width (one direction).
            let to_half = rng.below(2) == 0;
            let lo = s.saturating_sub(40);
            let hi = (e + 40).min(n);
            let mut new = old.clone();
            for c in &mut new[lo..hi] {
                *c = switch_width(*c, to_half);
            }
            if kind == Kind::WidthAndContext {
                // And a word of the context next to it changes.
                let at = if rng.below(2) == 0 && s >= 3 {
                    s - rng.range(1, 3)
                } else {
                    (e + rng.range(0, 2)).min(n - 1)
                };
                new[at] = old[rng.below(n)];
            }
            (new, Some((s, e)))
        }
        Kind::Moved => {
            // The highlight's paragraph moves to another paragraph boundary.
            let ls = line_of(&old, s).0;
            let le = line_of(&old, e - 1).1;
            let line: Vec<char> = old[ls..le].to_vec();
            let rest: Vec<char> = splice(&old, (ls, (le + 1).min(n)), &[]);
            let breaks: Vec<usize> = std::iter::once(0)
                .chain(rest.iter().enumerate().filter(|(_, &c)| c == '\n').map(|(i, _)| i + 1))
                .collect();
            let at = breaks[rng.below(breaks.len())];
            let mut piece = line.clone();
            piece.push('\n');
            let new = splice(&rest, (at, at), &piece);
            let off = at + (s - ls);
            (new, Some((off, off + (e - s))))
        }
        Kind::Duplicated => {
            // The paragraph is copied to another paragraph boundary; the original stays.
            let ls = line_of(&old, s).0;
            let le = line_of(&old, e - 1).1;
            let mut piece: Vec<char> = old[ls..le].to_vec();
            piece.push('\n');
            let breaks: Vec<usize> = std::iter::once(0)
                .chain(old.iter().enumerate().filter(|(_, &c)| c == '\n').map(|(i, _)| i + 1))
                .collect();
            let at = breaks[rng.below(breaks.len())];
            let new = splice(&old, (at, at), &piece);
            let t = if at <= ls { (s + piece.len(), e + piece.len()) } else { (s, e) };
            let copy = at + (s - ls);
            also = Some((copy, copy + (e - s)));
            (new, Some(t))
        }
        Kind::Deleted => (splice(&old, (s, e), &[]), None),
        Kind::Rewritten => {
            let from = rng.below(n - (e - s));
            let with: Vec<char> = old[from..from + (e - s)].to_vec();
            let same = with == old[s..e];
            (splice(&old, (s, e), &with), if same { Some((s, e)) } else { None })
        }
        Kind::RepeatedPhraseDeleted => match repeated_phrase(&mut rng, &old) {
            Some(r) => {
                range = r;
                (splice(&old, r, &[]), None)
            }
            None => (splice(&old, (s, e), &[]), None),
        },
    };
    Case { old, range, new, truth, also }
}

/// What `locate` did with a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Right,
    Misplaced,
    Lost,
    /// Correctly an orphan.
    Orphan,
}

pub fn judge(case: &Case) -> Outcome {
    let old: String = case.old.iter().collect();
    let new: String = case.new.iter().collect();
    let Some(quote) = AnchorText::new(&old).describe(case.range.0, case.range.1) else {
        return Outcome::Orphan;
    };
    let found = AnchorText::new(&new).locate(&quote, case.range);
    match (found, case.truth) {
        (None, None) => Outcome::Orphan,
        (None, Some(_)) => Outcome::Lost,
        (Some(_), None) => Outcome::Misplaced,
        (Some(l), Some(t)) => {
            let hits = |(ts, te): (usize, usize)| l.start < te.max(ts + 1) && ts < l.end;
            if hits(t) || case.also.is_some_and(hits) {
                Outcome::Right
            } else {
                Outcome::Misplaced
            }
        }
    }
}

/// Runs `per_kind` cases of every kind and gives (cases, misplaced, lost) with the failures.
pub fn run(per_kind: u64, articles: &[Vec<char>]) -> (usize, usize, usize, Vec<String>) {
    let (mut total, mut misplaced, mut lost) = (0, 0, 0);
    let mut notes = Vec::new();
    let mut per: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for (k, &kind) in KINDS.iter().enumerate() {
        for i in 0..per_kind {
            let seed = (k as u64) << 32 | i;
            let case = make(seed, kind, articles);
            total += 1;
            let o = judge(&case);
            match o {
                Outcome::Misplaced => misplaced += 1,
                Outcome::Lost => lost += 1,
                _ => continue,
            }
            let q: String = case.old[case.range.0..case.range.1].iter().collect();
            let old: String = case.old.iter().collect();
            let new: String = case.new.iter().collect();
            let quote = AnchorText::new(&old).describe(case.range.0, case.range.1);
            let found = quote.as_ref().and_then(|q| AnchorText::new(&new).locate(q, case.range));
            let around = |t: &[char], a: usize, b: usize| -> String {
                let lo = a.saturating_sub(12);
                let hi = (b + 12).min(t.len());
                format!(
                    "{}[{}]{}",
                    t[lo..a].iter().collect::<String>(),
                    t[a..b].iter().collect::<String>(),
                    t[b..hi].iter().collect::<String>()
                )
            };
            let f = found.map(|l| {
                format!("{:?} at {} {:?}", l.how, l.start, around(&case.new, l.start, l.end))
            });
            notes.push(format!(
                "{o:?} {kind:?} seed {seed}: {q:?} was {:?} at {}; truth {:?}; found {f:?}",
                around(&case.old, case.range.0, case.range.1),
                case.range.0,
                case.truth
            ));
            *per.entry(format!("{o:?} {kind:?}")).or_insert(0) += 1;
        }
    }
    notes.insert(0, format!("by kind: {per:?}"));
    (total, misplaced, lost, notes)
}
