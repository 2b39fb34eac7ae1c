//! From a (cleaned) DOM subtree to text blocks. Markup never survives: only text, the block's
//! kind and level, and http(s) links by offset come out.

use super::dom::{Dom, Kind, NodeId};
use crate::import::blocks::{make_block, InlineBuilder};
use crate::import::{Block, ImageRef};
use crate::model::PassageKind;
use std::collections::HashSet;

/// Elements that start a new block (also in HTML inside Markdown: `import::html_text`).
pub const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "caption",
    "body",
    "html",
    "br",
    "img",
    "picture",
    "video",
    "audio",
    "form",
    "menu",
    "listing",
    "xmp",
    "plaintext",
];

/// Elements whose content is never article text.
pub const SKIP_TAGS: &[&str] = &[
    "script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "head", "title",
    "meta", "link", "base", "input", "button", "select", "textarea", "option", "canvas", "map",
    "rp", "rt", "source", "track", "param",
];

/// A `<script type="math/tex">`: MathJax keeps a formula's TeX there.
pub fn is_tex_script(dom: &Dom, id: NodeId) -> bool {
    dom.tag(id) == "script"
        && dom
            .attr(id, "type")
            .is_some_and(|t| t.trim().to_ascii_lowercase().starts_with("math/tex"))
}

/// Walks a subtree and writes blocks.
pub struct Renderer<'a> {
    dom: &'a Dom,
    blocks: Vec<Block>,
    cur: InlineBuilder,
    cur_kind: PassageKind,
    cur_level: u8,
    list_depth: u8,
    quote_depth: u8,
    /// The level of the list item the walk is in (0: none, or a quote inside it): a paragraph
    /// or block written there (`<li><p>…</p></li>`) belongs to the item.
    item_level: u8,
    /// Whether the walk is inside a figure with a caption: its images' alts are not written,
    /// the caption says it once.
    captioned: bool,
    /// The base for resolving relative links (the page's URL), when known.
    base: Option<String>,
    /// Whether images become caption blocks with their alt text.
    pub image_alts: bool,
    /// Captions written so far (see [`Renderer::first_caption`]).
    captions: HashSet<String>,
    /// The alt text written as the last block, if the last block was one.
    last_alt: Option<String>,
    /// The images met, each placed before the block that follows it.
    images: Vec<ImageRef>,
}

/// Shortest caption (characters) that is left out when repeated.
const MIN_DEDUP_CAPTION_CHARS: usize = 15;

