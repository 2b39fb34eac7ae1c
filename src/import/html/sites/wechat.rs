//! 微信公众号 articles (mp.weixin.qq.com), as the server sends them and as a browser saves them
//! after its script ran, in the current template and the older (2018) one.
//!
//! The article is all of `#js_content`, which the server hides with an inline style until its
//! script runs: the generic extractor would skip it, or keep one section of a news digest. The
//! metadata lives in script variables (`var nickname = htmlDecode("…")`, `var ct = "unix
//! seconds"`, `msg_source_url`) and in the page's header (`#js_name`, `#activity-name`,
//! `#meta_content`). Inside the body, lazy images carry their address in `data-src` (copied to
//! `src`, where image handling looks), embedded videos, audio and mini-program cards become one
//! short line, account cards are dropped; the rendered blocks then lose the calls to follow,
//! share and scan, and the list of other articles at the end.

use super::{
    by_id, has_class, js_string, remove_attr, replace_with_line, script_text, set_attr,
    shanghai_date, text_date, text_of, with_class,
};
use crate::import::html::dom::{Dom, NodeId};
use crate::import::html::meta::PageMeta;
use crate::import::Block;
use crate::model::PassageKind;

/// If the page is a 公众号 article, prepares its body and metadata and returns `#js_content`.
pub fn prepare(dom: &mut Dom, pm: &mut PageMeta) -> Option<NodeId> {
    let content = by_id(dom, "js_content")?;
    if !is_wechat(dom, content) {
        return None;
    }
    read_meta(dom, pm);
    prepare_body(dom, content);
    Some(content)
}

/// `#js_content` is the 公众号 body when it, or an ancestor, carries the template's classes.
fn is_wechat(dom: &Dom, content: NodeId) -> bool {
    let mut n = content;
    while n != 0 {
        if dom.attr(n, "class").is_some_and(|c| c.contains("rich_media"))
            || dom.attr(n, "id") == Some("js_article")
        {
            return true;
        }
        n = dom.nodes[n].parent;
    }
    false
}

fn read_meta(dom: &Dom, pm: &mut PageMeta) {
    let scripts = script_text(dom);
    let js = |name: &str| js_string(&scripts, name);
    let id_text = |id: &str| by_id(dom, id).and_then(|n| text_of(dom, n));
    let title = super::meta_content(dom, "og:title")
        .or_else(|| js("msg_title"))
        .or_else(|| id_text("activity-name"))
        .or_else(|| pm.title.clone().filter(|t| t != "微信公众平台"));
    if title.is_some() {
        pm.title = title;
    }
    let site = id_text("js_name")
        .or_else(|| js("nickname"))
        .or_else(|| {
            with_class(dom, 0, "profile_nickname").into_iter().find_map(|n| text_of(dom, n))
        })
        .or_else(|| id_text("post-user"));
    if site.is_some() {
        pm.site = site;
    }
    let author = super::meta_content(dom, "author")
        .or_else(|| id_text("js_author_name"))
        .or_else(|| header_author(dom, pm.site.as_deref()));
    if author.is_some() {
        pm.author = author;
    }
    let unix = ["ct", "create_time"].into_iter().find_map(|v| {
        js(v).and_then(|s| s.trim().parse::<i64>().ok()).filter(|s| *s > 1_000_000_000)
    });
    let published = unix
        .and_then(shanghai_date)
        .or_else(|| js("publish_time").and_then(|d| text_date(&d)))
        .or_else(|| id_text("publish_time").and_then(|d| text_date(&d)))
        .or_else(|| id_text("post-date").and_then(|d| text_date(&d)));
    if published.is_some() {
        pm.published = published;
    }
    let http = |u: &String| u.starts_with("http://") || u.starts_with("https://");
    let url = js("msg_source_url")
        .filter(http)
        .or_else(|| {
            by_id(dom, "js_view_source")
                .and_then(|a| dom.attr(a, "href").map(str::to_owned))
                .filter(http)
        })
        .or_else(|| super::meta_content(dom, "og:url").filter(http))
        .or_else(|| js("msg_link").filter(http));
    if url.is_some() {
        pm.url = url;
    }
}

