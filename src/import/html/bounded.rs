//! HTML parsing with bounded work: html5ever's tokenizer and tree builder, with a guard between
//! them that refuses start tags once the parse is too deep or holds too many elements.
//!
//! Why a guard: html5ever follows the HTML standard, whose tree builder scans its stack of open
//! elements (and its list of active formatting elements) for almost every tag. On ordinary pages
//! that stack is a few dozen elements; on 100,000 nested or unclosed `<div>`s it is 100,000, and
//! the parse becomes quadratic (tens of seconds for a megabyte). The guard counts that state before
//! each start tag and drops the tag, keeping its text, when the count reaches
//! [`BoundedLimits::max_open`]; the matching end tag is dropped too, so a well-nested deep page
//! keeps its shape above the cut. Each token then costs at most a constant, and the whole parse is
//! linear in the input. [`Parsed::work`] adds up what the guard measured (the open-element count
//! at each start tag, plus one per token): it is the figure tests use to show linearity without
//! timing anything.

use html5ever::interface::Tracer;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// How much structure a parse may build.
#[derive(Debug, Clone, Copy)]
pub struct BoundedLimits {
    /// Most open elements plus active formatting elements before start tags are dropped.
    pub max_open: usize,
    /// Most elements in the parsed tree; later start tags are dropped (their text is kept).
    pub max_elements: usize,
}

impl Default for BoundedLimits {
    fn default() -> Self {
        // 512 is twice the arena DOM's depth cap, so pages the DOM keeps whole are never cut;
        // a million elements is ten times a very long page and about 300 MB at most.
        BoundedLimits { max_open: 512, max_elements: 1_000_000 }
    }
}

/// The parsed page and what the guard had to drop.
pub struct Parsed {
    pub html: scraper::Html,
    /// Start tags dropped because the page nested deeper than `max_open`.
    pub too_deep: usize,
    /// Start tags dropped because the page had more than `max_elements` elements.
    pub too_many: usize,
    /// Operations the tree builder was allowed: one per token plus the open-element count at
    /// each start tag (html5ever's cost for a token is at most proportional to it).
    pub work: u64,
}

