//! A page's metadata: title, author, site, date, language and URL, from what the page says
//! about itself (JSON-LD, Open Graph, Twitter cards, Dublin Core, `<meta>`, `<time>`,
//! `<html lang>`), best source first. Structured data is preferred because sites fill it for
//! search engines and keep it accurate; `<title>` often carries the site's name as a suffix.

use super::dom::{collapse, Dom};
use crate::import::meta::iso_date;
use std::collections::HashMap;

#[derive(Debug, Default, Clone)]
pub struct PageMeta {
    pub title: Option<String>,
    pub author: Option<String>,
    pub site: Option<String>,
    pub published: Option<String>,
    pub language: Option<String>,
    pub url: Option<String>,
}

/// Reads the page's metadata.
pub fn page_meta(dom: &Dom) -> PageMeta {
    let mut values: HashMap<String, String> = HashMap::new();
    for m in dom.find_all(0, &["meta"]) {
        let content = match dom.attr(m, "content") {
            Some(c) if !c.trim().is_empty() => collapse(c),
            _ => continue,
        };
        for attr in ["property", "name", "itemprop", "http-equiv"] {
            if let Some(names) = dom.attr(m, attr) {
                for name in names.split_whitespace() {
                    let key = name.to_lowercase().replace('.', ":");
                    values.entry(key).or_insert_with(|| content.clone());
                }
            }
        }
    }
    let ld = json_ld(dom);
    let get = |keys: &[&str]| -> Option<String> {
        keys.iter().find_map(|k| values.get(*k).filter(|v| !v.is_empty()).cloned())
    };
    let doc_title = dom.first("title").map(|t| dom.text(t)).filter(|t| !t.is_empty());
    let title = ld
        .title
        .clone()
        .or_else(|| get(&["dc:title", "dcterm:title", "og:title", "weibo:article:title"]))
        .or_else(|| get(&["weibo:webpage:title", "title", "twitter:title", "parsely-title"]))
        .or_else(|| doc_title.as_deref().map(|t| article_title(dom, t)));
    let author = ld
        .author
        .clone()
        .or_else(|| get(&["dc:creator", "dcterm:creator", "author", "parsely-author"]))
        .or_else(|| get(&["article:author"]).filter(|a| !a.starts_with("http")));
    let site = ld.site.clone().or_else(|| get(&["og:site_name", "application-name"]));
    // The first date, best source first, that is a real date (see `meta::iso_date`).
    let published = ld
        .published
        .as_deref()
        .and_then(iso_date)
        .or_else(|| date_of(get(&["article:published_time", "parsely-pub-date", "datepublished"])))
        .or_else(|| date_of(get(&["dc:date", "dcterm:date", "pubdate", "publishdate", "date"])))
        .or_else(|| {
            dom.find_all(0, &["time"]).into_iter().find_map(|t| {
                dom.attr(t, "datetime").and_then(iso_date).or_else(|| iso_date(&dom.text(t)))
            })
        });
    let language = dom
        .first("html")
        .and_then(|h| dom.attr(h, "lang").or(dom.attr(h, "xml:lang")))
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .or_else(|| get(&["content-language", "og:locale", "language"]))
        .map(|l| l.replace('_', "-"));
    let url = get(&["og:url"])
        .or_else(|| {
            dom.find_all(0, &["link"])
                .into_iter()
                .find(|&l| dom.attr(l, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")))
                .and_then(|l| dom.attr(l, "href").map(str::to_owned))
        })
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    PageMeta {
        title: title.map(|t| collapse(&t)).filter(|t| !t.is_empty()),
        author: author.map(|a| collapse(&a)).filter(|a| !a.is_empty()),
        site: site.map(|s| collapse(&s)).filter(|s| !s.is_empty()),
        published,
        language,
        url,
    }
}

#[derive(Default)]
struct LdMeta {
    title: Option<String>,
    author: Option<String>,
    site: Option<String>,
    published: Option<String>,
}

/// The first JSON-LD object describing an article.
fn json_ld(dom: &Dom) -> LdMeta {
    for s in dom.find_all(0, &["script"]) {
        if !dom
            .attr(s, "type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            continue;
        }
        let raw: String = dom.nodes[s]
            .children
            .iter()
            .filter_map(|&c| match &dom.nodes[c].kind {
                super::dom::Kind::Text(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let raw = raw.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>");
        let Ok(v) = serde_json::from_str::<serde_json::Value>(raw) else { continue };
        let mut objs: Vec<&serde_json::Value> = Vec::new();
        match &v {
            serde_json::Value::Array(a) => objs.extend(a.iter()),
            o => objs.push(o),
        }
        let mut expanded = Vec::new();
        for o in objs {
            if let Some(serde_json::Value::Array(g)) = o.get("@graph") {
                expanded.extend(g.iter());
            }
            expanded.push(o);
        }
        for o in expanded {
            if !is_article_type(o.get("@type")) {
                continue;
            }
            let text =
                |k: &str| o.get(k).and_then(|v| v.as_str()).map(collapse).filter(|s| !s.is_empty());
            // Some sites put a description of the page type in one of the two: prefer the one
            // the document's own title contains (a bare site name does not count).
            let doc_title = dom.first("title").map(|t| dom.text(t)).unwrap_or_default();
            let title = match (text("headline"), text("name")) {
                (Some(h), Some(n))
                    if !doc_title.contains(&h)
                        && doc_title.contains(&n)
                        && n.split_whitespace().count() >= 3 =>
                {
                    Some(n)
                }
                (h, n) => h.or(n),
            };
            return LdMeta {
                title,
                author: o.get("author").and_then(names),
                site: o.get("publisher").and_then(names),
                published: text("datePublished"),
            };
        }
    }
    LdMeta::default()
}

fn is_article_type(t: Option<&serde_json::Value>) -> bool {
    let is = |s: &str| {
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting" | "Report" | "WebPage" | "Blog" | "Review" | "ScholarlyArticle"
            )
    };
    match t {
        Some(serde_json::Value::String(s)) => is(s),
        Some(serde_json::Value::Array(a)) => a.iter().any(|v| v.as_str().is_some_and(is)),
        _ => false,
    }
}

/// Names from a JSON-LD person/organisation, a list of them, or a plain string.
fn names(v: &serde_json::Value) -> Option<String> {
    let out = match v {
        serde_json::Value::String(s) => collapse(s),
        serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(collapse)?,
        serde_json::Value::Array(a) => a.iter().filter_map(names).collect::<Vec<_>>().join(", "),
        _ => return None,
    };
    (!out.is_empty()).then_some(out)
}

/// The article's title from the document's `<title>`: without a trailing (or leading) site
/// name when the title is split by a separator, unless that leaves too little.
fn article_title(dom: &Dom, doc_title: &str) -> String {
    let orig = collapse(doc_title);
    let words = |s: &str| s.split_whitespace().count();
    let seps = [" | ", " - ", " – ", " — ", " \\ ", " / ", " > ", " » "];
    let mut cur = orig.clone();
    if let Some((pos, sep)) =
        seps.iter().filter_map(|s| orig.rfind(s).map(|p| (p, *s))).max_by_key(|x| x.0)
    {
        cur = orig[..pos].to_owned();
        if words(&cur) < 3 {
            // The site's name came first: take what follows the first separator.
            if let Some(p) = orig.find(sep) {
                cur = orig[p + sep.len()..].to_owned();
            }
        }
    } else if orig.contains(": ") {
        let headings = dom.find_all(0, &["h1", "h2"]);
        let exact = headings.iter().any(|&h| dom.text(h) == orig);
        if !exact {
            let after = orig[orig.rfind(": ").map_or(0, |p| p + 2)..].to_owned();
            cur = if words(&after) < 3 {
                orig[orig.find(": ").map_or(0, |p| p + 2)..].to_owned()
            } else {
                after
            };
            if words(&orig[..orig.find(": ").unwrap_or(0)]) > 5 {
                cur = orig.clone();
            }
        }
    } else if orig.chars().count() > 150 || orig.chars().count() < 15 {
        let h1s = dom.find_all(0, &["h1"]);
        if h1s.len() == 1 {
            cur = dom.text(h1s[0]);
        }
    }
    let cur = collapse(&cur);
    let n = words(&cur);
    // A short result is only trusted when the title was a path (`Site / Section / Title`).
    let hierarchical = [" \\ ", " / ", " > ", " » "].iter().any(|s| orig.contains(s));
    let bare = orig.replace(|c| "|-–—\\/>»".contains(c), "");
    if n <= 4 && (!hierarchical || n + 1 != words(&bare)) {
        return orig;
    }
    cur
}

fn date_of(value: Option<String>) -> Option<String> {
    iso_date(&value?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(html: &str) -> Option<String> {
        page_meta(&Dom::parse(html)).published
    }

    #[test]
    fn dates_are_read_from_every_source_in_every_form() {
        let cases = [
            (
                r#"<meta property="article:published_time" content="2023-04-11T10:30:00+08:00">"#,
                "2023-04-11",
            ),
            (r#"<meta name="pubdate" content="2023年4月11日 10:30">"#, "2023-04-11"),
            (r#"<meta name="date" content="Tue, 11 Apr 2023 10:30:00 +0800">"#, "2023-04-11"),
            (r#"<time datetime="2023/4/11">昨天</time>"#, "2023-04-11"),
            (r#"<p>发布于 <time>2023年04月11日 10:30</time></p>"#, "2023-04-11"),
            (
                r#"<script type="application/ld+json">{"@type":"NewsArticle","headline":"算力","datePublished":"2023-04-11 10:30"}</script>"#,
                "2023-04-11",
            ),
        ];
        for (head, want) in cases {
            let html = format!("<html><head>{head}</head><body><p>正文。</p></body></html>");
            assert_eq!(published(&html).as_deref(), Some(want), "{head}");
        }
    }

    /// A source that gives no real date gives way to the next one; with none, there is none.
    #[test]
    fn a_date_that_is_not_real_gives_way() {
        let html = r#"<meta property="article:published_time" content="2023年2月30日">
            <meta name="date" content="2023-03-01"><p>正文。</p>"#;
        assert_eq!(published(html).as_deref(), Some("2023-03-01"));
        let html = r#"<meta name="date" content="去年春天"><time>二〇二三年</time><p>正文。</p>"#;
        assert_eq!(published(html), None);
    }
}
