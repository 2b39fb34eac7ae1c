//! Finding the article in a page, in the manner of Firefox Reader View (our own implementation
//! and tuning, not a port): drop what is never content, score the blocks that hold prose, let
//! the scores flow up to their containers, pick the best container with its related siblings,
//! then clean out the clutter left inside it.
//!
//! Scores favour long text with commas and little link text, and containers whose class or id
//! says "article"/"content" over "comment"/"sidebar". When the result is too short the page is
//! tried again with fewer removals, and the longest attempt wins: a short page must not come out
//! empty because its only paragraph sat in a `<div class="footer">`.

use super::clutter::{
    drop_marked_clutter, embedded_post_holders, is_link_list, mostly_embedded_posts,
};
use super::dom::{Dom, Kind, NodeId};
use super::render::{is_data_table, is_hidden, is_tex_script, BLOCK_TAGS, SKIP_TAGS};

/// Below this many characters an extraction is retried with fewer removals.
const MIN_ARTICLE_CHARS: usize = 500;

/// class/id words of page furniture (substring match, lowercase).
const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumbs",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
    "ranking",
    "recommend",
    "subcolumn",
    "sub-column",
    "side-",
    "-side",
    "side_",
    "_side",
    "navi",
];
/// class/id words that rescue an [`UNLIKELY`] match.
const MAYBE: &[&str] =
    &["and", "article", "body", "column", "content", "main", "mathjax", "shadow"];
const POSITIVE: &[&str] = &[
    "article",
    "body",
    "content",
    "entry",
    "hentry",
    "h-entry",
    "main",
    "page",
    "pagination",
    "post",
    "text",
    "blog",
    "story",
];
const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
    "teaser",
    "recommend",
    "recirc",
    "more-stories",
    "read-more",
    "readmore",
    "ranking",
    "credit",
    "copyright",
];
const BYLINE: &[&str] = &["byline", "author", "dateline", "writtenby", "p-author"];
/// ARIA roles of page furniture.
const UNLIKELY_ROLES: &[&str] =
    &["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"];
/// Elements that make a `<div>` a container rather than a paragraph.
const BLOCK_CHILDREN: &[&str] = &[
    "blockquote",
    "dl",
    "div",
    "img",
    "ol",
    "p",
    "pre",
    "table",
    "ul",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "header",
    "footer",
    "aside",
    "main",
    "nav",
    "form",
    "li",
    "hr",
];

/// Which removals an attempt makes.
#[derive(Clone, Copy)]
struct Flags {
    strip_unlikely: bool,
    weight_classes: bool,
    clean_conditionally: bool,
}

/// What the extractor found.
pub struct Extracted {
    /// The subtree holding the article (the DOM's nodes outside it are marked removed).
    pub root: NodeId,
    /// A byline found in the content (an element marked as author/byline), removed from it.
    pub byline: Option<String>,
}

/// Finds the article in `dom`, marking everything else removed. `title` is the page's title,
/// used to drop a heading that merely repeats it.
pub fn extract(dom: &mut Dom, title: &str) -> Extracted {
    let attempts = [
        Flags { strip_unlikely: true, weight_classes: true, clean_conditionally: true },
        Flags { strip_unlikely: false, weight_classes: true, clean_conditionally: true },
        Flags { strip_unlikely: false, weight_classes: false, clean_conditionally: true },
        Flags { strip_unlikely: false, weight_classes: false, clean_conditionally: false },
    ];
    let pristine: Vec<bool> = dom.nodes.iter().map(|n| n.removed).collect();
    // One attempt from the pristine marks: the text length it finds, its marks, what it found.
    let run = |dom: &mut Dom, flags: Flags| {
        for (n, r) in dom.nodes.iter_mut().zip(&pristine) {
            n.removed = *r;
        }
        let found = attempt(dom, title, flags);
        let len = dom.text(found.root).chars().count();
        (len, dom.nodes.iter().map(|n| n.removed).collect::<Vec<bool>>(), found)
    };
    let [first, rest @ ..] = attempts;
    let mut best = run(dom, first);
    for flags in rest {
        if best.0 >= MIN_ARTICLE_CHARS {
            break;
        }
        let next = run(dom, flags);
        if next.0 > best.0 {
            best = next;
        }
    }
    let (_, state, found) = best;
    for (n, r) in dom.nodes.iter_mut().zip(state) {
        n.removed = r;
    }
    found
}

