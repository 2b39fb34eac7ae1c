//! Markdown (CommonMark with GFM tables, strikethrough, task lists, footnotes and math) to blocks.
//!
//! Decisions, each made so that the reader shows the article's text and structure and nothing
//! else:
//! - Ordered list items keep their number as a `"3. "` prefix: the numbers are part of what the
//!   author wrote ("step 3"), and an export back to Markdown needs them. Bullet items get no prefix;
//!   their kind says they are list items. Task items start with `[ ] ` or `[x] `.
//! - An image that stands alone in its paragraph becomes a `Caption` block whose text is its alt
//!   text (surrounding quotes removed); an image inside a sentence contributes its alt text inline.
//!   An image without alt text leaves no text. Either way its address becomes an [`ImageRef`]
//!   placed before its caption, or after the paragraph it sits in, for the library to read (a
//!   file beside the document, a `data:` URI, a remote image through its fetcher); nothing is read
//!   or fetched here.
//! - Markup is never kept: HTML blocks and inline HTML lose their tags (and `script`/`style`
//!   content and comments) and keep their text; MDX `import`/`export` lines and JSX component tags
//!   (`<Cards>`, `<Card … />`, capitalised names) are removed before parsing, and a warning says
//!   how many lines went. Lines made only of a d2l/Sphinx role (`:label:`x``, `:width:`…``) are
//!   removed too; inline `:numref:`x`` keeps `x`, `:cite:`x`` becomes `[x]`.
//! - Inline code, emphasis and strikethrough become plain text; math keeps its `$…$` source.
//! - Soft and hard line breaks inside a paragraph are joined: nothing between CJK characters, a
//!   space elsewhere. Only code blocks keep line breaks.

use super::blocks::{make_block, InlineBuilder};
use super::meta::{parse_front_matter, split_front_matter};
use super::plain::mark_bylines;
use super::{Block, ImageRef};
use crate::model::{ArticleMeta, PassageKind};
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What parsing Markdown gives besides blocks.
#[derive(Debug, Default)]
pub struct MarkdownMeta {
    /// The metadata from front matter (title empty when it had none).
    pub meta: ArticleMeta,
    pub tags: Vec<String>,
    /// The text of the first level-1 heading, for the title when front matter has none.
    pub first_h1: Option<String>,
    pub warnings: Vec<String>,
    /// The images, in reading order, each placed before a block (see [`ImageRef::position`]).
    pub images: Vec<ImageRef>,
}

/// Parses normalised Markdown text into blocks and what it says about itself.
pub fn parse_markdown(text: &str) -> (Vec<Block>, MarkdownMeta) {
    let mut md = MarkdownMeta::default();
    let body = match split_front_matter(text) {
        Some((yaml, rest)) => {
            match parse_front_matter(yaml) {
                Ok(fm) => {
                    md.meta = fm.meta;
                    md.tags = fm.tags;
                }
                Err(w) => md.warnings.push(w),
            }
            rest
        }
        None => text,
    };
    let (clean, removed) = remove_mdx_lines(body);
    if removed > 0 {
        md.warnings.push(format!(
            "removed {removed} line{} of MDX/JSX or role markup (import/export statements, component tags, labels)",
            if removed == 1 { "" } else { "s" }
        ));
    }
    let mut walker = Walker::default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    for event in Parser::new_ext(&clean, options) {
        walker.event(event);
    }
    walker.flush();
    if walker.html_dropped {
        md.warnings.push("HTML markup was removed; its text was kept".to_owned());
    }
    md.first_h1 = walker.first_h1;
    md.images = walker.images;
    let mut blocks = walker.blocks;
    mark_bylines(&mut blocks, &mut md.meta);
    (blocks, md)
}

/// A container the parser is inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    /// A list, with the number its next item gets when it is ordered.
    List(Option<u64>),
    Item,
}

/// The block being written.
#[derive(Debug)]
struct Leaf {
    builder: InlineBuilder,
    kind: PassageKind,
    level: u8,
    /// Images seen, and whether anything else was written: an image-only paragraph is a caption.
    images: usize,
    other_text: bool,
}

