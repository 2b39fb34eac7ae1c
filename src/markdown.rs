//! Notes' Markdown as a small typed tree, for the UI to build as DOM nodes.
//!
//! A note is written in Markdown and shown rendered (the margin, the editor's preview, the
//! notebook, the claim views). The UI never parses Markdown and never sets HTML: it receives this
//! tree and makes an element per node, so the tree is the whole of what a note can show. What is
//! deliberately absent: raw HTML (`<script>`, `<b>` and the rest stay text, shown as written),
//! images (an image shows its alt text, else its address, as text: nothing remote is loaded) and
//! links other than http(s) (their text is kept, the link is not). Parsed with pulldown-cmark
//! (CommonMark plus strikethrough), the same parser the Markdown importer uses.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A block of a rendered note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum MdBlock {
    Paragraph {
        inlines: Vec<MdInline>,
    },
    /// `level` 1 to 6.
    Heading {
        level: u8,
        inlines: Vec<MdInline>,
    },
    Quote {
        blocks: Vec<MdBlock>,
    },
    /// `start` is the first number of an ordered list; each item is a list of blocks.
    List {
        ordered: bool,
        start: Option<u32>,
        items: Vec<Vec<MdBlock>>,
    },
    Code {
        text: String,
    },
    Rule,
}

/// A stretch of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum MdInline {
    Text {
        text: String,
    },
    Strong {
        children: Vec<MdInline>,
    },
    Emphasis {
        children: Vec<MdInline>,
    },
    Strike {
        children: Vec<MdInline>,
    },
    Code {
        text: String,
    },
    /// A link to an http(s) address (other links are left as their text).
    Link {
        href: String,
        children: Vec<MdInline>,
    },
    /// A line break inside a paragraph.
    Break,
}

/// What is being built: the open blocks and inlines, innermost last.
enum Frame {
    /// The note itself, a quote or a list item: a list of blocks.
    Blocks(Vec<MdBlock>),
    List {
        ordered: bool,
        start: Option<u32>,
        items: Vec<Vec<MdBlock>>,
    },
    /// A paragraph, heading, or inline wrapper being filled with inlines.
    Inlines {
        kind: InlineKind,
        inlines: Vec<MdInline>,
    },
    Code(String),
}

enum InlineKind {
    Paragraph,
    /// The text of a tight list item, which comes without a paragraph of its own.
    Implicit,
    Heading(u8),
    Strong,
    Emphasis,
    Strike,
    /// `None`: a link that is not http(s), kept as its text.
    Link(Option<String>),
    /// An image: its alt text is collected, shown as text (`dest` when it has none).
    Image(String),
}

/// Renders a note's Markdown as a tree of blocks. Never fails: what is not understood is text.
pub fn note_tree(markdown: &str) -> Vec<MdBlock> {
    let mut stack: Vec<Frame> = vec![Frame::Blocks(Vec::new())];
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(tag) => start(&mut stack, tag),
            Event::End(tag) => end(&mut stack, tag),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => text(&mut stack, &t),
            Event::InlineMath(t) | Event::DisplayMath(t) => text(&mut stack, &t),
            Event::Code(c) => inline(&mut stack, MdInline::Code { text: c.into_string() }),
            Event::FootnoteReference(l) => text(&mut stack, &format!("[^{l}]")),
            Event::SoftBreak => text(&mut stack, "\n"),
            Event::HardBreak => inline(&mut stack, MdInline::Break),
            Event::Rule => block(&mut stack, MdBlock::Rule),
            Event::TaskListMarker(done) => text(&mut stack, if done { "[x] " } else { "[ ] " }),
        }
    }
    // Close whatever the parser left open (it closes everything, but the tree must not depend
    // on it).
    while stack.len() > 1 {
        close(&mut stack);
    }
    match stack.pop() {
        Some(Frame::Blocks(b)) => b,
        _ => Vec::new(),
    }
}

fn start(stack: &mut Vec<Frame>, tag: Tag) {
    let inline_start = matches!(
        tag,
        Tag::Strong | Tag::Emphasis | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
    );
    if !inline_start {
        close_implicit(stack);
    }
    let frame = match tag {
        Tag::Paragraph => Frame::Inlines { kind: InlineKind::Paragraph, inlines: Vec::new() },
        Tag::Heading { level, .. } => {
            Frame::Inlines { kind: InlineKind::Heading(level as u8), inlines: Vec::new() }
        }
        Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_) => Frame::Blocks(Vec::new()),
        Tag::CodeBlock(_) | Tag::MetadataBlock(_) => Frame::Code(String::new()),
        Tag::HtmlBlock => Frame::Inlines { kind: InlineKind::Paragraph, inlines: Vec::new() },
        Tag::List(first) => Frame::List {
            ordered: first.is_some(),
            start: first.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            items: Vec::new(),
        },
        Tag::Strong => Frame::Inlines { kind: InlineKind::Strong, inlines: Vec::new() },
        Tag::Emphasis => Frame::Inlines { kind: InlineKind::Emphasis, inlines: Vec::new() },
        Tag::Strikethrough => Frame::Inlines { kind: InlineKind::Strike, inlines: Vec::new() },
        Tag::Link { dest_url, .. } => {
            let href = web_link(&dest_url);
            Frame::Inlines { kind: InlineKind::Link(href), inlines: Vec::new() }
        }
        Tag::Image { dest_url, .. } => {
            Frame::Inlines { kind: InlineKind::Image(dest_url.into_string()), inlines: Vec::new() }
        }
        // Tables, definition lists, super/subscript: not enabled, or shown as their text.
        _ => Frame::Inlines { kind: InlineKind::Paragraph, inlines: Vec::new() },
    };
    stack.push(frame);
}