/// The author written in the header's meta line (`#meta_content`), which also holds the date,
/// the account's name and, on reprints and originals, labels.
fn header_author(dom: &Dom, site: Option<&str>) -> Option<String> {
    let line = by_id(dom, "meta_content")?;
    with_class(dom, line, "rich_media_meta_text").into_iter().find_map(|n| {
        let id = dom.attr(n, "id").unwrap_or("");
        if matches!(id, "post-date" | "publish_time" | "js_ip_wording_wrp" | "js_ip_wording")
            || has_class(dom, n, "rich_media_meta_nickname")
            || has_class(dom, n, "rich_media_meta_primary")
        {
            return None;
        }
        let t = text_of(dom, n)?;
        (text_date(&t).is_none()
            && Some(t.as_str()) != site
            && t != "原创"
            && t.chars().count() < 40)
            .then_some(t)
    })
}

/// Alt texts that say nothing about the picture.
fn decorative_alt(alt: &str) -> bool {
    let a = alt.trim().to_lowercase();
    a.is_empty()
        || matches!(
            a.as_str(),
            "图片" | "图像" | "图" | "二维码" | "image" | "img" | "picture" | "photo"
        )
        || a.starts_with("微信图片")
        || [".png", ".jpg", ".jpeg", ".gif", ".webp"].iter().any(|e| a.ends_with(e))
}

/// A card's one line: the label alone when the card names nothing.
fn card_line(label: &str, name: Option<&str>) -> String {
    match name.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => format!("[{label}] {t}"),
        None => format!("[{label}]"),
    }
}

/// The text of the first element under `n` with one of `classes`.
fn inner_text(dom: &Dom, n: NodeId, classes: &[&str]) -> Option<String> {
    classes.iter().find_map(|c| with_class(dom, n, c).into_iter().find_map(|e| text_of(dom, e)))
}

fn prepare_body(dom: &mut Dom, content: NodeId) {
    // Shown once script runs: the hiding style is the server's, not the author's.
    remove_attr(dom, content, "style");
    // Depth first, without entering what is replaced: linear in the body's size.
    let mut stack: Vec<NodeId> = dom.kids(content).collect();
    stack.reverse();
    while let Some(n) = stack.pop() {
        if !dom.is_elem(n) {
            continue;
        }
        let tag = dom.tag(n).to_owned();
        let attr = |name: &str| dom.attr(n, name).map(str::to_owned);
        let class = |c: &str| has_class(dom, n, c);
        let line = match tag.as_str() {
            "img" => {
                let src = attr("src").unwrap_or_default();
                let lazy = attr("data-src").filter(|s| !s.trim().is_empty());
                let plain = attr("alt").is_some_and(|a| decorative_alt(&a));
                if let Some(lazy) = lazy {
                    if src.trim().is_empty() || src.starts_with("data:") {
                        set_attr(dom, n, "src", &lazy);
                    }
                }
                if plain {
                    remove_attr(dom, n, "alt");
                }
                None
            }
            "iframe" if class("video_iframe") || attr("data-mpvid").is_some() => {
                Some(card_line("视频", attr("data-title").as_deref()))
            }
            "mpvideo" | "mp-common-videosnap" | "mp-videosnap" => Some(card_line(
                "视频",
                attr("data-desc").or(attr("data-title")).or(attr("data-nickname")).as_deref(),
            )),
            "mp-miniprogram" | "mp-common-miniprogram" => Some(card_line(
                "小程序",
                attr("data-miniprogram-title").or(attr("data-miniprogram-nickname")).as_deref(),
            )),
            "mpvoice" | "mp-common-mpaudio" => {
                Some(card_line("音频", attr("name").or(attr("data-title")).as_deref()))
            }
            "li" => {
                // The editor wraps each item's text in a paragraph, which would end the item.
                let wrappers: Vec<NodeId> = dom
                    .kids(n)
                    .filter(|&k| matches!(dom.tag(k), "p" | "section" | "div"))
                    .collect();
                if let [only] = wrappers[..] {
                    super::rename(dom, only, "span");
                }
                None
            }
            "qqmusic" => Some(card_line("音乐", attr("music_name").as_deref())),
            "mpprofile" | "mp-common-profile" => Some(String::new()),
            _ if class("js_tx_video_container")
                || class("video_card")
                || class("wx_video_card") =>
            {
                let title = attr("data-title")
                    .or_else(|| inner_text(dom, n, &["video_card__title", "js_video_title"]));
                Some(card_line("视频", title.as_deref()))
            }
            _ if class("weapp_display_element") || class("weapp_card") => {
                let title = inner_text(dom, n, &["weapp_card_title", "weapp_card_nickname"]);
                Some(card_line("小程序", title.as_deref()))
            }
            _ if class("js_wx_profile_card")
                || class("wx_profile_card")
                || class("mp_profile_iframe") =>
            {
                Some(String::new())
            }
            _ => None,
        };
        match line {
            Some(l) if l.is_empty() => dom.nodes[n].removed = true,
            Some(l) => replace_with_line(dom, n, &l),
            None => {
                let first = stack.len();
                stack.extend(dom.kids(n));
                stack[first..].reverse();
            }
        }
    }
}