#[derive(Debug, Default)]
struct Walker {
    blocks: Vec<Block>,
    stack: Vec<Container>,
    leaf: Option<Leaf>,
    heading: Option<u8>,
    /// The prefix (`"2."`, `"[^1]"`) the next leaf of a list item or footnote starts with.
    prefix: Option<String>,
    code: Option<String>,
    html: Option<String>,
    row: Option<(InlineBuilder, usize)>,
    image_depth: usize,
    /// The outermost image being read: its reference, its alt text written so far.
    image: Option<ImageRef>,
    images: Vec<ImageRef>,
    first_h1: Option<String>,
    html_dropped: bool,
}

impl Walker {
    /// The kind and level a paragraph gets where the parser is.
    fn context_kind(&self) -> (PassageKind, u8) {
        if let Some(level) = self.heading {
            return (PassageKind::Heading, level);
        }
        let depth = |c: Container| {
            self.stack
                .iter()
                .filter(|&&s| std::mem::discriminant(&s) == std::mem::discriminant(&c))
                .count()
        };
        match self.stack.iter().rev().find(|c| matches!(c, Container::Quote | Container::Item)) {
            Some(Container::Item) => {
                (PassageKind::ListItem, clamp_level(depth(Container::List(None))))
            }
            Some(Container::Quote) => (PassageKind::Quote, clamp_level(depth(Container::Quote))),
            _ => (PassageKind::Paragraph, 0),
        }
    }

    /// The builder inline content goes to, opening a leaf when none is open.
    fn builder(&mut self) -> &mut InlineBuilder {
        let fresh = if self.row.is_none() && self.leaf.is_none() {
            let (kind, level) = self.context_kind();
            let mut builder = InlineBuilder::new();
            if let Some(p) = self.prefix.take() {
                builder.push_str(&p);
                builder.space();
            }
            Some(Leaf { builder, kind, level, images: 0, other_text: false })
        } else {
            None
        };
        match (&mut self.row, &mut self.leaf) {
            (Some(row), _) => &mut row.0,
            (None, slot) => {
                let leaf = slot.get_or_insert_with(|| {
                    fresh.unwrap_or_else(|| Leaf {
                        builder: InlineBuilder::new(),
                        kind: PassageKind::Paragraph,
                        level: 0,
                        images: 0,
                        other_text: false,
                    })
                });
                &mut leaf.builder
            }
        }
    }

    /// Writes visible inline text, remembering whether it was outside an image.
    fn text(&mut self, s: &str) {
        let outside_image = self.image_depth == 0;
        if let Some(image) = self.image.as_mut() {
            image.alt.push_str(s);
        }
        self.builder().push_str(s);
        if outside_image && !s.trim().is_empty() {
            if let Some(leaf) = self.leaf.as_mut() {
                leaf.other_text = true;
            }
        }
    }

