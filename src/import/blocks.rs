//! Building blocks that keep the library's invariants: NFC, no leading or trailing white space,
//! never empty, and no line break outside code. Both the plain-text and the Markdown readers go
//! through [`InlineBuilder`] or [`make_block`], so the invariants are enforced in one place.

use super::Block;
use crate::model::{Link, PassageKind};
use crate::text::is_cjk;
use unicode_normalization::UnicodeNormalization;

/// True for characters written without spaces around them in CJK text: ideographs, kana, Hangul,
/// CJK punctuation and full-width forms.
pub fn is_cjk_wide(c: char) -> bool {
    is_cjk(c)
        || matches!(c as u32,
            0x2E80..=0x2FDF      // radicals
            | 0x3000..=0x303F    // CJK symbols and punctuation (、。「」…)
            | 0x3100..=0x312F    // Bopomofo
            | 0xFE30..=0xFE4F    // CJK compatibility forms
            | 0xFF00..=0xFFEF    // full-width forms (，：！？（）)
        )
}

/// Punctuation shared by CJK and Latin text (curly quotes, ellipsis, dashes): next to a CJK
/// character it behaves like CJK.
fn is_neutral_punct(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '·' | '–')
}

/// True for Hangul (syllables and jamo): Korean is written with spaces between words, so it
/// never joins across white space the way ideographs and kana do.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF          // jamo
        | 0x3130..=0x318F        // compatibility jamo
        | 0xA960..=0xA97F        // jamo extended A
        | 0xAC00..=0xD7FF        // syllables, jamo extended B
        | 0xFFA0..=0xFFDC        // half-width jamo
    )
}

/// True for characters that join their neighbours without a space where a line broke:
/// ideographs, kana, CJK punctuation and full-width forms, but not Hangul.
fn joins_without_space(c: char) -> bool {
    is_cjk_wide(c) && !is_hangul(c)
}

/// What goes where a line break was: nothing between two CJK characters (Chinese and Japanese
/// are written without spaces, so a space there would be an error), a space elsewhere, Korean
/// included (its words are separated by spaces).
pub fn line_join_separator(prev: char, next: char) -> &'static str {
    // CJK punctuation carries its own spacing: "GPU，" and "。Next" take no space.
    let cjk_punct = |c: char| matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65);
    if cjk_punct(prev) || cjk_punct(next) {
        return "";
    }
    let wide_or_neutral = |c: char| joins_without_space(c) || is_neutral_punct(c);
    let no_space = (joins_without_space(prev) && wide_or_neutral(next))
        || (wide_or_neutral(prev) && joins_without_space(next));
    if no_space {
        ""
    } else {
        " "
    }
}

/// Joins lines of one paragraph with [`line_join_separator`], trimming each line.
pub fn join_lines<'a>(lines: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let (Some(p), Some(n)) = (out.chars().next_back(), line.chars().next()) {
            out.push_str(line_join_separator(p, n));
        }
        out.push_str(line);
    }
    out
}

/// Makes a block from finished text, or `None` when nothing is left after cleaning. Non-code text
/// has its line breaks joined; code keeps its lines, loses common indentation and blank edges.
pub fn make_block(kind: PassageKind, level: u8, text: &str) -> Option<Block> {
    let text: String = text.nfc().collect();
    let text =
        if kind == PassageKind::Code { clean_code(&text) } else { join_lines(text.split('\n')) };
    (!text.is_empty()).then(|| Block { kind, level, text, links: Vec::new() })
}

/// Cleans a code block: tabs and inner white space are kept; the indentation common to all lines
/// and the blank lines around it are removed, because a block may not start or end with white space.
pub fn clean_code(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let body: Vec<&str> = lines
        .iter()
        .map(|l| if l.trim().is_empty() { "" } else { l.get(indent..).unwrap_or(l) })
        .collect();
    body.join("\n").trim().to_owned()
}

/// What is waiting between the last character written and the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    None,
    /// A line break in the source: becomes nothing between CJK characters, else a space.
    Break,
    /// White space in the source: becomes one space.
    Space,
}

