//! Site-specific passes, run before the generic extractor: pages whose structure is known well
//! enough that guessing is worse than knowing.
//!
//! A pass recognises its pages by their structure and markers (ids, classes, script variables,
//! title suffixes), never only by URL, because a saved file has none. [`wechat`] takes a
//! 微信公众号 article from `#js_content` and its metadata from the page's script variables;
//! [`news`] corrects the metadata of Chinese news sites (a title without the site's suffix,
//! the site's name, author and date) and leaves the body to the generic extractor.

mod news;
mod wechat;

use super::dom::{Dom, Kind, NodeId};
use super::meta::PageMeta;
use crate::import::Block;

/// What a site pass decided.
#[derive(Default)]
pub struct Pass {
    /// The article's root when the pass found it itself (the generic extractor is then skipped).
    pub root: Option<NodeId>,
    /// Removes the site's furniture from the rendered blocks.
    pub tidy: Option<fn(&mut Vec<Block>)>,
}

/// Runs the pass of the site the page belongs to, if any, correcting `pm` in place.
pub fn prepare(dom: &mut Dom, pm: &mut PageMeta) -> Pass {
    if let Some(root) = wechat::prepare(dom, pm) {
        return Pass { root: Some(root), tidy: Some(wechat::tidy) };
    }
    news::prepare(dom, pm);
    Pass::default()
}

/// The first live element whose `id` attribute is `id`.
fn by_id(dom: &Dom, id: &str) -> Option<NodeId> {
    (1..dom.nodes.len()).find(|&n| !dom.nodes[n].removed && dom.attr(n, "id") == Some(id))
}

/// True when the element's class list holds `class`, or a class starting with it when `class`
/// ends with `__` (the hashed class names of CSS modules: `index_title__B8mhI`).
fn has_class(dom: &Dom, n: NodeId, class: &str) -> bool {
    let Some(list) = dom.attr(n, "class") else { return false };
    if class.ends_with("__") {
        list.split_whitespace().any(|c| c.starts_with(class))
    } else {
        list.split_whitespace().any(|c| c == class)
    }
}

/// Live elements under `root` carrying `class` (see [`has_class`]), in document order.
fn with_class(dom: &Dom, root: NodeId, class: &str) -> Vec<NodeId> {
    dom.descendants(root).into_iter().filter(|&n| has_class(dom, n, class)).collect()
}

/// The trimmed text of an element, `None` when empty.
fn text_of(dom: &Dom, n: NodeId) -> Option<String> {
    Some(dom.text(n)).filter(|t| !t.is_empty())
}

fn set_attr(dom: &mut Dom, n: NodeId, name: &str, value: &str) {
    if let Kind::Elem { attrs, .. } = &mut dom.nodes[n].kind {
        match attrs.iter_mut().find(|(k, _)| k == name) {
            Some(a) => a.1 = value.to_owned(),
            None => attrs.push((name.to_owned(), value.to_owned())),
        }
    }
}

fn rename(dom: &mut Dom, n: NodeId, new: &str) {
    if let Kind::Elem { tag, .. } = &mut dom.nodes[n].kind {
        *tag = new.to_owned();
    }
}

fn remove_attr(dom: &mut Dom, n: NodeId, name: &str) {
    if let Kind::Elem { attrs, .. } = &mut dom.nodes[n].kind {
        attrs.retain(|(k, _)| k != name);
    }
}

/// Puts a paragraph holding `line` where `n` was (`n` and its subtree are marked removed).
fn replace_with_line(dom: &mut Dom, n: NodeId, line: &str) {
    let parent = dom.nodes[n].parent;
    let p = dom.nodes.len();
    let attrs = Vec::new();
    dom.nodes.push(super::dom::Node {
        kind: Kind::Elem { tag: "p".to_owned(), attrs },
        parent,
        children: vec![p + 1],
        removed: false,
    });
    dom.nodes.push(super::dom::Node {
        kind: Kind::Text(line.to_owned()),
        parent: p,
        children: Vec::new(),
        removed: false,
    });
    if let Some(slot) = dom.nodes[parent].children.iter_mut().find(|c| **c == n) {
        *slot = p;
    }
    dom.nodes[n].removed = true;
}

/// The content of the first `<meta>` whose `property` or `name` is `key` (any case), collapsed.
fn meta_content(dom: &Dom, key: &str) -> Option<String> {
    dom.find_all(0, &["meta"]).into_iter().find_map(|m| {
        let named = ["property", "name", "itemprop"]
            .iter()
            .any(|a| dom.attr(m, a).is_some_and(|v| v.trim().eq_ignore_ascii_case(key)));
        if !named {
            return None;
        }
        let c = super::dom::collapse(dom.attr(m, "content")?);
        (!c.is_empty()).then_some(c)
    })
}

/// The text of every `<script>` element, one after another.
fn script_text(dom: &Dom) -> String {
    let mut out = String::new();
    for s in dom.find_all(0, &["script"]) {
        for &c in &dom.nodes[s].children {
            if let Kind::Text(t) = &dom.nodes[c].kind {
                out.push_str(t);
                out.push('\n');
            }
        }
    }
    out
}

/// The longest script string read, in characters.
const MAX_JS_STRING: usize = 4096;