fn end(stack: &mut Vec<Frame>, tag: TagEnd) {
    // The paragraph opened for a tight item's text ends with the item, or before a block.
    let inline_end = matches!(
        tag,
        TagEnd::Strong | TagEnd::Emphasis | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image
    );
    if !inline_end {
        close_implicit(stack);
    }
    if stack.len() > 1 {
        close(stack);
    }
}

/// Closes the paragraph opened for a tight list item's text, if it is the innermost frame.
fn close_implicit(stack: &mut Vec<Frame>) {
    if matches!(stack.last(), Some(Frame::Inlines { kind: InlineKind::Implicit, .. })) {
        close(stack);
    }
}

/// Closes the innermost frame into the one around it.
fn close(stack: &mut Vec<Frame>) {
    let Some(frame) = stack.pop() else { return };
    match frame {
        Frame::Blocks(blocks) => {
            // A list item, or a quote: which one depends on what holds it.
            if let Some(Frame::List { items, .. }) = stack.last_mut() {
                items.push(blocks);
            } else {
                block(stack, MdBlock::Quote { blocks });
            }
        }
        Frame::List { ordered, start, items } => {
            block(stack, MdBlock::List { ordered, start, items })
        }
        Frame::Code(text) => block(stack, MdBlock::Code { text }),
        Frame::Inlines { kind, inlines } => match kind {
            InlineKind::Paragraph | InlineKind::Implicit => {
                block(stack, MdBlock::Paragraph { inlines })
            }
            InlineKind::Heading(level) => block(stack, MdBlock::Heading { level, inlines }),
            InlineKind::Strong => inline(stack, MdInline::Strong { children: inlines }),
            InlineKind::Emphasis => inline(stack, MdInline::Emphasis { children: inlines }),
            InlineKind::Strike => inline(stack, MdInline::Strike { children: inlines }),
            InlineKind::Link(Some(href)) => {
                inline(stack, MdInline::Link { href, children: inlines })
            }
            InlineKind::Link(None) => {
                for i in inlines {
                    inline(stack, i);
                }
            }
            InlineKind::Image(dest) => {
                let alt = plain(&inlines);
                text(stack, if alt.trim().is_empty() { &dest } else { &alt });
            }
        },
    }
}

/// Adds a block to the innermost list of blocks (closing open inlines first is the parser's
/// job; a block inside inlines is wrapped as their text).
fn block(stack: &mut Vec<Frame>, b: MdBlock) {
    match stack.last_mut() {
        Some(Frame::Blocks(blocks)) => blocks.push(b),
        Some(Frame::List { items, .. }) => items.push(vec![b]),
        Some(Frame::Code(s)) => s.push_str(&plain_block(&b)),
        Some(Frame::Inlines { inlines, .. }) => {
            inlines.push(MdInline::Text { text: plain_block(&b) })
        }
        None => stack.push(Frame::Blocks(vec![b])),
    }
}

/// Adds an inline to the innermost paragraph or wrapper, opening a paragraph when a list item
/// or quote receives text directly (a tight list).
fn inline(stack: &mut Vec<Frame>, i: MdInline) {
    match stack.last_mut() {
        Some(Frame::Inlines { inlines, .. }) => match (inlines.last_mut(), i) {
            (Some(MdInline::Text { text }), MdInline::Text { text: more }) => text.push_str(&more),
            (_, i) => inlines.push(i),
        },
        Some(Frame::Code(s)) => s.push_str(&plain(std::slice::from_ref(&i))),
        _ => {
            stack.push(Frame::Inlines { kind: InlineKind::Implicit, inlines: vec![i] });
        }
    }
}

fn text(stack: &mut Vec<Frame>, t: &str) {
    if let Some(Frame::Code(s)) = stack.last_mut() {
        s.push_str(t);
        return;
    }
    if let Some(Frame::Inlines { inlines, .. }) = stack.last_mut() {
        if let Some(MdInline::Text { text }) = inlines.last_mut() {
            text.push_str(t);
            return;
        }
    }
    inline(stack, MdInline::Text { text: t.to_owned() });
}