impl<'a> Renderer<'a> {
    pub fn new(dom: &'a Dom, base: Option<String>) -> Renderer<'a> {
        Renderer {
            dom,
            blocks: Vec::new(),
            cur: InlineBuilder::new(),
            cur_kind: PassageKind::Paragraph,
            cur_level: 0,
            list_depth: 0,
            quote_depth: 0,
            item_level: 0,
            captioned: false,
            base,
            image_alts: true,
            captions: HashSet::new(),
            last_alt: None,
            images: Vec::new(),
        }
    }

    /// Renders the live subtree at `root` and gives its blocks and its images.
    pub fn render(mut self, root: NodeId) -> (Vec<Block>, Vec<ImageRef>) {
        self.walk(root);
        self.flush();
        (self.blocks, self.images)
    }

    /// Records an image where the walk is: after the paragraph being written, if any (an image
    /// inside a sentence does not split it).
    fn image(&mut self, id: NodeId) {
        let dom = self.dom;
        let Some(src) = image_source(dom, id) else { return };
        if is_spacer(dom, id) {
            return;
        }
        let position = self.blocks.len() + usize::from(!self.cur.text().is_empty());
        let alt = dom.attr(id, "alt").unwrap_or("").split_whitespace().collect::<Vec<_>>();
        self.images.push(ImageRef {
            position,
            src,
            alt: alt.join(" "),
            caption: String::new(),
            bytes: None,
        });
    }

    /// The kind and level an ordinary paragraph has here (inside a list item it is the item,
    /// inside a quote a quote line).
    fn para_kind(&self) -> (PassageKind, u8) {
        if self.item_level > 0 {
            (PassageKind::ListItem, self.item_level)
        } else if self.quote_depth > 0 {
            (PassageKind::Quote, self.quote_depth)
        } else {
            (PassageKind::Paragraph, 0)
        }
    }

    /// True the first time a caption's text is seen; a caption written again (a slideshow's
    /// loop, a template's caption under every photo) is not repeated. Very short alts ("line",
    /// "photo") say nothing either way and always pass.
    fn first_caption(&mut self, text: &str) -> bool {
        text.chars().count() < MIN_DEDUP_CAPTION_CHARS || self.captions.insert(text.to_owned())
    }

    fn flush(&mut self) {
        let b = std::mem::take(&mut self.cur);
        if let Some(block) = b.finish(self.cur_kind, self.cur_level) {
            self.last_alt = None;
            self.blocks.push(block);
        }
        let (k, l) = self.para_kind();
        self.cur_kind = k;
        self.cur_level = l;
    }

    /// Flushes and sets the kind of the block that the next inline content starts.
    fn start(&mut self, kind: PassageKind, level: u8) {
        self.flush();
        self.cur_kind = kind;
        self.cur_level = level;
    }

    fn walk_children(&mut self, id: NodeId) {
        let kids: Vec<NodeId> = self.dom.kids(id).collect();
        for k in kids {
            self.walk(k);
        }
    }

    fn walk(&mut self, id: NodeId) {
        let dom = self.dom;
        let tag = match &dom.nodes[id].kind {
            Kind::Text(t) => {
                push_html_text(&mut self.cur, t);
                return;
            }
            Kind::Root => {
                self.walk_children(id);
                return;
            }
            Kind::Elem { tag, .. } => tag.as_str(),
        };
        if tag == "script" && is_tex_script(dom, id) {
            let mut tex = String::new();
            raw_text(dom, id, &mut tex);
            self.formula(&tex, dom.attr(id, "type").is_some_and(|t| t.contains("display")));
            return;
        }
        if SKIP_TAGS.contains(&tag) || is_hidden(dom, id) || is_typeset_formula(dom, id) {
            return;
        }
        match tag {
            "math" => {
                let display = dom.attr(id, "display").is_some_and(|d| d.trim() == "block");
                self.formula(&math_text(dom, id), display);
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = tag.as_bytes()[1] - b'0';
                self.start(PassageKind::Heading, level);
                self.walk_children(id);
                self.flush();
            }
            "p" | "dt" | "dd" | "address" | "summary" | "caption" => {
                let (k, l) = self.para_kind();
                self.start(k, l);
                self.walk_children(id);
                self.flush();
            }
            "figure" => {
                let first = self.images.len();
                let caption = dom.find_all(id, &["figcaption"]).first().map(|&c| dom.text(c));
                let caption = caption.map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "));
                let was = self.captioned;
                self.captioned = caption.as_ref().is_some_and(|c| !c.is_empty());
                self.flush();
                self.walk_children(id);
                self.flush();
                self.captioned = was;
                for img in &mut self.images[first..] {
                    if img.caption.is_empty() {
                        img.caption.clone_from(caption.as_ref().unwrap_or(&String::new()));
                    }
                }
            }
            "figcaption" => {
                self.start(PassageKind::Caption, 0);
                self.walk_children(id);
                let text = self.cur.text().to_owned();
                // The alt just written with the same words is the same figure: both stay.
                let same_figure = self.last_alt.as_deref() == Some(text.as_str());
                if !same_figure && !self.first_caption(&text) {
                    self.cur = InlineBuilder::new();
                }
                self.flush();
            }
            "ul" | "ol" | "menu" => {
                self.flush();
                self.list_depth = self.list_depth.saturating_add(1);
                self.walk_children(id);
                self.flush();
                self.list_depth -= 1;
            }
            "li" => {
                let level = self.list_depth.max(1);
                let was = std::mem::replace(&mut self.item_level, level);
                self.start(PassageKind::ListItem, level);
                self.walk_children(id);
                self.item_level = was;
                self.flush();
            }
            "blockquote" => {
                self.flush();
                let item = std::mem::take(&mut self.item_level);
                self.quote_depth = self.quote_depth.saturating_add(1);
                let (k, l) = self.para_kind();
                self.cur_kind = k;
                self.cur_level = l;
                self.walk_children(id);
                self.flush();
                self.quote_depth -= 1;
                self.item_level = item;
                let (k, l) = self.para_kind();
                self.cur_kind = k;
                self.cur_level = l;
            }
            "pre" | "listing" | "xmp" | "plaintext" => {
                self.flush();
                let mut raw = String::new();
                raw_text(dom, id, &mut raw);
                if let Some(b) = make_block(PassageKind::Code, 0, &raw) {
                    self.blocks.push(b);
                }
            }
            "br" | "hr" => {
                // A line break ends the line as a block of its own: a block never holds '\n'.
                let (k, l) = (self.cur_kind, self.cur_level);
                self.flush();
                if tag == "br" && k == PassageKind::ListItem {
                    // The rest of a list item stays in the list, as a continuation.
                    self.cur_kind = k;
                    self.cur_level = l;
                }
            }
            "img" if is_formula_image(dom, id) => {
                // A formula drawn as a picture (Wikipedia): its alt is the TeX, part of the line.
                let alt = dom.attr(id, "alt").unwrap_or("").trim();
                self.formula(strip_displaystyle(alt), false);
            }
            "img" => {
                self.image(id);
                if self.image_alts && !self.captioned {
                    let alt = dom.attr(id, "alt").unwrap_or("").trim();
                    if !alt.is_empty() && !is_file_name(alt) && self.first_caption(alt) {
                        self.flush();
                        if let Some(b) = make_block(PassageKind::Caption, 0, alt) {
                            self.last_alt = Some(b.text.clone());
                            self.blocks.push(b);
                        }
                    }
                }
            }
            "table" => self.table(id),
            "a" => {
                let href = dom.attr(id, "href").and_then(|h| safe_href(h, self.base.as_deref()));
                if let Some(h) = &href {
                    self.cur.start_link(h);
                }
                self.walk_children(id);
                if href.is_some() {
                    self.cur.end_link();
                }
            }
            "ruby" => {
                // Only the base text: annotations (rt) and their parentheses (rp) are skipped.
                self.walk_children(id);
            }
            "td" | "th" => {
                // A cell outside a data table (layout tables): its content as blocks.
                self.flush();
                self.walk_children(id);
                self.flush();
            }
            _ => {
                let block = BLOCK_TAGS.contains(&tag);
                if block {
                    self.flush();
                }
                self.walk_children(id);
                if block {
                    self.flush();
                }
            }
        }
    }

    /// Writes a formula's text: inline within the line, or as a paragraph of its own.
    fn formula(&mut self, text: &str, display: bool) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if display {
            let (k, l) = self.para_kind();
            self.start(k, l);
            self.cur.push_str(text);
            self.flush();
        } else {
            self.cur.soft_break();
            self.cur.push_str(text);
            self.cur.soft_break();
        }
    }