/// Per-node measures of the live tree, computed bottom-up in one pass.
struct Measures {
    chars: Vec<usize>,
    link_chars: Vec<usize>,
    commas: Vec<usize>,
}

fn measure(dom: &Dom) -> Measures {
    let n = dom.nodes.len();
    let mut m = Measures { chars: vec![0; n], link_chars: vec![0; n], commas: vec![0; n] };
    // Parents precede children in the arena, so a reverse sweep sees children first.
    for id in (0..n).rev() {
        if dom.nodes[id].removed {
            continue;
        }
        match &dom.nodes[id].kind {
            Kind::Text(t) => {
                m.chars[id] = t.chars().filter(|c| !c.is_whitespace()).count();
                m.commas[id] = t.chars().filter(|c| matches!(c, ',' | '，' | '、' | '،')).count();
            }
            Kind::Elem { tag, .. } if SKIP_TAGS.contains(&tag.as_str()) => {}
            _ => {
                let (mut c, mut l, mut k) = (0, 0, 0);
                for ch in dom.kids(id) {
                    c += m.chars[ch];
                    l += m.link_chars[ch];
                    k += m.commas[ch];
                }
                if dom.tag(id) == "a" {
                    l = c;
                }
                m.chars[id] = c;
                m.link_chars[id] = l;
                m.commas[id] = k;
            }
        }
    }
    m
}

fn link_density(m: &Measures, id: NodeId) -> f64 {
    if m.chars[id] == 0 {
        0.0
    } else {
        m.link_chars[id] as f64 / m.chars[id] as f64
    }
}

pub(super) fn contains_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// +25 for article-like class and id names, −25 for furniture-like ones (each attribute).
fn class_weight(dom: &Dom, id: NodeId) -> f64 {
    let mut w = 0.0;
    for attr in ["class", "id"] {
        if let Some(v) = dom.attr(id, attr) {
            let v = v.to_lowercase();
            if v.trim().is_empty() {
                continue;
            }
            if contains_any(&v, NEGATIVE) {
                w -= 25.0;
            }
            if contains_any(&v, POSITIVE) {
                w += 25.0;
            }
        }
    }
    w
}

pub(super) fn remove(dom: &mut Dom, id: NodeId) {
    dom.nodes[id].removed = true;
}

