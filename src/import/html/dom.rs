//! A small arena DOM built from html5ever's parse (through `scraper`).
//!
//! The extractor needs to score, remove and re-walk nodes many times; an arena of plain structs
//! indexed by number makes that cheap and keeps every traversal free of borrow puzzles. The tree
//! is depth-capped ([`MAX_DEPTH`]) while it is built, so every later recursive walk is bounded
//! and hostile nesting cannot overflow the stack.

use super::bounded::{parse_bounded, BoundedLimits};

/// Deeper elements are flattened into their ancestor at this depth (their text is kept).
pub const MAX_DEPTH: usize = 256;

/// A node index into [`Dom::nodes`].
pub type NodeId = usize;

#[derive(Debug)]
pub enum Kind {
    /// The document itself (index 0).
    Root,
    /// An element with its lowercase local name and attributes (names lowercase).
    Elem {
        tag: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
}

#[derive(Debug)]
pub struct Node {
    pub kind: Kind,
    pub parent: NodeId,
    pub children: Vec<NodeId>,
    /// Set by the extractor for nodes that are not part of the article.
    pub removed: bool,
}

#[derive(Debug)]
pub struct Dom {
    pub nodes: Vec<Node>,
    /// Start tags the parse dropped because the page nested too deep (their text is kept).
    pub too_deep: usize,
    /// Start tags the parse dropped because the page had too many elements.
    pub too_many: usize,
}

impl Dom {
    /// Parses `html` (never fails: html5ever recovers from anything) into an arena, in time
    /// linear in its length (see [`parse_bounded`]).
    pub fn parse(html: &str) -> Dom {
        let parsed = parse_bounded(html, BoundedLimits::default());
        let doc = parsed.html;
        let mut dom = Dom {
            nodes: vec![Node { kind: Kind::Root, parent: 0, children: Vec::new(), removed: false }],
            too_deep: parsed.too_deep,
            too_many: parsed.too_many,
        };
        // Iterative copy: (scraper node, arena parent, depth).
        let mut stack: Vec<_> = doc.tree.root().children().rev().map(|c| (c, 0, 1)).collect();
        while let Some((n, parent, depth)) = stack.pop() {
            let kind = match n.value() {
                scraper::Node::Text(t) => Kind::Text(t.to_string()),
                scraper::Node::Element(e) => {
                    if depth > MAX_DEPTH {
                        // Too deep: hoist the children into `parent` instead of nesting further.
                        for c in n.children().rev() {
                            stack.push((c, parent, depth));
                        }
                        continue;
                    }
                    Kind::Elem {
                        tag: e.name().to_ascii_lowercase(),
                        attrs: e
                            .attrs()
                            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
                            .collect(),
                    }
                }
                _ => continue,
            };
            let id = dom.nodes.len();
            let is_elem = matches!(kind, Kind::Elem { .. });
            dom.nodes.push(Node { kind, parent, children: Vec::new(), removed: false });
            dom.nodes[parent].children.push(id);
            if is_elem {
                for c in n.children().rev() {
                    stack.push((c, id, depth + 1));
                }
            }
        }
        dom
    }

    /// The element's tag, or `""` for text and the root.
    pub fn tag(&self, id: NodeId) -> &str {
        match &self.nodes[id].kind {
            Kind::Elem { tag, .. } => tag,
            _ => "",
        }
    }

    pub fn is_elem(&self, id: NodeId) -> bool {
        matches!(self.nodes[id].kind, Kind::Elem { .. })
    }

    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.nodes[id].kind {
            Kind::Elem { attrs, .. } => {
                attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
            }
            _ => None,
        }
    }

    /// Live (not removed) children.
    pub fn kids(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.nodes[id].children.iter().copied().filter(|&c| !self.nodes[c].removed)
    }

    /// Live descendants in document order (not `id` itself).
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack: Vec<NodeId> = self.kids(id).collect::<Vec<_>>();
        stack.reverse();
        while let Some(n) = stack.pop() {
            out.push(n);
            let mut k: Vec<NodeId> = self.kids(n).collect();
            k.reverse();
            stack.extend(k);
        }
        out
    }

    /// Live elements named `tag` under `id`, in document order.
    pub fn find_all(&self, id: NodeId, tags: &[&str]) -> Vec<NodeId> {
        self.descendants(id).into_iter().filter(|&n| tags.contains(&self.tag(n))).collect()
    }

    /// The first live element named `tag` anywhere in the document.
    pub fn first(&self, tag: &str) -> Option<NodeId> {
        self.find_all(0, &[tag]).into_iter().next()
    }

    /// The concatenated text of the live subtree, white space collapsed to single spaces.
    pub fn text(&self, id: NodeId) -> String {
        let mut raw = String::new();
        if let Kind::Text(t) = &self.nodes[id].kind {
            raw.push_str(t);
        }
        for n in self.descendants(id) {
            if let Kind::Text(t) = &self.nodes[n].kind {
                raw.push_str(t);
            }
        }
        collapse(&raw)
    }

    /// True when some ancestor of `id` (not `id` itself) is one of `tags`, looking up to `max` levels.
    pub fn has_ancestor(&self, id: NodeId, tags: &[&str], max: usize) -> bool {
        let mut n = id;
        for _ in 0..max {
            if n == 0 {
                return false;
            }
            n = self.nodes[n].parent;
            if tags.contains(&self.tag(n)) {
                return true;
            }
        }
        false
    }

    /// The `class` and `id` attributes together, lowercase, for pattern matching.
    pub fn class_and_id(&self, id: NodeId) -> String {
        let mut s = String::new();
        if let Some(c) = self.attr(id, "class") {
            s.push_str(c);
        }
        s.push(' ');
        if let Some(i) = self.attr(id, "id") {
            s.push_str(i);
        }
        s.to_lowercase()
    }
}

/// Collapses white space runs to one space and trims.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}
