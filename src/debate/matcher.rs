//! Finding taxonomy names in text: one Aho-Corasick automaton over every name and alias,
//! built once per taxonomy and reused for every passage and article.
//!
//! Matching is case- and width-insensitive: the text and the names are folded the same way
//! (NFKC, then lowercase), so `ＧＰＴ－３`, `gpt-3` and `GPT-3` are one name. Offsets are
//! mapped back to code points of the original text.
//!
//! False hits inside longer words are refused where the script lets us tell:
//! - A name that starts (ends) with a Latin letter does not match after (before) another
//!   letter: `Meta` is not found in `metadata`, `BERT` not in `BERTology`. A letter next to a
//!   digit is allowed, because Chinese writing glues versions on (`ChatGPT3.5` names ChatGPT).
//! - A name that starts (ends) with a digit does not match after (before) a digit or a letter,
//!   and a name ending in a digit does not match before a decimal part: `GPT-3` is not found in
//!   `GPT-30` or `GPT-3.5` (its own entry), `GPT-4` not in `GPT-4o`.
//! - A name made only of digits (`360`) does not match before a unit or a decimal point
//!   (`360度`, `360亿`, `360.5`), where it is a number, not a company.
//! - Where names overlap, the longest wins, leftmost first: `阿里云` is Alibaba Cloud, not
//!   Alibaba followed by `云`; `360智脑` is the model, not the company.
//!
//! Limits: Chinese has no spaces, so a Chinese name inside a longer Chinese word cannot be told
//! from a real mention (`盘古` the myth and 盘古 the model; `数据` inside `数据库`). Folding is
//! per character (the text is already NFC), and lowercase is Unicode's simple lowercase, not
//! full case folding (`ß` does not match `ss`).

use super::types::{Span, TaxonomyEntry};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Text folded for matching, with a map from its bytes back to code points of the original.
pub struct Folded {
    pub text: String,
    /// For each byte of `text`, the index of the original code point it came from.
    map: Vec<u32>,
}

/// Folds one character: NFKC, then lowercase. ASCII and the common CJK blocks are their own
/// NFKC form, so they skip the normaliser, which keeps long articles fast.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c) {
        out.push(c);
    } else {
        for n in std::iter::once(c).nfkc() {
            for l in n.to_lowercase() {
                out.push(l);
            }
        }
    }
}

/// Folds a text, remembering where each folded byte came from.
pub fn fold(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        fold_char(c, &mut text);
        map.resize(text.len(), i as u32);
    }
    Folded { text, map }
}

/// Folds a name (no map needed).
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    Other,
}

fn class(c: char) -> Class {
    if c.is_ascii_digit() {
        Class::Digit
    } else if c.is_alphabetic() && !crate::text::is_cjk(c) {
        Class::Letter
    } else {
        Class::Other
    }
}

/// After a number-only name, these make it a quantity rather than a name.
const NUMBER_FOLLOWERS: &[char] = &[
    '度', '亿', '万', '千', '百', '个', '倍', '年', '元', '天', '岁', '人', '次', '米', '分', '秒',
    '%', '‰', '多', '余', '家', '位', '名', '块', '台', '张', '条', '号', '期',
];

struct Pattern {
    /// Indices into `Matcher::entries` of the entries with this name.
    entries: Vec<u32>,
    first: Class,
    last: Class,
    all_digits: bool,
}

/// One name found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub span: Span,
    /// Index of the matched name's pattern; see [`Matcher::entries_of`].
    pub pattern: u32,
}

/// The automaton and what each of its patterns stands for.
pub struct Matcher {
    ac: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    entries: Vec<TaxonomyEntry>,
    by_key: HashMap<String, u32>,
}