/// The first non-empty string a script assigns to `name` (`var name = "…"`, `name: '…'`,
/// `window.name = htmlDecode("…")`), with JavaScript escapes and HTML entities decoded.
fn js_string(scripts: &str, name: &str) -> Option<String> {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    for (at, _) in scripts.match_indices(name) {
        if scripts[..at].chars().next_back().is_some_and(ident) {
            continue;
        }
        let rest = scripts[at + name.len()..].trim_start_matches([' ', '\t']);
        let Some(rest) = rest.strip_prefix(['=', ':']) else { continue };
        if rest.starts_with('=') {
            continue;
        }
        let mut rest = rest.trim_start();
        for call in ["htmlDecode(", "JsDecode(", "decodeURIComponent("] {
            if let Some(r) = rest.strip_prefix(call) {
                rest = r.trim_start();
            }
        }
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let body = &rest[1..];
        let mut end = None;
        let mut escaped = false;
        // Names, titles and links are short: a longer "string" is not one of them, and the cap
        // keeps a script of many unclosed quotes from costing quadratic time.
        for (i, c) in body.char_indices().take(MAX_JS_STRING) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '\n' => break,
                c if c == quote => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { continue };
        let value = html_entities(&js_unescape(&body[..end]));
        let value = super::dom::collapse(&value);
        if !value.is_empty() {
            return Some(value);
        }
    }
    None
}

/// Decodes the escapes of a JavaScript string literal's body.
fn js_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex = |chars: &mut std::str::Chars, n: usize| -> Option<char> {
            let h: String = chars.by_ref().take(n).collect();
            u32::from_str_radix(&h, 16).ok().and_then(char::from_u32)
        };
        match chars.next() {
            Some('x') => out.extend(hex(&mut chars, 2)),
            Some('u') => out.extend(hex(&mut chars, 4)),
            Some('n' | 'r' | 't') => out.push(' '),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Decodes the HTML entities script variables carry (`&amp;`, `&quot;`, `&#39;`, `&#x4e2d;`…).
fn html_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let Some(semi) = rest.char_indices().take(10).find(|&(_, c)| c == ';').map(|(i, _)| i)
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..semi];
        let decoded = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The calendar date in China (UTC+8 all year since 1991) of a Unix time in seconds.
fn shanghai_date(secs: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| (t + chrono::TimeDelta::hours(8)).format("%Y-%m-%d").to_string())
}

/// The first date written in `s` as `2023-05-01`, `2023/5/1`, `2023.05.01` or `2023年5月1日`,
/// as `YYYY-MM-DD`; `None` when there is none or it is not a real date.
fn text_date(s: &str) -> Option<String> {
    let c: Vec<char> = s.chars().collect();
    let digits = |i: usize, max: usize| -> (usize, u32) {
        let mut j = i;
        let mut v = 0u32;
        while j < c.len() && j - i < max && c[j].is_ascii_digit() {
            v = v * 10 + c[j].to_digit(10).unwrap_or(0);
            j += 1;
        }
        (j - i, v)
    };
    let mut i = 0;
    while i + 4 <= c.len() {
        let (n, y) = digits(i, 4);
        if n == 4 && (i == 0 || !c[i - 1].is_ascii_digit()) && i + 4 < c.len() {
            let sep = c[i + 4];
            if matches!(sep, '-' | '/' | '.' | '年') {
                let (mn, m) = digits(i + 5, 2);
                let after_m = i + 5 + mn;
                let sep2 = if sep == '年' { '月' } else { sep };
                if mn > 0 && after_m < c.len() && c[after_m] == sep2 {
                    let (dn, d) = digits(after_m + 1, 2);
                    let next = after_m + 1 + dn;
                    if dn > 0 && (next >= c.len() || !c[next].is_ascii_digit()) {
                        if let Some(date) = chrono::NaiveDate::from_ymd_opt(y as i32, m, d) {
                            return Some(date.format("%Y-%m-%d").to_string());
                        }
                    }
                }
            }
        }
        i += n.max(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_strings() {
        let s = r#"var nickname = htmlDecode("轩辕&amp;的宇宙"); var msg_source_url = '';
            window.msg_title = 'A \x26amp; B\u4e2d'; var ct = "1762747210";
            if (a.msg_title == 'x') {} var create_timestamp = "9"; d = { title: JsDecode('标题&quot;') };"#;
        assert_eq!(js_string(s, "nickname").as_deref(), Some("轩辕&的宇宙"));
        assert_eq!(js_string(s, "msg_source_url"), None);
        assert_eq!(js_string(s, "msg_title").as_deref(), Some("A & B中"));
        assert_eq!(js_string(s, "ct").as_deref(), Some("1762747210"));
        assert_eq!(js_string(s, "create_time"), None);
        assert_eq!(js_string(s, "title").as_deref(), Some("标题\""));
    }

    #[test]
    fn dates() {
        assert_eq!(shanghai_date(1762747210).as_deref(), Some("2025-11-10"));
        // 22:56 UTC on the 5th is already the 6th in Shanghai.
        assert_eq!(shanghai_date(1522968980).as_deref(), Some("2018-04-06"));
        assert_eq!(
            text_date("发布于 2023-05-01 10:00・IP 属地北京").as_deref(),
            Some("2023-05-01")
        );
        assert_eq!(text_date("2023年5月1日 10:00").as_deref(), Some("2023-05-01"));
        assert_eq!(text_date("2023/12/31").as_deref(), Some("2023-12-31"));
        assert_eq!(text_date("2023-13-01"), None);
        assert_eq!(text_date("编号 12023-05-01"), None);
        assert_eq!(text_date("3小时前"), None);
    }
}