    /// Ends the open leaf, if any, and keeps its block.
    fn flush(&mut self) {
        let Some(leaf) = self.leaf.take() else { return };
        let caption = leaf.images > 0 && !leaf.other_text && leaf.kind != PassageKind::Heading;
        let kind = if caption { PassageKind::Caption } else { leaf.kind };
        let level = if caption { 0 } else { leaf.level };
        let Some(mut block) = leaf.builder.finish(kind, level) else {
            return;
        };
        if caption {
            let unquoted = block.text.trim_matches(['"', '“', '”', '\'']).trim();
            if unquoted.len() != block.text.len() {
                if unquoted.is_empty() {
                    return;
                }
                block.text = unquoted.to_owned();
                block.links.clear();
            }
        }
        if kind == PassageKind::Heading && level == 1 && self.first_h1.is_none() {
            self.first_h1 = Some(block.text.clone());
        }
        self.blocks.push(block);
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(code) = self.code.as_mut() {
                    code.push_str(&t);
                } else if let Some(html) = self.html.as_mut() {
                    html.push_str(&t);
                } else {
                    self.text(&t);
                }
            }
            Event::Code(c) => {
                let role = self.builder().take_role_suffix();
                match role.as_deref() {
                    Some("cite" | "citet" | "citep") => self.text(&format!("[{c}]")),
                    Some("label" | "width" | "height" | "eqlabel") => {}
                    _ => self.text(&c),
                }
            }
            Event::InlineMath(m) => self.text(&format!("${m}$")),
            Event::DisplayMath(m) => self.text(&format!("$${m}$$")),
            Event::Html(h) => {
                if let Some(html) = self.html.as_mut() {
                    html.push_str(&h);
                } else {
                    self.inline_html(&h);
                }
            }
            Event::InlineHtml(h) => self.inline_html(&h),
            Event::FootnoteReference(label) => self.text(&format!("[{label}]")),
            Event::SoftBreak | Event::HardBreak => {
                if let Some(code) = self.code.as_mut() {
                    code.push('\n');
                } else if self.leaf.is_some() || self.row.is_some() {
                    self.builder().soft_break();
                }
            }
            Event::Rule => self.flush(),
            Event::TaskListMarker(done) => {
                let marker = if done { "[x]" } else { "[ ]" };
                let b = self.builder();
                b.push_str(marker);
                b.space();
            }
        }
    }

    /// Inline HTML: a `<br>` is a line break; any other tag is dropped (its text comes separately).
    fn inline_html(&mut self, h: &str) {
        let tag = h.trim_start_matches('<').trim_start_matches('/').to_ascii_lowercase();
        if tag.starts_with("br") {
            if self.leaf.is_some() || self.row.is_some() {
                self.builder().soft_break();
            }
        } else if !(tag.starts_with("img") && self.html_images(h) > 0) {
            self.html_dropped = true;
        }
    }

    /// Keeps the `<img>`s of an HTML fragment (Typora writes `<img src="图片/a.png" style=…>`),
    /// placed where the walk is, as an image of Markdown's own syntax; gives how many.
    fn html_images(&mut self, html: &str) -> usize {
        let written = match (&self.row, &self.leaf) {
            (Some(row), _) => !row.0.text().is_empty(),
            (None, Some(leaf)) => !leaf.builder.text().is_empty(),
            (None, None) => false,
        };
        let position = self.blocks.len() + usize::from(written);
        let found = super::html_text::img_tags(html);
        let n = found.len();
        self.images.extend(found.into_iter().map(|(src, alt)| ImageRef {
            position,
            src,
            alt,
            ..ImageRef::default()
        }));
        n
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(level as u8);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.stack.push(Container::Quote);
            }
            Tag::CodeBlock(_) => {
                self.flush();
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.flush();
                self.html = Some(String::new());
            }
            Tag::List(start) => {
                self.flush();
                self.stack.push(Container::List(start));
            }
            Tag::Item => {
                self.flush();
                // Number the item from its list, and count on.
                let number = self.stack.iter_mut().rev().find_map(|c| match c {
                    Container::List(next) => Some(next),
                    _ => None,
                });
                self.prefix = match number {
                    Some(Some(n)) => {
                        let this = *n;
                        *n = n.saturating_add(1);
                        Some(format!("{this}."))
                    }
                    _ => None,
                };
                self.stack.push(Container::Item);
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                self.prefix = Some(format!("[{label}]:"));
            }
            Tag::Table(_) => self.flush(),
            Tag::TableHead | Tag::TableRow => {
                self.flush();
                self.row = Some((InlineBuilder::new(), 0));
            }
            Tag::TableCell => {
                if let Some((b, cells)) = self.row.as_mut() {
                    if *cells > 0 {
                        b.push_separator(" | ");
                    }
                    *cells += 1;
                }
            }
            Tag::Image { dest_url, .. } => {
                // Before the block this image's paragraph becomes when nothing was written yet
                // (its caption, usually), else after it.
                let written = !self.builder().text().is_empty();
                if let Some(leaf) = self.leaf.as_mut() {
                    leaf.images += 1;
                }
                if self.image_depth == 0 && !dest_url.trim().is_empty() {
                    self.image = Some(ImageRef {
                        position: self.blocks.len() + usize::from(written),
                        src: dest_url.trim().to_owned(),
                        ..ImageRef::default()
                    });
                }
                self.image_depth += 1;
            }
            Tag::Link { dest_url, .. } => self.builder().start_link(&dest_url),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush(),
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                pop(&mut self.stack, Container::Quote);
            }
            TagEnd::CodeBlock => {
                if let Some(code) = self.code.take() {
                    self.blocks.extend(make_block(PassageKind::Code, 0, &code));
                }
            }
            TagEnd::HtmlBlock => {
                if let Some(html) = self.html.take() {
                    let text = super::html_text::strip_tags(&html);
                    let only_images = self.html_images(&html) > 0 && text.trim().is_empty();
                    if text.trim() != html.trim() && !only_images {
                        self.html_dropped = true;
                    }
                    let (kind, level) = self.context_kind();
                    for para in text.split("\n\n") {
                        let mut b = InlineBuilder::new();
                        for line in para.split('\n') {
                            b.soft_break();
                            b.push_str(line);
                        }
                        self.blocks.extend(b.finish(kind, level));
                    }
                }
            }
            TagEnd::List(_) => {
                self.flush();
                self.stack.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.prefix = None;
                pop(&mut self.stack, Container::Item);
            }
            TagEnd::FootnoteDefinition => {
                self.flush();
                self.prefix = None;
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some((b, _)) = self.row.take() {
                    if b.text().chars().any(|c| c != '|' && !c.is_whitespace()) {
                        self.blocks.extend(b.finish(PassageKind::TableRow, 0));
                    }
                }
            }
            TagEnd::Image => {
                self.image_depth = self.image_depth.saturating_sub(1);
                if self.image_depth == 0 {
                    if let Some(mut image) = self.image.take() {
                        let alt = image.alt.split_whitespace().collect::<Vec<_>>().join(" ");
                        image.alt = alt.trim_matches(['"', '“', '”', '\'']).trim().to_owned();
                        self.images.push(image);
                    }
                }
            }
            TagEnd::Link => self.builder().end_link(),
            _ => {}
        }
    }
}