impl Matcher {
    /// Builds the automaton over every name and alias of `entries`.
    pub fn new(entries: Vec<TaxonomyEntry>) -> Matcher {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut texts: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for (ei, e) in entries.iter().enumerate() {
            let names = [&e.zh, &e.en].into_iter().chain(e.aliases.iter());
            for name in names {
                let folded = fold_name(name);
                let (Some(first), Some(last)) = (folded.chars().next(), folded.chars().last())
                else {
                    continue;
                };
                let pi = *index.entry(folded.clone()).or_insert_with(|| {
                    texts.push(folded.clone());
                    patterns.push(Pattern {
                        entries: Vec::new(),
                        first: class(first),
                        last: class(last),
                        all_digits: folded.chars().all(|c| c.is_ascii_digit()),
                    });
                    (patterns.len() - 1) as u32
                });
                let p = &mut patterns[pi as usize];
                if !p.entries.contains(&(ei as u32)) {
                    p.entries.push(ei as u32);
                }
            }
        }
        // Building only fails past limits far beyond any taxonomy (billions of states); a
        // matcher that finds nothing is the graceful answer then.
        let ac = if texts.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(&texts).ok()
        };
        let by_key = entries.iter().enumerate().map(|(i, e)| (e.key.clone(), i as u32)).collect();
        Matcher { ac, patterns, entries, by_key }
    }

    /// The entries this matcher was built from (the merged taxonomy).
    pub fn entries(&self) -> &[TaxonomyEntry] {
        &self.entries
    }

    /// The entry with this key.
    pub fn entry(&self, key: &str) -> Option<&TaxonomyEntry> {
        self.by_key.get(key).map(|&i| &self.entries[i as usize])
    }

    /// The entries a hit's name belongs to (usually one; an alias two entries share gives both).
    pub fn entries_of(&self, hit: &Hit) -> impl Iterator<Item = &TaxonomyEntry> {
        self.patterns[hit.pattern as usize].entries.iter().map(|&i| &self.entries[i as usize])
    }

    /// Every name in `text`, longest-leftmost and without overlaps, in reading order, with
    /// code-point spans into `text`.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let folded = fold(text);
        let hay = folded.text.as_str();
        let mut found: Vec<(usize, usize, u32)> = Vec::new();
        for m in ac.find_overlapping_iter(hay) {
            let pi = m.pattern().as_u32();
            if self.fits(hay, m.start(), m.end(), &self.patterns[pi as usize]) {
                found.push((m.start(), m.end(), pi));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut hits = Vec::with_capacity(found.len());
        let mut taken_to = 0;
        for (s, e, pi) in found {
            if s < taken_to {
                continue;
            }
            taken_to = e;
            let start = folded.map[s];
            let end = folded.map[e - 1] + 1;
            hits.push(Hit { span: Span { start, end }, pattern: pi });
        }
        hits
    }

    /// Whether a match at `s..e` of the folded text stands on word boundaries (see the module
    /// documentation).
    fn fits(&self, hay: &str, s: usize, e: usize, p: &Pattern) -> bool {
        let before = hay[..s].chars().next_back();
        let mut after = hay[e..].chars();
        let next = after.next();
        if let Some(b) = before {
            let cb = class(b);
            if p.first != Class::Other && cb == p.first {
                return false;
            }
            // A number glued after a letter belongs to a longer name (`A360`).
            if p.first == Class::Digit && cb == Class::Letter {
                return false;
            }
        }
        if let Some(n) = next {
            let cn = class(n);
            if p.last != Class::Other && cn == p.last {
                return false;
            }
            // A version number followed by a letter is another model (`GPT-4` in `GPT-4o`).
            if p.last == Class::Digit && cn == Class::Letter {
                return false;
            }
            if p.last == Class::Digit
                && matches!(n, '.' | ',')
                && after.next().is_some_and(|c| c.is_ascii_digit())
            {
                return false;
            }
            if p.all_digits && (NUMBER_FOLLOWERS.contains(&n) || n == '.') {
                return false;
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::super::taxonomy::build;
    use super::super::types::{EntryKind, EntryOrigin};
    use super::*;

    fn entry(kind: EntryKind, id: &str, zh: &str, en: &str, aliases: &[&str]) -> TaxonomyEntry {
        let aliases = aliases.iter().map(|a| a.to_string()).collect();
        build(kind, id, zh, en, aliases, vec![], EntryOrigin::Bundled).unwrap()
    }

    fn names(m: &Matcher, text: &str) -> Vec<(String, String)> {
        m.find(text)
            .iter()
            .map(|h| {
                let s = crate::text::slice_chars(text, h.span.start as usize, h.span.end as usize)
                    .unwrap()
                    .to_owned();
                (m.entries_of(h).next().unwrap().tag.clone(), s)
            })
            .collect()
    }

    fn matcher() -> Matcher {
        Matcher::new(vec![
            entry(EntryKind::Actor, "alibaba", "阿里巴巴", "Alibaba", &["阿里"]),
            entry(EntryKind::Actor, "alibaba-cloud", "阿里云", "Alibaba Cloud", &[]),
            entry(EntryKind::Actor, "meta", "Meta", "Meta", &[]),
            entry(EntryKind::Actor, "q360", "360", "Qihoo 360", &[]),
            entry(EntryKind::Model, "gpt-3", "GPT-3", "GPT-3", &["GPT3"]),
            entry(EntryKind::Model, "chatgpt", "ChatGPT", "ChatGPT", &[]),
            entry(EntryKind::Model, "360-brain", "360智脑", "360 Brain", &[]),
        ])
    }

    #[test]
    fn longest_match_wins_and_offsets_are_code_points() {
        let m = matcher();
        assert_eq!(
            names(&m, "𠮷阿里云和阿里"),
            vec![
                ("actor/阿里云".into(), "阿里云".into()),
                ("actor/阿里巴巴".into(), "阿里".into())
            ]
        );
        assert_eq!(
            names(&m, "360智脑与360"),
            vec![("model/360智脑".into(), "360智脑".into()), ("actor/360".into(), "360".into())]
        );
    }

    #[test]
    fn latin_names_need_word_boundaries() {
        let m = matcher();
        assert!(names(&m, "metadata and Metaverse").is_empty());
        assert_eq!(names(&m, "META's model").len(), 1);
        assert!(names(&m, "GPT-30 and GPT-3.5").is_empty());
        assert_eq!(names(&m, "用ChatGPT3.5写").len(), 1);
        assert_eq!(names(&m, "ＧＰＴ－３发布").len(), 1, "full width folds");
        assert!(names(&m, "3600 and 360度 and 360亿").is_empty());
    }

    #[test]
    fn an_empty_taxonomy_finds_nothing() {
        assert!(Matcher::new(vec![]).find("anything").is_empty());
    }
}