    /// A table: a data table becomes one block per row with cells joined by `" | "`; a layout
    /// table (used to position a page's parts) is walked as ordinary content.
    fn table(&mut self, id: NodeId) {
        let dom = self.dom;
        self.flush();
        if !is_data_table(dom, id) {
            self.walk_children(id);
            self.flush();
            return;
        }
        for row in rows(dom, id) {
            let mut b = InlineBuilder::new();
            let mut images = Vec::new();
            let mut first = true;
            for cell in dom.kids(row).filter(|&c| matches!(dom.tag(c), "td" | "th")) {
                if !first {
                    b.push_separator(" | ");
                }
                first = false;
                let mut sub = Renderer::new(dom, self.base.clone());
                sub.image_alts = false;
                sub.cur = b;
                sub.walk_children(cell);
                b = std::mem::take(&mut sub.cur);
                images.append(&mut sub.images);
                // Blocks a cell produced on its own (nested lists) are joined into the row.
                for extra in sub.blocks {
                    b.space();
                    b.push_str(&extra.text);
                }
            }
            if let Some(block) = b.finish(PassageKind::TableRow, 0) {
                self.blocks.push(block);
            }
            // Images in the row's cells come after it.
            let after = self.blocks.len();
            self.images.extend(images.drain(..).map(|i| ImageRef { position: after, ..i }));
        }
        // A caption comes after the rows it describes in the DOM order we keep.
        for c in dom.kids(id).filter(|&c| dom.tag(c) == "caption") {
            let mut raw = String::new();
            raw_text(dom, c, &mut raw);
            let t = html_inline_text(&raw);
            if let Some(b) = make_block(PassageKind::Caption, 0, &t) {
                self.blocks.push(b);
            }
        }
    }
}

/// The text of a MathML formula: its TeX annotation when it has one, else its characters
/// (annotations left out).
fn math_text(dom: &Dom, math: NodeId) -> String {
    for a in dom.find_all(math, &["annotation"]) {
        let enc = dom.attr(a, "encoding").unwrap_or("").to_ascii_lowercase();
        if enc.contains("tex") {
            let mut tex = String::new();
            raw_text(dom, a, &mut tex);
            return strip_displaystyle(tex.trim()).to_owned();
        }
    }
    let mut out = String::new();
    let mut stack = vec![math];
    while let Some(n) = stack.pop() {
        match &dom.nodes[n].kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Elem { tag, .. } if tag == "annotation" || tag == "annotation-xml" => {}
            _ => stack.extend(dom.kids(n).collect::<Vec<_>>().into_iter().rev()),
        }
    }
    html_inline_text(&out)
}

