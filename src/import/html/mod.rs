//! The HTML reader: a saved web page (or pasted HTML) to a [`Document`] holding only the
//! article — its title, author, site, date and language, and its text as blocks.
//!
//! Steps: [`charset::decode_html`] finds the encoding; html5ever parses (it recovers from any
//! input, so this never fails on bad markup); [`meta::page_meta`] reads the metadata;
//! [`sites::prepare`] runs the pass of a site known by its structure (微信公众号, Chinese news
//! sites), which may find the article itself; otherwise [`extract::extract`] finds it; [`render::Renderer`] turns it into blocks. No markup
//! survives into the blocks, and links are kept only when they are absolute http(s) URLs.

mod boilerplate;
mod bounded;
mod charset;
mod clutter;
mod dom;
mod extract;
mod meta;
mod render;
mod sites;

pub(crate) use bounded::{parse_bounded, BoundedLimits};
pub use charset::decode_html;
pub use render::safe_href;
pub(crate) use render::BLOCK_TAGS;

use super::{detect_language, Block, Document};
use crate::model::PassageKind;
use crate::{Error, Result};
use dom::Dom;

/// Options for [`html_to_document`].
#[derive(Debug, Clone, Copy)]
pub struct HtmlOptions {
    /// Find the article (Reader View); when false, all of the body is kept (pasted fragments,
    /// EPUB chapters, which have no clutter to remove).
    pub extract: bool,
}

/// Parses a web page's bytes; `name` is used in errors and as the last-resort title.
pub fn parse_html(name: &str, bytes: &[u8]) -> Result<Document> {
    let decoded = decode_html(bytes).map_err(|e| e.context(name))?;
    let stem =
        std::path::Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name).to_owned();
    let mut doc = html_to_document(&decoded.text, HtmlOptions { extract: true });
    if doc.meta.title.is_empty() {
        doc.meta.title = stem;
    }
    doc.encoding = decoded.encoding;
    let mut warnings = decoded.warnings;
    warnings.append(&mut doc.warnings);
    doc.warnings = warnings;
    doc.meta.source = Some(name.to_owned());
    if doc.blocks.is_empty() {
        return Err(Error::invalid(format!("{name}: no text was found in the page")));
    }
    Ok(doc)
}

/// Turns HTML text into a document (format `html`). Never fails; a page without text gives a
/// document without blocks.
pub fn html_to_document(html: &str, opts: HtmlOptions) -> Document {
    let mut dom = Dom::parse(html);
    let mut pm = meta::page_meta(&dom);
    // Links resolve against the page's own address, whatever a site pass keeps as its URL.
    let base = pm.url.clone();
    let site =
        if opts.extract { sites::prepare(&mut dom, &mut pm) } else { sites::Pass::default() };
    let title = pm.title.clone().unwrap_or_default();
    let (root, byline) = if let Some(root) = site.root {
        (root, None)
    } else if opts.extract {
        let found = extract::extract(&mut dom, &title);
        (found.root, found.byline)
    } else {
        (dom.first("body").unwrap_or(0), None)
    };
    let (mut blocks, images) = render::Renderer::new(&dom, base).render(root);
    if let Some(tidy) = site.tidy {
        tidy(&mut blocks);
    }
    if opts.extract {
        blocks = boilerplate::drop_furniture(blocks);
    }
    let mut doc = Document {
        blocks,
        images,
        format: "html".to_owned(),
        encoding: "UTF-8".to_owned(),
        ..Document::default()
    };
    if dom.too_deep > 0 {
        doc.warnings.push(format!(
            "the page nests deeper than this reader follows: {} tags were flattened (their text is kept)",
            dom.too_deep
        ));
    }
    if dom.too_many > 0 {
        doc.warnings.push(format!(
            "the page has more elements than this reader keeps: {} tags were ignored (their text is kept)",
            dom.too_many
        ));
    }
    doc.meta.title = title;
    doc.meta.author = pm
        .author
        .or(byline.map(|b| b.trim_start_matches("By ").trim().to_owned()))
        .filter(|a| !a.is_empty());
    doc.meta.site = pm.site;
    doc.meta.published = pm.published;
    doc.meta.url = pm.url;
    doc.meta.language = pm.language.or_else(|| detect_language(&sample(&doc.blocks)));
    if doc.meta.title.is_empty() {
        doc.meta.title = doc
            .blocks
            .iter()
            .find(|b| b.kind == PassageKind::Heading)
            .map(|b| b.text.clone())
            .unwrap_or_default();
    }
    doc
}

/// What parsing a page cost and built: the figures that show the parse is bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HtmlParseCost {
    /// Operations the tree builder was allowed (see the `bounded` module): linear in the input.
    pub work: u64,
    /// Elements in the parsed tree.
    pub elements: usize,
    /// The deepest element's depth in the arena DOM the importer walks.
    pub depth: usize,
    /// Start tags dropped for nesting too deep or for being too many.
    pub dropped: usize,
}

/// Parses `html` as the importer does and reports what it cost.
pub fn html_parse_cost(html: &str) -> HtmlParseCost {
    let parsed = parse_bounded(html, BoundedLimits::default());
    let elements = parsed.html.tree.nodes().filter(|n| n.value().is_element()).count();
    let work = parsed.work;
    let dropped = parsed.too_deep + parsed.too_many;
    let dom = Dom::parse(html);
    let mut depth = vec![0usize; dom.nodes.len()];
    for id in 1..dom.nodes.len() {
        depth[id] = depth[dom.nodes[id].parent] + 1;
    }
    HtmlParseCost { work, elements, depth: depth.into_iter().max().unwrap_or(0), dropped }
}

fn sample(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter(|b| b.kind != PassageKind::Code)
        .take(200)
        .map(|b| b.text.as_str())
        .collect()
}

/// True when pasted clipboard content is HTML rather than text or Markdown: it starts with a
/// tag, or carries the markers that browsers and editors put on copied HTML.
pub fn looks_like_html_fragment(s: &str) -> bool {
    let head: String = s.trim_start().chars().take(512).collect::<String>().to_ascii_lowercase();
    if head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.contains("<!--startfragment")
    {
        return true;
    }
    if !head.starts_with('<') {
        return false;
    }
    const TAGS: &[&str] = &[
        "<p",
        "<div",
        "<span",
        "<meta",
        "<h1",
        "<h2",
        "<h3",
        "<ul",
        "<ol",
        "<table",
        "<article",
        "<section",
        "<blockquote",
        "<b>",
        "<strong",
        "<a ",
        "<br",
        "<pre",
        "<em",
        "<i>",
        "<body",
        "<head",
        "<style",
    ];
    let lower = s.to_ascii_lowercase();
    TAGS.iter().any(|t| head.starts_with(t)) && (lower.contains("</") || lower.contains("/>"))
}