/// Elements whose content the tokenizer reads as raw text: they cannot nest, so they are never
/// dropped (dropping one would expose a script's source as page text).
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Parses a whole document within `limits`.
pub fn parse_bounded(html: &str, limits: BoundedLimits) -> Parsed {
    let sink = scraper::HtmlTreeSink::new(scraper::Html::new_document());
    let guard = Guard {
        builder: TreeBuilder::new(sink, TreeBuilderOpts::default()),
        limits,
        dropped: RefCell::new(HashMap::new()),
        elements: Cell::new(0),
        full: Cell::new(false),
        too_deep: Cell::new(0),
        too_many: Cell::new(0),
        work: Cell::new(0),
    };
    let tokenizer = Tokenizer::new(guard, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let guard = tokenizer.sink;
    Parsed {
        too_deep: guard.too_deep.get(),
        too_many: guard.too_many.get(),
        work: guard.work.get(),
        html: guard.builder.sink.finish(),
    }
}

/// Sits between the tokenizer and the tree builder.
struct Guard<S: TreeSink> {
    builder: TreeBuilder<S::Handle, S>,
    limits: BoundedLimits,
    /// End tags still to drop, by name: one per dropped start tag.
    dropped: RefCell<HashMap<LocalName, usize>>,
    elements: Cell<usize>,
    /// True when the last count reached the limit and nothing forwarded since could have closed
    /// an element (only text, comments and dropped tags went through): the next start tag is
    /// dropped without counting again, so the cost of a deep region is constant per tag.
    full: Cell<bool>,
    too_deep: Cell<usize>,
    too_many: Cell<usize>,
    work: Cell<u64>,
}

/// Counts the handles the tree builder holds.
struct Counter<H>(Cell<usize>, std::marker::PhantomData<H>);

impl<H> Tracer for Counter<H> {
    type Handle = H;
    fn trace_handle(&self, _node: &H) {
        self.0.set(self.0.get() + 1);
    }
}

impl<S: TreeSink> Guard<S>
where
    S::Handle: Clone,
{
    /// The tree builder's open elements and active formatting elements (plus the document and
    /// the head and form pointers): what its per-token scans walk.
    fn held(&self) -> usize {
        let counter = Counter(Cell::new(0), std::marker::PhantomData);
        self.builder.trace_handles(&counter);
        counter.0.get()
    }

    fn add_work(&self, n: usize) {
        self.work.set(self.work.get().saturating_add(n as u64));
    }
}

impl<S: TreeSink> TokenSink for Guard<S>
where
    S::Handle: Clone,
{
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<S::Handle> {
        self.add_work(1);
        if let Token::TagToken(tag) = &token {
            match tag.kind {
                TagKind::StartTag if !RAW_TEXT.contains(&&*tag.name) => {
                    let deep = self.full.get() || {
                        let held = self.held();
                        self.add_work(held);
                        held >= self.limits.max_open
                    };
                    self.full.set(deep);
                    let many = self.elements.get() >= self.limits.max_elements;
                    if deep || many {
                        if deep {
                            self.too_deep.set(self.too_deep.get() + 1);
                        } else {
                            self.too_many.set(self.too_many.get() + 1);
                        }
                        if !is_void(&tag.name) {
                            *self.dropped.borrow_mut().entry(tag.name.clone()).or_insert(0) += 1;
                        }
                        return TokenSinkResult::Continue;
                    }
                    self.elements.set(self.elements.get() + 1);
                }
                TagKind::EndTag => {
                    let mut dropped = self.dropped.borrow_mut();
                    if let Some(n) = dropped.get_mut(&tag.name) {
                        if *n > 0 {
                            *n -= 1;
                            return TokenSinkResult::Continue;
                        }
                    }
                }
                TagKind::StartTag => {}
            }
        }
        if !matches!(
            token,
            Token::CharacterTokens(_)
                | Token::CommentToken(_)
                | Token::ParseError(_)
                | Token::NullCharacterToken
        ) {
            self.full.set(false);
        }
        self.builder.process_token(token, line)
    }

    fn end(&self) {
        self.builder.end();
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.builder.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Elements without content or end tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(p: &Parsed) -> usize {
        p.html.tree.nodes().filter(|n| n.value().is_element()).count()
    }

    fn depth(p: &Parsed) -> usize {
        p.html.tree.nodes().map(|n| n.ancestors().count()).max().unwrap_or(0)
    }

    #[test]
    fn ordinary_pages_parse_as_html5ever_does() {
        let page = "<html><head><title>标题</title></head><body><div><p>一<b>二<p>三</div>\
                    <table><tr><td>格</table><script>if (a < b) {}</script></body></html>";
        let ours = parse_bounded(page, BoundedLimits::default());
        assert_eq!(ours.html.html(), scraper::Html::parse_document(page).html());
        assert_eq!((ours.too_deep, ours.too_many), (0, 0));
    }

    #[test]
    fn deep_nesting_is_cut_and_its_text_kept() {
        let n = 5_000;
        let page = format!("{}深{}", "<div>".repeat(n), "</div>".repeat(n));
        let p = parse_bounded(&page, BoundedLimits { max_open: 100, max_elements: 1_000_000 });
        assert!(depth(&p) <= 100, "{}", depth(&p));
        assert!(p.too_deep > 4_000, "{}", p.too_deep);
        assert!(p.html.root_element().text().any(|t| t.contains('深')));
    }

    #[test]
    fn the_end_tags_of_dropped_elements_are_dropped_too() {
        // Ten levels allowed: the paragraph after the deep block is a sibling of it again.
        let page =
            format!("<body>{}x{}<p>after</p></body>", "<div>".repeat(50), "</div>".repeat(50));
        let p = parse_bounded(&page, BoundedLimits { max_open: 10, max_elements: 1_000_000 });
        let body = p.html.select(&scraper::Selector::parse("body > p").unwrap()).count();
        assert_eq!(body, 1);
    }

    #[test]
    fn element_count_is_capped() {
        let page = "<p>x".repeat(1_000);
        let p = parse_bounded(&page, BoundedLimits { max_open: 512, max_elements: 100 });
        assert!(elements(&p) <= 100 + 3, "{}", elements(&p));
        assert_eq!(p.too_many, 900);
        assert_eq!(p.html.root_element().text().map(|t| t.len()).sum::<usize>(), 1_000);
    }

    #[test]
    fn script_tags_are_never_dropped() {
        let page = format!("{}<script>var x = '<b>';</script>", "<div>".repeat(50));
        let p = parse_bounded(&page, BoundedLimits { max_open: 10, max_elements: 1_000_000 });
        let scripts = p.html.select(&scraper::Selector::parse("script").unwrap()).count();
        assert_eq!(scripts, 1);
    }
}
