//! Stored anchors and the text they point into: the anchor of a new highlight (by range or by
//! quote), and an old anchor found again after the article's text changed.
//!
//! This is the adapter between the matcher ([`AnchorText`]) and the stored form
//! ([`crate::model::Anchor`], code-point offsets plus the quote and its context). Pure: the
//! façade and the import read and write the anchors, and nothing here needs a database.

use super::{AnchorText, Found, Quote};
use crate::model::{Anchor, AnchorStatus, ReanchorReport};
use crate::text;
use crate::{Error, Result};
use std::fmt::Display;

/// How much of a quote an error message shows, in characters.
const SHOWN_CHARS: usize = 40;

/// The anchor of `start..end` (code points) in `at`. Refuses an empty range, one outside the
/// text, and one that holds only white space.
pub fn describe(at: &AnchorText, start: usize, end: usize) -> Result<Anchor> {
    let q = at.describe(start, end).ok_or_else(|| bad_range(start, end, at.len()))?;
    if q.exact.trim().is_empty() {
        return Err(Error::invalid("cannot highlight only white space"));
    }
    Ok(Anchor {
        start: start as u32,
        end: end as u32,
        exact: q.exact,
        prefix: q.prefix,
        suffix: q.suffix,
        status: AnchorStatus::Anchored,
    })
}

/// The error for a range `start..end` (code points) that is empty or outside a text of `len`
/// characters.
pub fn bad_range(start: impl Display, end: impl Display, len: impl Display) -> Error {
    Error::invalid(format!(
        "the range {start}..{end} is not a non-empty stretch of the article's text (0..{len})"
    ))
}

/// Where `quote` is in `at`, as code-point offsets `[start, end)`, for a new highlight. The
/// quote is trimmed and normalised like an article's text; when it occurs more than once,
/// `occurrence` (from 1) must say which.
pub fn find_quote(at: &AnchorText, quote: &str, occurrence: Option<u32>) -> Result<(usize, usize)> {
    let q = text::normalize(quote.trim());
    if q.is_empty() {
        return Err(Error::invalid("the quote is empty"));
    }
    let starts = at.find_exact(&q);
    let len = text::char_len(&q);
    let shown: String = q.chars().take(SHOWN_CHARS).collect();
    match (starts.len(), occurrence) {
        (0, _) => Err(Error::not_found(format!("the article does not contain \"{shown}\""))),
        (1, None) | (1, Some(1)) => Ok((starts[0], starts[0] + len)),
        (n, None) => Err(Error::invalid(format!(
            "\"{shown}\" occurs {n} times in the article; say which (occurrence 1 to {n})"
        ))),
        (n, Some(k)) if k == 0 || k as usize > n => Err(Error::invalid(format!(
            "\"{shown}\" occurs {n} times; occurrence {k} does not exist"
        ))),
        (_, Some(k)) => {
            let s = starts[k as usize - 1];
            Ok((s, s + len))
        }
    }
}

/// Finds the stored anchor `old` in a new text and counts the outcome in `report`: unchanged
/// (found where it was), moved (found elsewhere), or orphaned (not found with confidence; it
/// keeps its quote and last position, marked [`AnchorStatus::Orphaned`]).
///
/// Gives the anchor to store, or `None` when `old` is still exactly right.
pub fn reanchor(at: &AnchorText, old: &Anchor, report: &mut ReanchorReport) -> Option<Anchor> {
    let quote =
        Quote { exact: old.exact.clone(), prefix: old.prefix.clone(), suffix: old.suffix.clone() };
    let Some(found) = at.locate(&quote, (old.start as usize, old.end as usize)) else {
        return orphan(old, report);
    };
    let same_place = found.start == old.start as usize && found.end == old.end as usize;
    if found.how == Found::Position || (same_place && found.how == Found::Exact) {
        report.unchanged += 1;
    } else {
        report.moved += 1;
    }
    let Some(q) = at.describe(found.start, found.end) else {
        return orphan(old, report);
    };
    let new = Anchor {
        start: found.start as u32,
        end: found.end as u32,
        exact: q.exact,
        prefix: q.prefix,
        suffix: q.suffix,
        status: AnchorStatus::Anchored,
    };
    (&new != old).then_some(new)
}