/// Pops `c` off the stack when it is on top (it always is, for a well-nested event stream).
fn pop(stack: &mut Vec<Container>, c: Container) {
    if stack.last().is_some_and(|top| std::mem::discriminant(top) == std::mem::discriminant(&c)) {
        stack.pop();
    }
}

fn clamp_level(n: usize) -> u8 {
    n.clamp(1, usize::from(u8::MAX)) as u8
}

/// Removes MDX and role lines that are markup, not text, outside fenced code: `import`/`export`
/// statements, JSX component tags (possibly spanning lines), and lines that are only a role such
/// as `:label:`fig``. Gives the cleaned text and how many lines went. Removed lines become empty
/// lines, so that the text around them stays in separate paragraphs.
pub fn remove_mdx_lines(text: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut fence: Option<(char, usize)> = None;
    let mut i = 0;
    while i < text.len() {
        let line_end = text[i..].find('\n').map_or(text.len(), |p| i + p + 1);
        let line = &text[i..line_end];
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if let Some((ch, n)) = fence {
            if t.trim_end().len() >= n && t.trim_end().chars().all(|c| c == ch) {
                fence = None;
            }
            out.push_str(line);
            i = line_end;
            continue;
        }
        if indent < 4 {
            if let Some(f) = opening_fence(t) {
                fence = Some(f);
                out.push_str(line);
                i = line_end;
                continue;
            }
        }
        if indent == 0 && is_esm_line(line) {
            // A multi-line `import {` … `} from '…'` runs until its `from`.
            let mut end = line_end;
            if !line.contains(" from ") && line.trim_end().ends_with('{') {
                for _ in 0..50 {
                    if end >= text.len() {
                        break;
                    }
                    let next_end = text[end..].find('\n').map_or(text.len(), |p| end + p + 1);
                    let next = &text[end..next_end];
                    removed += 1;
                    end = next_end;
                    if next.contains(" from ") || next.trim_start().starts_with('}') {
                        break;
                    }
                }
            }
            removed += 1;
            out.push('\n');
            i = end;
            continue;
        }
        if is_role_line(t.trim_end()) {
            removed += 1;
            out.push('\n');
            i = line_end;
            continue;
        }
        if starts_jsx_tag(t) {
            let mut j = i + indent;
            let mut consumed_any = false;
            while starts_jsx_tag(&text[j..]) {
                match super::html_text::tag_end(text, j) {
                    Some(end) => {
                        j = end;
                        consumed_any = true;
                        j += text[j..].len() - text[j..].trim_start_matches([' ', '\t']).len();
                    }
                    None => break,
                }
            }
            if consumed_any {
                removed += text[i..j].matches('\n').count() + 1;
                let rest_end = text[j..].find('\n').map_or(text.len(), |p| j + p + 1);
                let rest = &text[j..rest_end];
                if rest.trim().is_empty() {
                    out.push('\n');
                } else {
                    out.push_str(rest);
                }
                i = rest_end;
                continue;
            }
        }
        out.push_str(line);
        i = line_end;
    }
    (out, removed)
}