/// Text with HTML's white space rules applied as in a paragraph: runs collapse, and vanish
/// between ideographs or kana (see [`push_html_text`]).
fn html_inline_text(raw: &str) -> String {
    let mut b = InlineBuilder::new();
    push_html_text(&mut b, raw);
    b.text().to_owned()
}

/// `{\displaystyle x}` → `x`: the wrapper Wikipedia puts around every formula's TeX.
fn strip_displaystyle(tex: &str) -> &str {
    tex.strip_prefix("{\\displaystyle")
        .or_else(|| tex.strip_prefix("{\\textstyle"))
        .and_then(|t| t.strip_suffix('}'))
        .map_or(tex, str::trim)
}

/// An image standing for a formula (MediaWiki's fallback images).
fn is_formula_image(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "class").is_some_and(|c| c.contains("mwe-math-fallback-image"))
}

/// MathJax 2's typeset output and preview: the glyphs, not the formula (its TeX follows in a
/// `<script type="math/tex">`, rendered instead).
fn is_typeset_formula(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "class").is_some_and(|c| {
        c.split_whitespace().any(|w| {
            matches!(
                w,
                "MathJax"
                    | "MathJax_Display"
                    | "MathJax_Preview"
                    | "MathJax_SVG"
                    | "MathJax_CHTML"
                    | "MathJax_SVG_Display"
            )
        })
    })
}

/// True for alt text that is only an image's file name (`IMG_1234.jpg`, `DSC01234`): no
/// description worth keeping.
pub fn is_file_name(alt: &str) -> bool {
    const EXT: &[&str] =
        &["jpg", "jpeg", "png", "gif", "webp", "svg", "bmp", "tif", "tiff", "avif", "heic"];
    let alt = alt.trim();
    if alt.contains(char::is_whitespace) && !alt.contains('.') {
        return false;
    }
    let lower = alt.to_ascii_lowercase();
    if let Some((stem, ext)) = lower.rsplit_once('.') {
        if EXT.contains(&ext) && !stem.is_empty() && !stem.contains(' ') {
            return true;
        }
    }
    // Camera names without an extension: IMG_1234, DSC01234, DSCF1234, PXL_20240101_…
    let prefix = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == '_' || c == '-');
    matches!(prefix, "img" | "dsc" | "dscf" | "dscn" | "pxl" | "image" | "photo" | "p")
        && prefix.len() < lower.len()
}

/// Where an image's bytes are, from its attributes: a lazy-loading page's `data-src` (and its
/// kin) first, as the real picture while `src` holds a placeholder; then the largest candidate of
/// `srcset`; then `src`. Relative references are resolved later, against the page's address or
/// folder, so they are given as written.
pub fn image_source(dom: &Dom, id: NodeId) -> Option<String> {
    const LAZY: &[&str] = &["data-src", "data-original", "data-actualsrc", "data-lazy-src"];
    let usable = |s: &&str| !s.trim().is_empty() && !s.trim_start().starts_with('#');
    let lazy = LAZY.iter().find_map(|a| dom.attr(id, a).filter(usable));
    let from_set = || dom.attr(id, "srcset").and_then(best_srcset_candidate);
    let src = || dom.attr(id, "src").filter(usable).map(str::to_owned);
    lazy.map(|s| s.trim().to_owned()).or_else(from_set).or_else(src)
}

/// The largest candidate of a `srcset` (by its `w` or `x` descriptor; a candidate without one
/// counts as `1x`).
pub fn best_srcset_candidate(srcset: &str) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    // Candidates are separated by commas (a URL holding a comma, rare in a srcset, is skipped).
    for cand in srcset.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        let mut parts = cand.split_whitespace();
        let Some(url) = parts.next() else { continue };
        let weight = match parts.next() {
            Some(d) if d.ends_with('w') || d.ends_with('x') => d[..d.len() - 1]
                .parse::<f64>()
                .ok()
                .map(|v| if d.ends_with('x') { v * 1000.0 } else { v }),
            Some(_) => None,
            None => Some(1000.0),
        };
        let Some(weight) = weight else { continue };
        if best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, url));
        }
    }
    best.map(|(_, u)| u.to_owned())
}

/// True for an image the page declares 2 px or less on a side: a spacer or a tracking pixel,
/// never fetched (real images are never dropped for being small otherwise).
fn is_spacer(dom: &Dom, id: NodeId) -> bool {
    let side =
        |a: &str| dom.attr(id, a).and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok());
    side("width").is_some_and(|w| w <= 2) || side("height").is_some_and(|h| h <= 2)
}

