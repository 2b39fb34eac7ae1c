//! What the cleaning of an article drops or keeps by its markup, beyond the scores: photo
//! credits and tag lists that class names give away, a gallery's repeated captions, lists that
//! are nothing but links (sidebars, other posts), and posts embedded from social networks,
//! which stay wherever the article quotes them.

use super::dom::{Dom, NodeId};
use super::extract::{contains_any, is_paragraph_like, measure_subtree, remove};
use super::render::BLOCK_TAGS;

/// class/id words of a photo credit, dropped when short.
const CREDIT: &[&str] = &["credit", "copyright", "photographer", "attribution"];
/// class/id words of a list of the article's tags, dropped when mostly links.
const TAG_LIST: &[&str] = &["tags", "tag-list", "taglist", "tagcloud", "tag-cloud", "keywords"];
/// class/id words of an image gallery or slideshow, whose repeated captions are kept once.
const GALLERY: &[&str] = &["gallery", "slideshow", "carousel", "slider", "swiper", "lightbox"];
/// Classes of posts embedded from social networks (`blockquote` before the network's script
/// runs): an article quotes them, so they stay.
const EMBEDDED_POSTS: &[&str] = &[
    "twitter-tweet",
    "twitter-video",
    "instagram-media",
    "tiktok-embed",
    "bluesky-embed",
    "mastodon-embed",
    "reddit-embed",
    "threads-post",
];
/// True for an element embedding a social-network post (see [`EMBEDDED_POSTS`]) that says
/// something: a post that is a photo or video with a line of caption says little without its
/// picture, which a reader cannot show, and is treated like any other block.
pub(super) fn is_embedded_post(dom: &Dom, id: NodeId) -> bool {
    let marked = dom.tag(id) == "blockquote"
        && dom.attr(id, "class").is_some_and(|c| {
            let c = c.to_ascii_lowercase();
            EMBEDDED_POSTS.iter().any(|w| c.split_whitespace().any(|x| x == *w))
        });
    if !marked {
        return false;
    }
    let s = measure_subtree(dom, id);
    let media = dom.find_all(id, &["a"]).into_iter().any(|a| {
        let t = dom.text(a);
        t.contains("pic.twitter.com") || t.contains("pic.x.com")
    }) || !dom.find_all(id, &["video", "img"]).is_empty();
    let own_words = s.chars.saturating_sub(s.link_chars);
    !(media && own_words < 80)
}

/// For every node, whether it is or holds an embedded post: furniture-like class names around
/// such a post ("social", "embed") must not drop it.
pub(super) fn embedded_post_holders(dom: &Dom, root: NodeId) -> Vec<bool> {
    let mut holds = vec![false; dom.nodes.len()];
    for id in dom.find_all(root, &["blockquote"]) {
        if is_embedded_post(dom, id) {
            let mut n = id;
            while n != 0 && !holds[n] {
                holds[n] = true;
                n = dom.nodes[n].parent;
            }
        }
    }
    holds
}

/// Drops what class names mark as a photo credit or a tag list, and keeps each caption of a
/// gallery or slideshow once (slideshows repeat their slides to loop).
pub(super) fn drop_marked_clutter(dom: &mut Dom, root: NodeId) {
    for id in dom.descendants(root) {
        if dom.nodes[id].removed || !dom.is_elem(id) {
            continue;
        }
        let ci = dom.class_and_id(id);
        if ci.trim().is_empty() {
            continue;
        }
        let words = |list: &[&str]| {
            ci.split(|c: char| c.is_whitespace() || c == '_')
                .any(|w| list.iter().any(|x| w == *x || w.ends_with(&format!("-{x}"))))
        };
        // A credit inside a caption's line stays with it; one standing alone goes.
        let standalone =
            BLOCK_TAGS.contains(&dom.tag(id)) && !dom.has_ancestor(id, &["figcaption"], 8);
        if words(CREDIT) && standalone && dom.text(id).chars().count() <= 150 {
            remove(dom, id);
        } else if words(TAG_LIST) {
            let m = measure_subtree(dom, id);
            if m.chars <= 200 || m.link_chars * 2 >= m.chars {
                remove(dom, id);
            }
        } else if contains_any(&ci, GALLERY) {
            let mut seen = std::collections::HashSet::new();
            for n in dom.descendants(id) {
                let leaf = matches!(dom.tag(n), "figcaption" | "p" | "li" | "dd")
                    || is_paragraph_like(dom, n);
                if !leaf || dom.nodes[n].removed {
                    continue;
                }
                let t = dom.text(n);
                if !t.is_empty() && !seen.insert(t) {
                    remove(dom, n);
                }
            }
        }
    }
}

/// True when embedded posts hold at least half of a subtree's `chars` characters.
pub(super) fn mostly_embedded_posts(dom: &Dom, id: NodeId, chars: usize) -> bool {
    let posts: usize = dom
        .find_all(id, &["blockquote"])
        .into_iter()
        .chain(std::iter::once(id))
        .filter(|&b| is_embedded_post(dom, b))
        .map(|b| measure_subtree(dom, b).chars)
        .sum();
    posts * 2 >= chars
}

/// True for a list of links to elsewhere (a sidebar's, a list of other posts): three items or
/// more, nearly every one nothing but a link.
pub(super) fn is_link_list(dom: &Dom, id: NodeId) -> bool {
    let items: Vec<NodeId> = match dom.tag(id) {
        "ul" | "ol" => dom.kids(id).filter(|&k| dom.tag(k) == "li").collect(),
        "dl" => dom.kids(id).filter(|&k| matches!(dom.tag(k), "dt" | "dd")).collect(),
        _ => return false,
    };
    if items.len() < 3 {
        return false;
    }
    let all_link = items
        .iter()
        .filter(|&&i| {
            let m = measure_subtree(dom, i);
            m.chars > 0 && m.link_chars * 10 >= m.chars * 9
        })
        .count();
    all_link * 5 >= items.len() * 4
}