/// Short lines that ask the reader to follow, share, like or scan: no article says only that.
const CALLS: &[&str] = &[
    "蓝字",
    "关注我们",
    "关注公众号",
    "关注本号",
    "关注该公众号",
    "点击关注",
    "点个在看",
    "点在看",
    "点亮在看",
    "分享到朋友圈",
    "转发到朋友圈",
    "长按识别",
    "长按二维码",
    "扫码关注",
    "扫描二维码",
    "扫一扫",
    "设为星标",
    "阅读原文",
    "向上滑动",
    "继续滑动看下一个",
    "预览时标签不可点",
    "喜欢此内容的人还喜欢",
];

/// Words that make a line furniture when it holds nothing else (`点赞 · 在看 · 分享`).
const BUTTONS: &[&str] = &["在看", "点赞", "赞赏", "分享", "收藏", "关注", "转发", "留言", "喜欢"];

/// Headings of the list of the account's other articles that ends many posts.
const MORE_HEADINGS: &[&str] = &[
    "往期推荐",
    "往期回顾",
    "往期精选",
    "往期精彩",
    "推荐阅读",
    "精彩推荐",
    "热门推荐",
    "相关阅读",
    "历史文章",
    "更多推荐",
    "猜你喜欢",
    "近期热文",
    "延伸阅读",
];

/// Drops the furniture authors and the template put among the blocks.
pub fn tidy(blocks: &mut Vec<Block>) {
    let bare = |t: &str| -> String { t.chars().filter(|c| c.is_alphanumeric()).collect() };
    // The list of other articles: a heading from MORE_HEADINGS in the second half, followed only
    // by short lines.
    let half = blocks.len() / 2;
    if let Some(cut) = (half..blocks.len()).find(|&i| {
        MORE_HEADINGS.contains(&bare(&blocks[i].text).as_str())
            && blocks[i + 1..].iter().all(|b| b.text.chars().count() <= 60)
    }) {
        blocks.truncate(cut);
    }
    blocks.retain(|b| {
        let t = b.text.as_str();
        if b.kind == PassageKind::Code {
            return true;
        }
        let short = t.chars().count() <= 30;
        let only_buttons = BUTTONS.iter().fold(bare(t), |s, w| s.replace(w, "")).is_empty();
        !(t.starts_with("以下文章来源于")
            || short && CALLS.iter().any(|c| t.contains(c))
            || short && only_buttons)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lazy images keep their place with their address in `src`, where image handling looks;
    /// a placeholder alt is not text.
    #[test]
    fn lazy_images_get_their_address() {
        let mut dom = Dom::parse(
            r#"<div class="rich_media_content" id="js_content" style="visibility: hidden;">
            <p>正文</p><img data-src="https://mmbiz.qpic.cn/a/640" src="data:image/gif;base64,R0" alt="图片">
            <img src="https://example.org/b.png" data-src="https://example.org/c.png" alt="算力曲线"></div>"#,
        );
        let mut pm = PageMeta::default();
        let root = prepare(&mut dom, &mut pm);
        assert!(root.is_some());
        let imgs = dom.find_all(0, &["img"]);
        assert_eq!(dom.attr(imgs[0], "src"), Some("https://mmbiz.qpic.cn/a/640"));
        assert_eq!(dom.attr(imgs[0], "alt"), None);
        assert_eq!(dom.attr(imgs[1], "src"), Some("https://example.org/b.png"));
        assert_eq!(dom.attr(imgs[1], "alt"), Some("算力曲线"));
        assert_eq!(root.and_then(|r| dom.attr(r, "style")), None);
    }

    #[test]
    fn furniture_lines() {
        let block = |t: &str| Block {
            kind: PassageKind::Paragraph,
            level: 0,
            text: t.to_owned(),
            links: Vec::new(),
        };
        let mut blocks: Vec<Block> = [
            "点击上方蓝字关注我们",
            "我在看书的时候想到了这个问题。",
            "点赞",
            "网友纷纷点赞，认为这是好事。",
            "结尾。",
            "往期推荐",
            "一篇旧文",
        ]
        .iter()
        .map(|t| block(t))
        .collect();
        tidy(&mut blocks);
        let left: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            left,
            ["我在看书的时候想到了这个问题。", "网友纷纷点赞，认为这是好事。", "结尾。"]
        );
    }
}