fn attempt(dom: &mut Dom, title: &str, flags: Flags) -> Extracted {
    let body = dom.first("body").unwrap_or(0);
    let mut byline = None;
    // 1. Drop what is never content, and furniture.
    let title_key = key(title);
    let mut dropped_title = false;
    let holds_post = embedded_post_holders(dom, body);
    for id in dom.descendants(body) {
        if dom.nodes[id].removed || !dom.is_elem(id) {
            continue;
        }
        let tag = dom.tag(id).to_owned();
        if (SKIP_TAGS.contains(&tag.as_str()) && !is_tex_script(dom, id)) || is_hidden(dom, id) {
            remove(dom, id);
            continue;
        }
        if matches!(tag.as_str(), "nav" | "footer" | "aside") && flags.strip_unlikely {
            remove(dom, id);
            continue;
        }
        let ci = dom.class_and_id(id);
        if byline.is_none() && is_byline(dom, id, &ci) {
            byline = Some(dom.text(id));
            remove(dom, id);
            continue;
        }
        if !dropped_title && matches!(tag.as_str(), "h1" | "h2") && !title_key.is_empty() {
            let k = key(&dom.text(id));
            let repeats_title = k == title_key
                || similar_title(&k, &title_key)
                || title_parts(title).into_iter().any(|part| key(part) == k);
            if !k.is_empty() && repeats_title {
                remove(dom, id);
                dropped_title = true;
                continue;
            }
        }
        if flags.strip_unlikely && !holds_post[id] {
            if let Some(role) = dom.attr(id, "role") {
                if UNLIKELY_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()) {
                    remove(dom, id);
                    continue;
                }
            }
            if contains_any(&ci, UNLIKELY)
                && !contains_any(&ci, MAYBE)
                && !matches!(tag.as_str(), "body" | "a" | "html")
                && !dom.has_ancestor(id, &["table", "code"], 64)
            {
                remove(dom, id);
                continue;
            }
        }
        // Empty containers.
        if matches!(
            tag.as_str(),
            "div" | "section" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        ) && dom.text(id).is_empty()
            && dom.find_all(id, &["img", "picture", "video", "table", "pre"]).is_empty()
        {
            remove(dom, id);
        }
    }
    // 2. Score the prose.
    let m = measure(dom);
    let n = dom.nodes.len();
    let mut score: Vec<Option<f64>> = vec![None; n];
    let mut candidates: Vec<NodeId> = Vec::new();
    let init = |dom: &Dom, id: NodeId| -> f64 {
        let base = match dom.tag(id) {
            "div" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        base + if flags.weight_classes { class_weight(dom, id) } else { 0.0 }
    };
    for (first, len, commas) in prose_units(dom, body, &m) {
        if len < 25 {
            continue;
        }
        let s = 1.0 + commas as f64 + (len as f64 / 100.0).min(3.0);
        let mut a = first;
        for level in 0..5 {
            if a == 0 || !dom.is_elem(a) {
                break;
            }
            if score[a].is_none() {
                score[a] = Some(init(dom, a));
                candidates.push(a);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            if let Some(v) = score[a].as_mut() {
                *v += s / div;
            }
            if a == body {
                break;
            }
            a = dom.nodes[a].parent;
        }
    }
    for &c in &candidates {
        if let Some(v) = score[c].as_mut() {
            *v *= 1.0 - link_density(&m, c);
        }
    }
    let top = candidates
        .iter()
        .copied()
        .filter(|&c| c != body && dom.tag(c) != "html")
        .max_by(|&a, &b| score[a].unwrap_or(0.0).total_cmp(&score[b].unwrap_or(0.0)));
    let Some(mut top) = top else {
        clean(dom, body, flags);
        return Extracted { root: body, byline };
    };
    let top_score = score[top].unwrap_or(0.0);
    // A container whose several strong children compete is the article: climb to their common
    // ancestor when three or more candidates score near the top one.
    let strong: Vec<NodeId> = candidates
        .iter()
        .copied()
        .filter(|&c| c != top && score[c].unwrap_or(0.0) >= top_score * 0.75 && c != body)
        .collect();
    if strong.len() >= 3 {
        let mut p = dom.nodes[top].parent;
        while p != body && p != 0 {
            let inside = strong.iter().filter(|&&s| is_ancestor(dom, p, s)).count();
            if inside >= 3 {
                top = p;
                break;
            }
            p = dom.nodes[p].parent;
        }
    }
    // Climb while the parent holds nothing but the candidate.
    loop {
        let p = dom.nodes[top].parent;
        if p == body || p == 0 || !dom.is_elem(p) {
            break;
        }
        if m.chars[p] <= m.chars[top] + 10 {
            top = p;
            continue;
        }
        // Or while the parent scores better than the candidate's own share.
        let ps = score[p].unwrap_or(0.0);
        if ps > score[top].unwrap_or(0.0) && ps > top_score / 3.0 && m.chars[p] < m.chars[top] * 2 {
            top = p;
            continue;
        }
        break;
    }
    let top_score = score[top].unwrap_or(top_score).max(top_score);
    // 3. Siblings that belong to the article.
    let parent = dom.nodes[top].parent;
    let mut keep: Vec<NodeId> = vec![top];
    if parent != 0 && dom.is_elem(parent) {
        let threshold = (top_score * 0.2).max(10.0);
        let top_class = dom.attr(top, "class").unwrap_or("").to_owned();
        let siblings: Vec<NodeId> = dom.kids(parent).collect();
        keep.clear();
        for s in siblings {
            if s == top {
                keep.push(s);
                continue;
            }
            if !dom.is_elem(s) {
                continue;
            }
            let mut bonus = 0.0;
            if !top_class.is_empty() && dom.attr(s, "class") == Some(top_class.as_str()) {
                bonus = top_score * 0.2;
            }
            let ok = if score[s].is_some_and(|v| v + bonus >= threshold) {
                true
            } else if bonus > 0.0 && m.chars[s] > 80 && link_density(&m, s) < 0.25 {
                // A part of the article split off by a figure: same class, prose, few links.
                true
            } else if dom.tag(s) == "p" || is_paragraph_like(dom, s) {
                let ld = link_density(&m, s);
                let len = m.chars[s];
                let text = dom.text(s);
                (len > 80 && ld < 0.25)
                    || (len < 80 && len > 0 && ld == 0.0 && ends_sentence(&text))
            } else {
                false
            };
            if ok {
                keep.push(s);
            }
        }
        // Everything else under the parent is not the article.
        let kids: Vec<NodeId> = dom.kids(parent).collect();
        for k in kids {
            if !keep.contains(&k) {
                remove(dom, k);
            }
        }
    }
    let root = if keep.len() == 1 { keep[0] } else { parent };
    clean(dom, root, flags);
    Extracted { root, byline }
}

fn is_ancestor(dom: &Dom, a: NodeId, mut n: NodeId) -> bool {
    while n != 0 {
        if n == a {
            return true;
        }
        n = dom.nodes[n].parent;
    }
    false
}

/// The units of prose that are scored, each as (the first ancestor credited, characters,
/// commas): paragraph-like elements, credited from their parent up, and runs of text that sit
/// directly in a container beside block children (split at double `<br>`), credited from the
/// container itself, so that a body written without `<p>` is found too.
fn prose_units(dom: &Dom, body: NodeId, m: &Measures) -> Vec<(NodeId, usize, usize)> {
    let mut units = Vec::new();
    for id in dom.descendants(body) {
        let brs = dom.kids(id).filter(|&k| dom.tag(k) == "br").count();
        if is_paragraph_like(dom, id) && (brs < 2 || matches!(dom.tag(id), "p" | "span" | "font")) {
            units.push((dom.nodes[id].parent, m.chars[id], m.commas[id]));
            continue;
        }
        if !matches!(
            dom.tag(id),
            "div" | "section" | "article" | "main" | "td" | "blockquote" | "p" | "center" | "font"
        ) {
            continue;
        }
        let (mut len, mut commas, mut brs) = (0, 0, 0);
        for k in dom.kids(id) {
            let tag = dom.tag(k);
            if tag == "br" {
                brs += 1;
                if brs < 2 {
                    continue;
                }
            } else if m.chars[k] == 0 && !dom.is_elem(k) {
                continue;
            } else if !BLOCK_TAGS.contains(&tag) {
                brs = 0;
                len += m.chars[k];
                commas += m.commas[k];
                continue;
            }
            if len > 0 {
                units.push((id, len, commas));
            }
            (len, commas, brs) = (0, 0, 0);
        }
        if len > 0 {
            units.push((id, len, commas));
        }
    }
    units
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end();
    t.ends_with('.') || t.ends_with('。') || t.ends_with('！') || t.ends_with('？')
}

/// Paragraph-like: a `p`, `pre`, `td`, heading below h1, or a `div`/`section` holding only inline
/// content — the units whose text is scored.
pub(super) fn is_paragraph_like(dom: &Dom, id: NodeId) -> bool {
    match dom.tag(id) {
        "p" | "pre" | "td" | "h2" | "h3" | "h4" | "h5" | "h6" => true,
        "div" | "section" | "article" | "span" | "font" | "center" | "li" | "dd" => {
            // Only inline content, or text directly inside alongside block children.
            let has_block = dom.kids(id).any(|c| BLOCK_CHILDREN.contains(&dom.tag(c)));
            if !has_block {
                return dom.tag(id) != "span" && dom.tag(id) != "font"
                    || !dom.has_ancestor(id, &["p", "div", "span", "font", "li", "td"], 1);
            }
            false
        }
        _ => false,
    }
}

/// A short element whose class, id, `rel` or `itemprop` says it names the author.
fn is_byline(dom: &Dom, id: NodeId, ci: &str) -> bool {
    let marked = dom.attr(id, "rel") == Some("author")
        || dom.attr(id, "itemprop").is_some_and(|v| v.contains("author"))
        || contains_any(ci, BYLINE);
    if !marked {
        return false;
    }
    let len = dom.text(id).chars().count();
    len > 0 && len < 100
}

/// A comparison key: lowercase letters and digits only.
fn key(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The parts of a title split at the separators sites put between an article's name and
/// their own (`Name | Site`, `Name - Site`, `Name_Site`).
fn title_parts(title: &str) -> Vec<&str> {
    [" | ", " - ", " – ", " — ", "_", "｜", " :: "]
        .into_iter()
        .filter_map(|sep| title.split_once(sep).map(|(a, _)| a.trim()))
        .collect()
}

/// True when a heading's key is most of the title's (the title may carry a site suffix).
fn similar_title(heading: &str, title: &str) -> bool {
    let h = heading.chars().count();
    let t = title.chars().count();
    h * 4 >= t * 3 && title.contains(heading) || heading.contains(title) && t * 4 >= h * 3
}

/// Removes clutter inside the article: furniture-classed headings, link lists, forms, image
/// galleries and short fragments in containers that hold little prose.
fn clean(dom: &mut Dom, root: NodeId, flags: Flags) {
    let tags = ["h1", "h2", "h3", "h4", "h5", "h6"];
    if flags.weight_classes {
        for h in dom.find_all(root, &tags) {
            if class_weight(dom, h) < 0.0 {
                remove(dom, h);
            }
        }
    }
    for f in dom.find_all(root, &["form", "fieldset", "button", "input", "select", "textarea"]) {
        remove(dom, f);
    }
    drop_marked_clutter(dom, root);
    if !flags.clean_conditionally {
        return;
    }
    let holds_post = embedded_post_holders(dom, root);
    // Innermost first, so a container is judged after its clutter is gone.
    let mut targets = dom
        .find_all(root, &["table", "ul", "ol", "dl", "div", "section", "aside", "header", "nav"]);
    targets.reverse();
    for t in targets {
        if dom.nodes[t].removed || t == root {
            continue;
        }
        let m = measure_subtree(dom, t);
        if holds_post[t] && mostly_embedded_posts(dom, t, m.chars) {
            continue;
        }
        if should_remove(dom, t, &m, flags) || is_link_list(dom, t) {
            remove(dom, t);
        }
    }
}

/// Measures of one subtree (the nodes under it may have changed since the page was measured).
pub(super) struct Sub {
    pub chars: usize,
    pub link_chars: usize,
    commas: usize,
    p: usize,
    img: usize,
    li: usize,
    input: usize,
    embeds: usize,
    headings: usize,
    has_code: bool,
}

pub(super) fn measure_subtree(dom: &Dom, id: NodeId) -> Sub {
    let mut s = Sub {
        chars: 0,
        link_chars: 0,
        commas: 0,
        p: 0,
        img: 0,
        li: 0,
        input: 0,
        embeds: 0,
        headings: 0,
        has_code: false,
    };
    let mut stack = vec![(id, false)];
    while let Some((n, in_link)) = stack.pop() {
        match &dom.nodes[n].kind {
            Kind::Text(t) => {
                let c = t.chars().filter(|c| !c.is_whitespace()).count();
                s.chars += c;
                if in_link {
                    s.link_chars += c;
                }
                s.commas += t.chars().filter(|c| matches!(c, ',' | '，' | '、')).count();
            }
            Kind::Elem { tag, .. } => {
                match tag.as_str() {
                    "p" => s.p += 1,
                    "img" | "picture" => s.img += 1,
                    "li" => s.li += 1,
                    "input" | "textarea" | "select" | "button" => s.input += 1,
                    "iframe" | "embed" | "object" | "video" => s.embeds += 1,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => s.headings += 1,
                    "pre" | "code" => s.has_code = true,
                    _ => {}
                }
                let link = in_link || tag == "a";
                for k in dom.kids(n) {
                    stack.push((k, link));
                }
            }
            Kind::Root => {}
        }
    }
    s
}

fn should_remove(dom: &Dom, id: NodeId, s: &Sub, flags: Flags) -> bool {
    let tag = dom.tag(id);
    if tag == "table" && is_data_table(dom, id) {
        return false;
    }
    if s.has_code || dom.has_ancestor(id, &["pre", "code"], 64) {
        return false;
    }
    let weight = if flags.weight_classes { class_weight(dom, id) } else { 0.0 };
    if weight < 0.0 {
        return true;
    }
    if s.commas >= 10 {
        return false;
    }
    let is_list = matches!(tag, "ul" | "ol");
    let ld = if s.chars == 0 { 0.0 } else { s.link_chars as f64 / s.chars as f64 };
    let in_figure = dom.has_ancestor(id, &["figure"], 64);
    let p = s.p as f64;
    (s.img > 1 && p / (s.img as f64) < 0.5 && !in_figure)
        || (!is_list && s.li > s.p + 100)
        || (s.input as f64 > (p / 3.0).floor())
        || (!is_list && !in_figure && s.chars < 25 && (s.img == 0 || s.img > 2) && s.headings == 0)
        || (!is_list && weight < 25.0 && ld > 0.2)
        || (weight >= 25.0 && ld > 0.5)
        || (is_list && ld > 0.5 && s.chars < 200)
        || (s.embeds == 1 && s.chars < 75)
        || s.embeds > 1
}
