//! Anchoring: describing a stretch of an article's text so that it can be found again, and
//! finding it again after the text changed. (Being written: see the helper's task.)

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

/// A text prepared for anchoring many quotes in it.
mod myers;

pub struct AnchorText {
    chars: Vec<char>,
}

impl AnchorText {
    pub fn new(text: &str) -> AnchorText {
        AnchorText { chars: text.chars().collect() }
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
            exact: self.chars[start..end].iter().collect(),
            prefix: self.chars[from..start].iter().collect(),
            suffix: self.chars[end..to].iter().collect(),
        })
    }

    /// Finds `quote` again; `hint` is where it was. `None` means it is gone: an orphan.
    pub fn locate(&self, quote: &Quote, hint: (usize, usize)) -> Option<Located> {
        let _ = (quote, hint);
        todo!("anchor::locate")
    }
}