/// Rows of a table (through thead/tbody/tfoot), not those of nested tables.
fn rows(dom: &Dom, table: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    for c in dom.kids(table) {
        match dom.tag(c) {
            "tr" => out.push(c),
            "thead" | "tbody" | "tfoot" => {
                out.extend(dom.kids(c).filter(|&r| dom.tag(r) == "tr"));
            }
            _ => {}
        }
    }
    out
}

/// True for a table of data rather than of layout: not marked presentational, no nested table,
/// and no cell holding block content (paragraphs, lists, headings).
pub fn is_data_table(dom: &Dom, table: NodeId) -> bool {
    if dom.attr(table, "role") == Some("presentation") {
        return false;
    }
    let inner = dom.find_all(
        table,
        &["table", "p", "div", "ul", "ol", "h1", "h2", "h3", "h4", "pre", "blockquote"],
    );
    if !inner.is_empty() {
        return false;
    }
    let r = rows(dom, table);
    !r.is_empty()
}

/// Text with white space kept exactly, for `<pre>`; `<br>` is a line break.
fn raw_text(dom: &Dom, id: NodeId, out: &mut String) {
    for k in dom.kids(id) {
        match &dom.nodes[k].kind {
            Kind::Text(t) => out.push_str(t),
            Kind::Elem { tag, .. } if tag == "br" => out.push('\n'),
            Kind::Elem { tag, .. } if SKIP_TAGS.contains(&tag.as_str()) => {}
            _ => raw_text(dom, k, out),
        }
    }
}

/// Writes a text node: ASCII white space runs join like line breaks (no space between CJK
/// characters, one space elsewhere), because in HTML a space and a newline are the same thing;
/// no-break and ideographic spaces stay spaces.
pub fn push_html_text(b: &mut InlineBuilder, t: &str) {
    for c in t.chars() {
        match c {
            ' ' | '\t' | '\n' | '\r' | '\x0c' => b.soft_break(),
            '\u{200b}' | '\u{feff}' | '\u{ad}' => {}
            _ => {
                let mut buf = [0u8; 4];
                b.push_str(c.encode_utf8(&mut buf));
            }
        }
    }
}

/// True for elements the page hides from readers.
pub fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    if dom.attr(id, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        // Readers keep fallback images that pages mark aria-hidden.
        let class = dom.attr(id, "class").unwrap_or("");
        if !class.contains("fallback-image") {
            return true;
        }
    }
    if let Some(style) = dom.attr(id, "style") {
        let s: String = style.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// An absolute http(s) URL for `href`, resolved against `base` when relative; `None` for
/// anything else (`javascript:`, `mailto:`, fragments, data URLs), which must never be opened.
pub fn safe_href(href: &str, base: Option<&str>) -> Option<String> {
    let h = href.trim();
    let lower = h.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(h.to_owned());
    }
    if h.starts_with('#') || h.is_empty() || lower.contains(':') && !lower.starts_with('/') {
        return None;
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if let Some(r) = h.strip_prefix("//") {
        return Some(format!("{scheme}://{r}"));
    }
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if h.starts_with('/') {
        return Some(format!("{origin}{h}"));
    }
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = match path.rfind('/') {
        Some(p) => &path[..=p],
        None => "/",
    };
    Some(format!("{origin}{dir}{h}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_space_joins_ideographs_but_not_korean_words() {
        assert_eq!(
            html_inline_text("大模型\n  训练，GPU\n。 big\n\tmodels 한국어\n문장"),
            "大模型训练，GPU。big models 한국어 문장"
        );
    }

    #[test]
    fn file_name_alts() {
        for alt in ["IMG_1234.jpg", "DSC01234", "photo.PNG", "pxl_20240101_093000"] {
            assert!(is_file_name(alt), "{alt}");
        }
        for alt in ["A heron at dusk", "图一：模型结构", "photo of the bridge.", "x"] {
            assert!(!is_file_name(alt), "{alt}");
        }
    }

    #[test]
    fn hrefs() {
        assert_eq!(safe_href("javascript:alert(1)", Some("https://a.b/")), None);
        assert_eq!(safe_href("mailto:x@y", None), None);
        assert_eq!(safe_href("#top", Some("https://a.b/")), None);
        assert_eq!(safe_href("/x", Some("https://a.b/c/d")).as_deref(), Some("https://a.b/x"));
        assert_eq!(safe_href("y", Some("https://a.b/c/d?q")).as_deref(), Some("https://a.b/c/y"));
        assert_eq!(safe_href("//c.d/e", Some("http://a.b")).as_deref(), Some("http://c.d/e"));
        assert_eq!(safe_href("x", None), None);
    }
}