/// Accumulates the inline content of one block (a paragraph, heading, list item, table row),
/// collapsing white space, joining soft line breaks, and keeping link offsets in code points.
#[derive(Debug)]
pub struct InlineBuilder {
    text: String,
    chars: u32,
    gap: Gap,
    links: Vec<Link>,
    /// Open links: their target and start offset (set when their first character is written).
    open_links: Vec<(String, Option<u32>)>,
    /// True right after a verbatim separator: the next gap is swallowed.
    trailing_sep: bool,
}

impl Default for InlineBuilder {
    fn default() -> Self {
        InlineBuilder::new()
    }
}

impl InlineBuilder {
    pub fn new() -> InlineBuilder {
        InlineBuilder {
            text: String::new(),
            chars: 0,
            gap: Gap::None,
            links: Vec::new(),
            open_links: Vec::new(),
            trailing_sep: false,
        }
    }

    /// The text written so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Writes text; white space runs (line breaks included) become one space.
    pub fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            if c == '\n' || c == '\r' {
                self.soft_break();
            } else if c.is_whitespace() || c.is_control() {
                self.gap = Gap::Space;
            } else {
                self.push_visible(c);
            }
        }
    }

    /// Marks a source line break: it is joined by the CJK rule when the next character comes.
    pub fn soft_break(&mut self) {
        if self.gap == Gap::None {
            self.gap = Gap::Break;
        }
    }

    /// Marks a separation that is always a space (between words, list marker and text).
    pub fn space(&mut self) {
        self.gap = Gap::Space;
    }

    /// Writes `sep` verbatim after dropping any pending gap (the table cell separator).
    pub fn push_separator(&mut self, sep: &str) {
        self.gap = Gap::None;
        let trimmed = self.text.trim_end().len();
        self.chars -= self.text[trimmed..].chars().count() as u32;
        self.text.truncate(trimmed);
        let sep = if self.text.is_empty() { sep.trim_start() } else { sep };
        for c in sep.chars() {
            self.text.push(c);
            self.chars += 1;
        }
        // The cell after the separator starts without leading white space.
        self.trailing_sep = true;
    }

    fn push_visible(&mut self, c: char) {
        if !self.text.is_empty() && !self.trailing_sep {
            let sep = match self.gap {
                Gap::None => "",
                Gap::Space => " ",
                Gap::Break => {
                    self.text.chars().next_back().map_or(" ", |p| line_join_separator(p, c))
                }
            };
            self.text.push_str(sep);
            self.chars += sep.chars().count() as u32;
        }
        self.trailing_sep = false;
        self.gap = Gap::None;
        for open in self.open_links.iter_mut() {
            if open.1.is_none() {
                open.1 = Some(self.chars);
            }
        }
        self.text.push(c);
        self.chars += 1;
    }

    /// Removes a trailing role marker such as `:numref:` (d2l/Sphinx markup written just before
    /// inline code) and gives its name, so that the caller can render the role's argument.
    pub fn take_role_suffix(&mut self) -> Option<String> {
        if self.gap != Gap::None {
            return None;
        }
        let body = self.text.strip_suffix(':')?;
        let colon = body.rfind(':')?;
        let name = &body[colon + 1..];
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let boundary = body[..colon].chars().next_back().is_none_or(|c| !c.is_ascii_alphanumeric());
        if !valid || !boundary {
            return None;
        }
        let name = name.to_owned();
        self.chars -= name.chars().count() as u32 + 2;
        self.text.truncate(colon);
        // Whatever separated the role from the text before it stays a separation.
        let trimmed = self.text.trim_end().len();
        if trimmed < self.text.len() {
            self.chars -= self.text[trimmed..].chars().count() as u32;
            self.text.truncate(trimmed);
            self.gap = Gap::Space;
        }
        Some(name)
    }

    /// Starts a link to `href`; it covers the characters written until [`InlineBuilder::end_link`].
    pub fn start_link(&mut self, href: &str) {
        self.open_links.push((href.to_owned(), None));
    }

    /// Ends the innermost open link; an empty link (no text) is dropped.
    pub fn end_link(&mut self) {
        if let Some((href, Some(start))) = self.open_links.pop() {
            if self.chars > start && !href.trim().is_empty() {
                self.links.push(Link { start, end: self.chars, href: href.trim().to_owned() });
            }
        }
    }

    /// Finishes the block, or `None` when it has no text.
    pub fn finish(self, kind: PassageKind, level: u8) -> Option<Block> {
        let InlineBuilder { text, mut links, .. } = self;
        let text = text.trim_end().to_owned();
        if text.is_empty() {
            return None;
        }
        let nfc: String = text.nfc().collect();
        if nfc != text {
            // Normalisation can shorten the text: recompute each offset on the normalised prefix.
            let remap = |cp: u32| -> u32 {
                let prefix: String = text.chars().take(cp as usize).collect();
                prefix.nfc().count() as u32
            };
            for l in links.iter_mut() {
                l.start = remap(l.start);
                l.end = remap(l.end);
            }
        }
        let len = nfc.chars().count() as u32;
        links.retain_mut(|l| {
            l.end = l.end.min(len);
            l.start < l.end
        });
        links.sort_by_key(|l| (l.start, l.end));
        Some(Block { kind, level, text: nfc, links })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_cjk_without_space_and_latin_with_space() {
        assert_eq!(join_lines(["大模型", "小模型"]), "大模型小模型");
        assert_eq!(
            join_lines(["完美的解决方案，", "原因可能各不相同。"]),
            "完美的解决方案，原因可能各不相同。"
        );
        assert_eq!(join_lines(["big models", "small models"]), "big models small models");
        assert_eq!(join_lines(["使用GPU", "训练"]), "使用GPU 训练");
        assert_eq!(join_lines(["他说：“", "算力”"]), "他说：“算力”");
        assert_eq!(join_lines(["日本語の", "文章です。"]), "日本語の文章です。");
    }

    #[test]
    fn keeps_spaces_between_korean_words() {
        assert_eq!(
            join_lines(["한국어 문장은", "띄어쓰기를 합니다."]),
            "한국어 문장은 띄어쓰기를 합니다."
        );
        assert_eq!(join_lines(["서울에서", "大模型"]), "서울에서 大模型");
        let mut b = InlineBuilder::new();
        b.push_str("오늘은");
        b.soft_break();
        b.push_str("날씨가");
        b.soft_break();
        b.push_str("맑습니다。");
        assert_eq!(b.finish(PassageKind::Paragraph, 0).unwrap().text, "오늘은 날씨가 맑습니다。");
    }

    #[test]
    fn builder_collapses_white_space_and_keeps_link_offsets() {
        let mut b = InlineBuilder::new();
        b.push_str("  参见 ");
        b.start_link("https://example.com/");
        b.push_str("通义千问");
        b.end_link();
        b.soft_break();
        b.push_str("的介绍。  ");
        let block = b.finish(PassageKind::Paragraph, 0).unwrap();
        assert_eq!(block.text, "参见 通义千问的介绍。");
        assert_eq!(
            block.links,
            vec![Link { start: 3, end: 7, href: "https://example.com/".into() }]
        );
    }

    #[test]
    fn builder_drops_empty_blocks_and_empty_links() {
        let mut b = InlineBuilder::new();
        b.start_link("x");
        b.end_link();
        b.push_str(" \n\t ");
        assert!(b.finish(PassageKind::Paragraph, 0).is_none());
    }

    #[test]
    fn code_is_dedented_and_trimmed() {
        assert_eq!(
            clean_code("\n    fn main() {\n        go();\n    }\n\n"),
            "fn main() {\n    go();\n}"
        );
        let b = make_block(PassageKind::Code, 0, "  \n a\n").unwrap();
        assert_eq!(b.text, "a");
        assert!(make_block(PassageKind::Paragraph, 0, " \n ").is_none());
        assert_eq!(make_block(PassageKind::Paragraph, 0, "a\nb").unwrap().text, "a b");
    }
}
