//! Text out of HTML or JSX fragments found inside Markdown: tags dropped, text kept.
//!
//! Imported content is data, never code, so markup is never passed on. This is not an HTML
//! parser (the HTML importer is a separate module); it only has to leave the words of the small
//! fragments Markdown authors write, and nothing executable.

// Tags that separate paragraphs (their text goes into a block of its own): the HTML importer's.
use super::html::BLOCK_TAGS;

/// Tags whose content is not text to read.
const SKIP_CONTENT: &[&str] =
    &["script", "style", "template", "noscript", "iframe", "object", "svg", "math"];

/// Gives the byte offset just past the tag that starts at `start` (a `<`), respecting quoted
/// attribute values and JSX `{…}` expressions (which may contain `>` and nested tags); `None`
/// when the tag never ends.
pub fn tag_end(text: &str, start: usize) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut braces = 0usize;
    for (k, c) in text.get(start + 1..)?.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if braces == 0 => quote = Some(c),
            (None, '{') => braces += 1,
            (None, '}') => braces = braces.saturating_sub(1),
            (None, '>') if braces == 0 => return Some(start + 1 + k + 1),
            _ => {}
        }
    }
    None
}

/// The lowercase name of a tag such as `<div class=…>` or `</P>`, and whether it closes.
fn tag_name(tag: &str) -> (String, bool) {
    let inner = tag.trim_start_matches('<');
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let name: String =
        inner.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    (name.to_ascii_lowercase(), closing)
}

/// The `src` and `alt` of every `<img>` tag of an HTML fragment, in order (those without a
/// `src`, or inside a comment, left out); `&amp;` and other references in them decoded.
pub fn img_tags(html: &str) -> Vec<(String, String)> {
    let mut visible = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        visible.push_str(&rest[..start]);
        rest = rest[start..].find("-->").map_or("", |end| &rest[start + end + 3..]);
    }
    visible.push_str(rest);
    let html = visible.as_str();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = find_ignoring_case(&html[from..], "<img").map(|p| from + p) {
        let Some(end) = tag_end(html, at) else { break };
        from = end;
        let tag = &html[at + 4..end - 1];
        if !tag.starts_with(|c: char| c.is_whitespace() || c == '/') {
            continue;
        }
        let (src, alt) = (attribute(tag, "src"), attribute(tag, "alt"));
        if let Some(src) = src.filter(|s| !s.trim().is_empty()) {
            out.push((src.trim().to_owned(), alt.unwrap_or_default()));
        }
    }
    out
}

/// The value of attribute `name` in the inside of a tag (`src="a.png" alt=图`), decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let key_len =
            rest.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let key = &rest[..key_len];
        rest = rest[key_len..].trim_start();
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let stop = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..stop], &after[stop..])
                }
            };
            value = Some(v);
            rest = next;
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(strip_tags(value.unwrap_or("")));
        }
    }
}

/// Strips tags, comments and non-text content from an HTML fragment, decodes character
/// references, and separates paragraphs (block tags, blank lines) with `"\n\n"`.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |p| i + p + 3);
            continue;
        }
        let is_tag = rest.starts_with('<')
            && rest[1..].starts_with(|c: char| {
                c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?' || c == '>'
            });
        if is_tag {
            let Some(end) = tag_end(html, i) else {
                // An unterminated tag: drop the rest rather than keep half of it.
                break;
            };
            let (name, closing) = tag_name(&html[i..end]);
            i = end;
            if !closing && SKIP_CONTENT.contains(&name.as_str()) {
                let close = format!("</{name}");
                i = find_ignoring_case(&html[i..], &close).map_or(html.len(), |p| i + p);
                i = tag_end(html, i).unwrap_or(html.len());
                continue;
            }
            if BLOCK_TAGS.contains(&name.as_str()) {
                out.push_str("\n\n");
            }
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if c == '&' {
            if let Some((decoded, len)) = decode_entity(rest) {
                out.push(decoded);
                i += len;
                continue;
            }
        }
        out.push(c);
        i += c.len_utf8();
    }
    // Blank lines in the source also separate paragraphs.
    let mut paragraphs: Vec<String> = Vec::new();
    for chunk in out.split("\n\n") {
        let mut lines = Vec::new();
        for l in chunk.split('\n') {
            if l.trim().is_empty() {
                if !lines.is_empty() {
                    paragraphs.push(std::mem::take(&mut lines).join("\n"));
                }
            } else {
                lines.push(l.trim());
            }
        }
        if !lines.is_empty() {
            paragraphs.push(lines.join("\n"));
        }
    }
    paragraphs.join("\n\n")
}

/// The byte offset of the first occurrence of `needle` (lowercase ASCII) in `hay`, ignoring
/// ASCII case. It reads only up to the match, so skipping many elements costs their length once
/// (lowercasing the rest of the text for each would make a page of many scripts quadratic).
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    let mut from = 0;
    while let Some(p) = h.get(from..)?.iter().position(|&b| b.to_ascii_lowercase() == first) {
        let at = from + p;
        if h.len() - at >= n.len() && h[at..at + n.len()].eq_ignore_ascii_case(n) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Decodes a character reference at the start of `s`: the common named ones and numeric ones.
fn decode_entity(s: &str) -> Option<(char, usize)> {
    let end = s.get(..s.len().min(12))?.find(';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "middot" => '·',
        "copy" => '©',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn img_tags_give_src_and_alt_outside_comments() {
        let html =
            "<p><IMG alt=\"算力 曲线\" SRC='图片/a.png?x=1&amp;y=2'></p><!-- <img src=old.png> -->\
                    <img src=b.png alt=图二 /><img alt=无地址><imgx src=c.png>";
        assert_eq!(
            img_tags(html),
            [
                ("图片/a.png?x=1&y=2".to_owned(), "算力 曲线".to_owned()),
                ("b.png".to_owned(), "图二".to_owned())
            ]
        );
    }

    #[test]
    fn strips_tags_and_keeps_text() {
        assert_eq!(
            strip_tags("<p>大<b>模型</b></p><p>second &amp; third</p>"),
            "大模型\n\nsecond & third"
        );
        assert_eq!(strip_tags("<div><script>alert('x')</script><style>p{}</style>ok</div>"), "ok");
        assert_eq!(strip_tags("<!-- comment -->text<br/>more"), "text\n\nmore");
        assert_eq!(strip_tags("<Card icon={<FilesIcon />} title=\"a > b\" />"), "");
        assert_eq!(strip_tags("a < b &#x4E2D;&#25991; &bogus;"), "a < b 中文 &bogus;");
        assert_eq!(strip_tags("<p>unterminated <a href='x"), "unterminated");
    }

    #[test]
    fn skipped_elements_end_at_their_closing_tag_in_any_case() {
        assert_eq!(find_ignoring_case("ab</SCRIPT>", "</script"), Some(2));
        assert_eq!(find_ignoring_case("</scrip", "</script"), None);
        assert_eq!(strip_tags("前<script>x</ScRiPt>后"), "前后");
        assert_eq!(strip_tags("前<style>x"), "前");
    }

    #[test]
    fn finds_tag_ends_across_lines() {
        let t = "<Card\n  icon={<X />}\n  title=\"t\"\n/>rest";
        assert_eq!(&t[tag_end(t, 0).unwrap()..], "rest");
        assert_eq!(tag_end("<open", 0), None);
    }
}
