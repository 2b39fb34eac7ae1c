//! Chinese news and column sites whose pages the generic extractor reads well but whose
//! metadata it gets wrong: `<title>` carries the site's name glued on without spaces
//! (`…-36氪`, `…_澎湃新闻-The Paper`, `…|新浪科技_新浪网`), the site's name is missing or in
//! English, and the author and date are shown in the page's header rather than in `<meta>`.
//!
//! A page belongs to a site when its own address (`og:url`, canonical link) is on the site's
//! host, or its `<title>` ends with the site's suffix.

use super::{has_class, text_date, text_of, with_class};
use crate::import::html::dom::{Dom, NodeId};
use crate::import::html::meta::PageMeta;

struct Site {
    /// The name kept as the article's site.
    name: &'static str,
    /// Host names (or their ends) of the site's article pages.
    hosts: &'static [&'static str],
    /// What the site appends to its titles after a separator, longest first.
    suffixes: &'static [&'static str],
    /// Classes of the header element naming the author (see [`super::has_class`]).
    author: &'static [&'static str],
    /// Classes of the header element showing the publication date.
    date: &'static [&'static str],
}

const SITES: &[Site] = &[
    Site {
        name: "36氪",
        hosts: &["36kr.com"],
        suffixes: &["36氪"],
        author: &["item-a", "author-name"],
        date: &["item-time"],
    },
    Site {
        name: "虎嗅",
        hosts: &["huxiu.com"],
        suffixes: &["虎嗅网", "虎嗅"],
        author: &["author-info__username", "article__author"],
        date: &["article__time"],
    },
    Site {
        name: "知乎专栏",
        hosts: &["zhuanlan.zhihu.com"],
        suffixes: &["知乎专栏", "知乎"],
        author: &["AuthorInfo-name"],
        date: &["ContentItem-time"],
    },
    Site {
        name: "澎湃新闻",
        hosts: &["thepaper.cn"],
        suffixes: &["澎湃新闻-The Paper", "澎湃新闻"],
        author: &["news_about", "index_left__"],
        date: &["news_about", "index_left__"],
    },
    Site {
        name: "机器之心",
        hosts: &["jiqizhixin.com"],
        suffixes: &["机器之心"],
        author: &["article__author", "author"],
        date: &["article__time", "published-time"],
    },
    Site {
        name: "量子位",
        hosts: &["qbitai.com"],
        suffixes: &["量子位"],
        author: &["author"],
        date: &["date"],
    },
    Site {
        name: "新浪科技",
        hosts: &["tech.sina.com.cn", "tech.sina.cn"],
        suffixes: &["新浪科技_新浪网", "新浪科技"],
        // Sina names no author; the editor in charge signs the article's foot.
        author: &["show_author"],
        date: &["date"],
    },
];

/// Separators a title and a site suffix are joined with.
const SEPARATORS: &[char] = &['-', '_', '|', '｜', '—', '－', '·', '–'];

/// Corrects the metadata of a page from one of [`SITES`]; other pages are left alone.
pub fn prepare(dom: &mut Dom, pm: &mut PageMeta) {
    let doc_title = dom.first("title").map(|t| dom.text(t)).unwrap_or_default();
    let own_url = pm.url.clone().unwrap_or_default();
    let host = own_url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or("");
    let Some(site) = SITES.iter().find(|s| {
        s.hosts.iter().any(|h| host == *h || host.ends_with(&format!(".{h}")))
            || strip_suffix(&doc_title, s.suffixes).is_some()
    }) else {
        return;
    };
    if let Some(t) = pm.title.as_deref().and_then(|t| strip_suffix(t, site.suffixes)) {
        pm.title = Some(t);
    }
    pm.site = Some(site.name.to_owned());
    let by_site =
        pm.author.as_deref().is_some_and(|a| a == site.name || site.suffixes.contains(&a));
    if pm.author.is_none() || by_site {
        // The site is not an author: a page naming none has none.
        pm.author = header_author(dom, site.author);
    }
    let iso = pm.published.as_deref().and_then(text_date);
    pm.published = iso.or_else(|| header_date(dom, site.date)).or(pm.published.take());
}

/// `title` without a trailing separator and one of `suffixes`; `None` when it has none, or
/// when nothing would be left.
fn strip_suffix(title: &str, suffixes: &[&str]) -> Option<String> {
    let t = title.trim();
    suffixes.iter().find_map(|s| {
        let head = t.strip_suffix(s)?.trim_end();
        let bare = head.trim_end_matches(SEPARATORS).trim_end();
        (bare.len() < head.len() && !bare.is_empty()).then(|| bare.to_owned())
    })
}

/// Words that introduce a name in a byline (`澎湃新闻记者 张三`, `作者｜李四`, `文/王五`).
const NAME_PREFIXES: &[&str] =
    &["澎湃新闻记者", "澎湃新闻特约记者", "记者", "作者", "撰文", "责任编辑", "编辑", "文", "来源"];

fn header_author(dom: &Dom, classes: &[&str]) -> Option<String> {
    let el = classes.iter().find_map(|c| with_class(dom, 0, c).into_iter().next())?;
    // A header block holding the date too: its first part is the author.
    let mut text = text_of(dom, el)?;
    if text_date(&text).is_some() {
        text = first_part(dom, el)?;
    }
    let mut name = text.trim();
    let seps = [':', '：', '｜', '|', '/', ' ', '\u{a0}'];
    for p in NAME_PREFIXES {
        if let Some(rest) = name.strip_prefix(p) {
            // `文静` is a name; `文/王五` and `记者张三` are a word and a name.
            if rest.starts_with(seps) || p.ends_with("记者") {
                name = rest.trim_start_matches(seps).trim();
            }
        }
    }
    let name = name.trim_end_matches(['·', ' ']).trim();
    (!name.is_empty() && name.chars().count() <= 40 && text_date(name).is_none())
        .then(|| name.to_owned())
}

/// The text of the first descendant element of `el` that holds text and no date.
fn first_part(dom: &Dom, el: NodeId) -> Option<String> {
    dom.descendants(el)
        .into_iter()
        .filter(|&n| dom.is_elem(n) && !has_class(dom, n, "date"))
        .filter_map(|n| text_of(dom, n))
        .find(|t| text_date(t).is_none())
}

fn header_date(dom: &Dom, classes: &[&str]) -> Option<String> {
    classes
        .iter()
        .flat_map(|c| with_class(dom, 0, c))
        .find_map(|n| text_of(dom, n).and_then(|t| text_date(&t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes() {
        let s = |t: &str, x: &[&str]| strip_suffix(t, x);
        assert_eq!(s("大模型价格战-36氪", &["36氪"]).as_deref(), Some("大模型价格战"));
        assert_eq!(s("大模型 - 36氪", &["36氪"]).as_deref(), Some("大模型"));
        assert_eq!(
            s("算力_澎湃新闻-The Paper", &["澎湃新闻-The Paper", "澎湃新闻"]).as_deref(),
            Some("算力")
        );
        assert_eq!(s("芯片|新浪科技_新浪网", &["新浪科技_新浪网"]).as_deref(), Some("芯片"));
        assert_eq!(s("读懂量子位", &["量子位"]), None);
        assert_eq!(s("| 量子位", &["量子位"]), None);
    }
}