/// Counts `old` as an orphan; gives it marked so, or `None` when it already was one.
fn orphan(old: &Anchor, report: &mut ReanchorReport) -> Option<Anchor> {
    report.orphaned += 1;
    (old.status != AnchorStatus::Orphaned)
        .then(|| Anchor { status: AnchorStatus::Orphaned, ..old.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    const OLD: &str = "二〇二五年，大模型的竞争从参数规模转向推理效率。\n\
                       多家公司发布了新的推理芯片，算力成本下降了一半以上。\n\
                       与此同时，开源社区的模型在中文理解上迎头赶上。";

    /// The code-point range of the first `needle` in `text`.
    fn range_of(text: &str, needle: &str) -> (usize, usize) {
        let byte = text.find(needle).expect("needle in the test text");
        let start = text[..byte].chars().count();
        (start, start + needle.chars().count())
    }

    fn anchor_of(text: &str, needle: &str) -> Anchor {
        let (s, e) = range_of(text, needle);
        describe(&AnchorText::new(text), s, e).unwrap()
    }

    #[test]
    fn describe_keeps_the_quote_and_its_context() {
        let a = anchor_of(OLD, "算力成本下降了一半");
        assert_eq!(a.exact, "算力成本下降了一半");
        assert_eq!(a.status, AnchorStatus::Anchored);
        assert_eq!(a.prefix.chars().count(), super::super::CONTEXT_CHARS);
        assert!(a.prefix.ends_with("新的推理芯片，"), "{:?}", a.prefix);
        assert!(a.suffix.starts_with("以上。\n与此同时"), "{:?}", a.suffix);
        assert_eq!((a.start, a.end), {
            let (s, e) = range_of(OLD, "算力成本下降了一半");
            (s as u32, e as u32)
        });
    }

    #[test]
    fn describe_refuses_empty_outside_and_blank_ranges() {
        let at = AnchorText::new("算力 \u{3000} 芯片");
        assert_eq!(describe(&at, 2, 2).unwrap_err().kind(), ErrorKind::InvalidInput);
        assert_eq!(describe(&at, 3, 2).unwrap_err().kind(), ErrorKind::InvalidInput);
        assert_eq!(describe(&at, 5, 8).unwrap_err().kind(), ErrorKind::InvalidInput);
        let blank = describe(&at, 2, 5).unwrap_err();
        assert_eq!(blank.message(), "cannot highlight only white space");
        assert_eq!(describe(&at, 0, 7).unwrap().exact, "算力 \u{3000} 芯片");
    }

    #[test]
    fn find_quote_needs_an_occurrence_when_the_quote_repeats() {
        let at = AnchorText::new(OLD);
        assert_eq!(find_quote(&at, "  芯片 ", None).unwrap(), range_of(OLD, "芯片"));
        let err = find_quote(&at, "推理", None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput);
        assert!(err.message().contains("occurs 2 times"), "{}", err.message());
        let second = range_of(OLD, "推理芯片");
        assert_eq!(find_quote(&at, "推理", Some(2)).unwrap(), (second.0, second.0 + 2));
        assert_eq!(find_quote(&at, "推理", Some(3)).unwrap_err().kind(), ErrorKind::InvalidInput);
        assert_eq!(find_quote(&at, "推理", Some(0)).unwrap_err().kind(), ErrorKind::InvalidInput);
        assert_eq!(find_quote(&at, "量子", None).unwrap_err().kind(), ErrorKind::NotFound);
        assert_eq!(find_quote(&at, " \n", None).unwrap_err().kind(), ErrorKind::InvalidInput);
    }

    #[test]
    fn find_quote_normalises_the_quote_like_the_text() {
        let at = AnchorText::new("Le café de 𠮷野家");
        // A decomposed é finds the composed one; offsets count code points (𠮷 is one).
        assert_eq!(find_quote(&at, "cafe\u{301}", None).unwrap(), (3, 7));
        assert_eq!(find_quote(&at, "𠮷野家", None).unwrap(), (11, 14));
    }

    #[test]
    fn an_unchanged_text_leaves_every_anchor_alone() {
        let at = AnchorText::new(OLD);
        let mut report = ReanchorReport::default();
        for needle in ["大模型的竞争", "推理芯片", "中文理解"] {
            assert_eq!(reanchor(&at, &anchor_of(OLD, needle), &mut report), None);
        }
        assert_eq!(report, ReanchorReport { unchanged: 3, moved: 0, orphaned: 0 });
    }

    #[test]
    fn an_anchor_moves_with_its_text() {
        let old = anchor_of(OLD, "算力成本下降了一半");
        let new_text = format!("编者按：本文有更新。\n{OLD}");
        let mut report = ReanchorReport::default();
        let moved = reanchor(&AnchorText::new(&new_text), &old, &mut report).unwrap();
        assert_eq!(report, ReanchorReport { unchanged: 0, moved: 1, orphaned: 0 });
        assert_eq!((moved.start, moved.end), (old.start + 11, old.end + 11));
        assert_eq!(moved.exact, old.exact);
        assert_eq!(moved.status, AnchorStatus::Anchored);
    }

    #[test]
    fn new_context_at_the_same_place_is_stored_but_counted_unchanged() {
        let old = anchor_of(OLD, "开源社区");
        // The text after the quote changes; the quote stays at the same offsets.
        let new_text = OLD.replace("迎头赶上", "已经领先");
        let mut report = ReanchorReport::default();
        let new = reanchor(&AnchorText::new(&new_text), &old, &mut report).unwrap();
        assert_eq!(report.unchanged, 1);
        assert_eq!((new.start, new.end, new.exact.as_str()), (old.start, old.end, "开源社区"));
        assert!(new.suffix.contains("已经领先"), "{:?}", new.suffix);
    }

    #[test]
    fn a_deleted_quote_becomes_an_orphan_once() {
        let old = anchor_of(OLD, "算力成本下降了一半以上");
        let new_text = "二〇二五年，大模型的竞争从参数规模转向推理效率。\n\
                        与此同时，开源社区的模型在中文理解上迎头赶上。";
        let at = AnchorText::new(new_text);
        let mut report = ReanchorReport::default();
        let orphan = reanchor(&at, &old, &mut report).unwrap();
        assert_eq!(report, ReanchorReport { unchanged: 0, moved: 0, orphaned: 1 });
        assert_eq!(orphan.status, AnchorStatus::Orphaned);
        // It keeps its quote and last position.
        assert_eq!(Anchor { status: AnchorStatus::Anchored, ..orphan.clone() }, old);
        // Still gone next time: counted again, nothing to store.
        assert_eq!(reanchor(&at, &orphan, &mut report), None);
        assert_eq!(report.orphaned, 2);
        // And found again when the text comes back.
        let back = reanchor(&AnchorText::new(OLD), &orphan, &mut report).unwrap();
        assert_eq!(back, old);
    }
}