/// The address of a link if it is http(s), else `None`.
fn web_link(dest: &str) -> Option<String> {
    let d = dest.trim();
    let lower = d.get(..8).unwrap_or(d).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| d.to_owned())
}

fn plain(inlines: &[MdInline]) -> String {
    let mut s = String::new();
    for i in inlines {
        match i {
            MdInline::Text { text } | MdInline::Code { text } => s.push_str(text),
            MdInline::Strong { children }
            | MdInline::Emphasis { children }
            | MdInline::Strike { children }
            | MdInline::Link { children, .. } => s.push_str(&plain(children)),
            MdInline::Break => s.push('\n'),
        }
    }
    s
}

fn plain_block(b: &MdBlock) -> String {
    match b {
        MdBlock::Paragraph { inlines } | MdBlock::Heading { inlines, .. } => plain(inlines),
        MdBlock::Quote { blocks } => blocks.iter().map(plain_block).collect::<Vec<_>>().join("\n"),
        MdBlock::List { items, .. } => {
            items.iter().flat_map(|i| i.iter().map(plain_block)).collect::<Vec<_>>().join("\n")
        }
        MdBlock::Code { text } => text.clone(),
        MdBlock::Rule => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::MdBlock::*;
    use super::MdInline::*;
    use super::*;

    fn t(s: &str) -> MdInline {
        Text { text: s.into() }
    }

    #[test]
    fn chinese_emphasis_is_bold_and_italic() {
        assert_eq!(
            note_tree("这是**重点**，也是*次要*的。"),
            vec![Paragraph {
                inlines: vec![
                    t("这是"),
                    Strong { children: vec![t("重点")] },
                    t("，也是"),
                    Emphasis { children: vec![t("次要")] },
                    t("的。"),
                ]
            }]
        );
        assert_eq!(
            note_tree("**重点**"),
            vec![Paragraph { inlines: vec![Strong { children: vec![t("重点")] }] }]
        );
    }

    #[test]
    fn html_and_script_stay_text() {
        let tree =
            note_tree("<script>alert(1)</script>\n\n看 <b>这里</b> <img src=x onerror=alert(1)>");
        let shown: Vec<String> = tree.iter().map(plain_block).collect();
        assert_eq!(shown[0], "<script>alert(1)</script>\n");
        assert_eq!(shown[1], "看 <b>这里</b> <img src=x onerror=alert(1)>");
        assert!(matches!(tree[0], Paragraph { .. }));
        assert!(!format!("{tree:?}").contains("Link"));
    }

    #[test]
    fn images_show_their_alt_text_and_only_web_links_are_links() {
        assert_eq!(
            note_tree("![一张图](https://example.com/x.png) ![](https://e.com/y.png)"),
            vec![Paragraph { inlines: vec![t("一张图 https://e.com/y.png")] }]
        );
        assert_eq!(
            note_tree("[来源](https://example.com/a) [坏](javascript:alert(1)) [本地](file:///etc/passwd)"),
            vec![Paragraph {
                inlines: vec![
                    Link { href: "https://example.com/a".into(), children: vec![t("来源")] },
                    t(" 坏 本地"),
                ]
            }]
        );
    }

    #[test]
    fn blocks_lists_quotes_code_and_breaks() {
        assert_eq!(
            note_tree("- 一 **二**\n  - 三"),
            vec![List {
                ordered: false,
                start: None,
                items: vec![vec![
                    Paragraph { inlines: vec![t("一 "), Strong { children: vec![t("二")] }] },
                    List {
                        ordered: false,
                        start: None,
                        items: vec![vec![Paragraph { inlines: vec![t("三")] }]]
                    },
                ]]
            }]
        );
        let tree = note_tree("# 标题\n\n- 一\n- **二**\n\n1. 甲\n2. 乙\n\n> 引用\n\n```\nlet x = 1;\n```\n\n---\n\n行一  \n行二 ~~删~~ `码`");
        assert_eq!(tree[0], Heading { level: 1, inlines: vec![t("标题")] });
        assert_eq!(
            tree[1],
            List {
                ordered: false,
                start: None,
                items: vec![
                    vec![Paragraph { inlines: vec![t("一")] }],
                    vec![Paragraph { inlines: vec![Strong { children: vec![t("二")] }] }],
                ]
            }
        );
        assert!(
            matches!(&tree[2], List { ordered: true, start: Some(1), items } if items.len() == 2)
        );
        assert_eq!(tree[3], Quote { blocks: vec![Paragraph { inlines: vec![t("引用")] }] });
        assert_eq!(tree[4], MdBlock::Code { text: "let x = 1;\n".into() });
        assert_eq!(tree[5], Rule);
        assert_eq!(
            tree[6],
            Paragraph {
                inlines: vec![
                    t("行一"),
                    Break,
                    t("行二 "),
                    Strike { children: vec![t("删")] },
                    t(" "),
                    MdInline::Code { text: "码".into() },
                ]
            }
        );
        assert_eq!(note_tree(""), Vec::<MdBlock>::new());
    }
}