/// The fence character and length when `t` opens a fenced code block.
fn opening_fence(t: &str) -> Option<(char, usize)> {
    let ch = t.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = t.chars().take_while(|&c| c == ch).count();
    (n >= 3).then_some((ch, n))
}

/// An MDX `import`/`export` statement.
fn is_esm_line(line: &str) -> bool {
    let line = line.trim_end();
    if let Some(rest) = line.strip_prefix("import ") {
        let rest = rest.trim_start();
        return line.contains(" from ") || rest.starts_with(['\'', '"']) || rest.ends_with('{');
    }
    if let Some(rest) = line.strip_prefix("export ") {
        let word = rest
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '{' && c != '*')
            .next()
            .unwrap_or("");
        return ["const", "default", "function", "let", "var", "class", "async", "{", "*"]
            .contains(&word)
            || rest.starts_with('{')
            || rest.starts_with('*');
    }
    false
}

/// A line that is only a role, like ``:label:`chap_introduction` ``.
fn is_role_line(t: &str) -> bool {
    let Some(rest) = t.strip_prefix(':') else {
        return false;
    };
    let name_len = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
    let Some(value) = rest[name_len..].strip_prefix(":`") else {
        return false;
    };
    name_len > 0 && value.ends_with('`') && !value[..value.len() - 1].contains('`')
}

/// True when `s` starts with a JSX tag: `<Name`, `</Name`, `<>` or `</>`.
fn starts_jsx_tag(s: &str) -> bool {
    let rest = s.strip_prefix('<').map(|r| r.strip_prefix('/').unwrap_or(r));
    rest.is_some_and(|r| r.starts_with('>') || r.starts_with(|c: char| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Block> {
        parse_markdown(text).0
    }

    fn kinds(blocks: &[Block]) -> Vec<(PassageKind, u8, &str)> {
        blocks.iter().map(|b| (b.kind, b.level, b.text.as_str())).collect()
    }

    use PassageKind::*;

    #[test]
    fn headings_paragraphs_and_soft_breaks() {
        let blocks = parse("# 大模型\n\n算力是\n关键。\n\n## Compute\n\nCompute is\n*the* key.\n");
        assert_eq!(
            kinds(&blocks),
            [
                (Heading, 1, "大模型"),
                (Paragraph, 0, "算力是关键。"),
                (Heading, 2, "Compute"),
                (Paragraph, 0, "Compute is the key.")
            ]
        );
    }

    #[test]
    fn lists_with_nesting_and_numbers() {
        let blocks =
            parse("1. 第一\n2. 第二\n   - 子项\n     - 孙项\n3. third\n\n- [x] done\n- [ ] todo\n");
        assert_eq!(
            kinds(&blocks),
            [
                (ListItem, 1, "1. 第一"),
                (ListItem, 1, "2. 第二"),
                (ListItem, 2, "子项"),
                (ListItem, 3, "孙项"),
                (ListItem, 1, "3. third"),
                (ListItem, 1, "[x] done"),
                (ListItem, 1, "[ ] todo"),
            ]
        );
    }

    #[test]
    fn quotes_with_depth_and_code_blocks() {
        let blocks = parse("> 引用\n>\n> > 嵌套\n\n```rust\nfn main() {\n    go();\n}\n```\n\n    indented\n      more\n");
        assert_eq!(
            kinds(&blocks),
            [
                (Quote, 1, "引用"),
                (Quote, 2, "嵌套"),
                (Code, 0, "fn main() {\n    go();\n}"),
                (Code, 0, "indented\n  more")
            ]
        );
    }

    #[test]
    fn tables_one_row_per_block() {
        let blocks = parse("| 年代 | 数据 |\n| :--- | --- |\n| 1970 | 100 **KB** |\n| 1980 |  |\n");
        assert_eq!(
            kinds(&blocks),
            [(TableRow, 0, "年代 | 数据"), (TableRow, 0, "1970 | 100 KB"), (TableRow, 0, "1980 |")]
        );
    }

    #[test]
    fn images_become_captions_and_links_keep_offsets() {
        let blocks = parse("![\"RAG框架\"](../img/rag.png)\n\n如[这里](https://example.com/rag)所述，见 ![图](x.png)。\n\n![](x.png)\n");
        assert_eq!(
            kinds(&blocks),
            [(Caption, 0, "RAG框架"), (Paragraph, 0, "如这里所述，见 图。")]
        );
        let link = &blocks[1].links[0];
        assert_eq!((link.start, link.end, link.href.as_str()), (1, 3, "https://example.com/rag"));
    }

    #[test]
    fn images_are_kept_as_references_in_their_places() {
        let md = "# 标题\n\n![\"算力 曲线\"](图片/算力.png)\n\n如图![示意](a%20b.png)所示。\n\n\
                  <img src=\"图片/截图.png\" alt=\"截图\" style=\"zoom:50%;\" />\n\n\
                  文字<img src='x.png?a=1&amp;b=2'>继续\n\n| 表 | ![格](c.png) |\n| - | - |\n";
        let (blocks, meta) = parse_markdown(md);
        let got: Vec<(usize, &str, &str)> =
            meta.images.iter().map(|i| (i.position, i.src.as_str(), i.alt.as_str())).collect();
        assert_eq!(
            got,
            [
                (1, "图片/算力.png", "算力 曲线"),
                (3, "a%20b.png", "示意"),
                (3, "图片/截图.png", "截图"),
                (4, "x.png?a=1&b=2", ""),
                (5, "c.png", "格")
            ]
        );
        assert_eq!(blocks[1].text, "算力 曲线");
        assert_eq!(blocks[3].text, "文字继续");
        assert!(meta.warnings.is_empty(), "{:?}", meta.warnings);
    }

    #[test]
    fn html_and_jsx_are_dropped_but_text_kept() {
        let md = "import {Cards, Card} from 'nextra-theme-docs'\n\n# T\n\n<Cards>\n    <Card\n    icon={<FilesIcon />}\n    title=\"ReAct\"\n    href=\"https://x\"\n    />\n</Cards>\n\n<div class=\"note\"><p>保留的<b>文字</b></p><script>alert(1)</script></div>\n\n文字<span style=\"x\">内联</span>继续\n";
        let (blocks, meta) = parse_markdown(md);
        assert_eq!(
            kinds(&blocks),
            [(Heading, 1, "T"), (Paragraph, 0, "保留的文字"), (Paragraph, 0, "文字内联继续")]
        );
        assert!(meta.warnings.iter().any(|w| w.contains("removed 8 lines")), "{:?}", meta.warnings);
    }

    #[test]
    fn front_matter_and_title() {
        let (blocks, meta) =
            parse_markdown("---\ntitle: 标题\ntags: [a, b]\n---\n# 另一个\n\n正文。\n");
        assert_eq!(meta.meta.title, "标题");
        assert_eq!(meta.tags, ["a", "b"]);
        assert_eq!(meta.first_h1.as_deref(), Some("另一个"));
        assert_eq!(blocks.len(), 2);
        let (_, meta) = parse_markdown("---\ntitle: [broken\n---\n正文。\n");
        assert!(meta.warnings[0].contains("not valid YAML"));
    }

    #[test]
    fn d2l_roles() {
        let blocks = parse("# 引言\n:label:`chap_intro`\n\n如 :numref:`fig_x` 所示，见 :cite:`Smith.2020`。\n\n![图](a.svg)\n:width:`200px`\n:label:`fig_x`\n");
        assert_eq!(
            kinds(&blocks),
            [
                (Heading, 1, "引言"),
                (Paragraph, 0, "如 fig_x 所示，见 [Smith.2020]。"),
                (Caption, 0, "图")
            ]
        );
    }

    #[test]
    fn byline_paragraph() {
        let (blocks, meta) = parse_markdown("# 标题\n\n作者：张三 来源：某网站\n\n正文。\n");
        assert_eq!(blocks[1].kind, Byline);
        assert_eq!(meta.meta.author.as_deref(), Some("张三"));
        assert_eq!(meta.meta.site.as_deref(), Some("某网站"));
    }
}
