//! A fetched body to a [`Document`]: its type told from the headers and then from the bytes, its
//! encoding from the `Content-Type` charset and then from the page (as for a saved page).

use super::{fetch, FetchError, FetchErrorKind, FetchOptions, Fetched};
use crate::import::{
    decode, decode_html, html_to_document, parse_document_as, parse_epub, Decoded, Document,
    HtmlOptions,
};
use crate::Result;
use encoding_rs::{Encoding, GB18030, GBK, UTF_8};

/// What a fetched body is, as far as importing goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContentKind {
    Html,
    Epub,
    Markdown,
    /// Text whose content decides between plain text, Markdown and HTML.
    Text,
    Pdf,
    /// Not something to read (an image, a script, an archive…): its media type.
    Other(String),
}

/// Fetches `url` and reads it as a document. Its `meta.source` is `url` as given; its `meta.url`
/// is the page's own canonical link, else the address it came from after redirects.
pub fn fetch_document(url: &str, opts: &FetchOptions) -> Result<Document> {
    let fetched = fetch(url, opts)?;
    to_document(url, &fetched)
}

/// Reads a fetched body as a document; `url` is the address as given (named in errors).
pub fn to_document(url: &str, fetched: &Fetched) -> Result<Document> {
    let mut doc = match content_kind(fetched) {
        ContentKind::Pdf => {
            return Err(FetchError::new(
                FetchErrorKind::Unsupported,
                url,
                "PDF is not supported yet",
            )
            .into())
        }
        ContentKind::Other(media) => {
            return Err(FetchError::new(
                FetchErrorKind::NotArticle,
                url,
                format!("not an article: the link gives {media}"),
            )
            .into())
        }
        ContentKind::Html => html_document(url, fetched)?,
        ContentKind::Epub => parse_epub(url, &fetched.bytes)?,
        ContentKind::Markdown => text_document(url, "md", fetched)?,
        ContentKind::Text => text_document(url, "", fetched)?,
    };
    doc.meta.source = Some(url.to_owned());
    if doc.meta.url.is_none() {
        doc.meta.url = Some(fetched.url.clone());
    }
    Ok(doc)
}

/// The kind of a body: a PDF or EPUB by its bytes whatever the server says; then the media type;
/// for `text/plain`, an untyped body or `application/octet-stream`, the link's extension and then
/// the bytes.
pub fn content_kind(f: &Fetched) -> ContentKind {
    let b = &f.bytes;
    let media = f.media_type.as_deref().unwrap_or("");
    if b.starts_with(b"%PDF-") || media == "application/pdf" {
        return ContentKind::Pdf;
    }
    let epub_bytes =
        b.starts_with(b"PK\x03\x04") && b.get(30..58) == Some(b"mimetypeapplication/epub+zip");
    if epub_bytes || media == "application/epub+zip" {
        return ContentKind::Epub;
    }
    match media {
        "text/html" | "application/xhtml+xml" => return ContentKind::Html,
        "text/markdown" | "text/x-markdown" => return ContentKind::Markdown,
        "text/css" | "text/javascript" | "text/csv" | "text/calendar" => {
            return ContentKind::Other(media.to_owned())
        }
        "" | "text/plain" | "application/octet-stream" | "binary/octet-stream" => {}
        m if m.starts_with("text/") => return ContentKind::Text,
        m => return ContentKind::Other(m.to_owned()),
    }
    match path_extension(&f.url).as_str() {
        "md" | "markdown" => return ContentKind::Markdown,
        "html" | "htm" | "xhtml" | "shtml" => return ContentKind::Html,
        "epub" => return ContentKind::Epub,
        "txt" | "text" => return ContentKind::Text,
        _ => {}
    }
    let head = &b[..b.len().min(1024)];
    if head.contains(&0) && Encoding::for_bom(b).is_none() {
        let what = if media.is_empty() { "binary data" } else { media };
        return ContentKind::Other(what.to_owned());
    }
    ContentKind::Text
}

/// The extension of the link's last path segment, in lower case (`""` when it has none).
fn path_extension(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.split_once("://").map_or(path, |(_, rest)| rest);
    let Some((_, path)) = path.split_once('/') else { return String::new() };
    let last = path.rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

fn html_document(url: &str, f: &Fetched) -> Result<Document> {
    let decoded = decode_body(&f.bytes, f.charset.as_deref(), true).map_err(|e| e.context(url))?;
    let mut doc = html_to_document(&decoded.text, HtmlOptions { extract: true });
    if doc.blocks.is_empty() {
        return Err(FetchError::new(
            FetchErrorKind::NotArticle,
            url,
            "not an article: no text was found on the page",
        )
        .into());
    }
    if doc.meta.title.is_empty() {
        doc.meta.title = fallback_title(&f.url);
    }
    doc.encoding = decoded.encoding;
    let mut warnings = decoded.warnings;
    warnings.append(&mut doc.warnings);
    doc.warnings = warnings;
    Ok(doc)
}

fn text_document(url: &str, ext: &str, f: &Fetched) -> Result<Document> {
    let decoded = decode_body(&f.bytes, f.charset.as_deref(), false).map_err(|e| e.context(url))?;
    let mut doc = parse_document_as(url, ext, decoded.text.as_bytes())?;
    if doc.format == "html" {
        // The content turned out to be a page: read it as one, with its declared charset.
        return html_document(url, f);
    }
    doc.encoding = decoded.encoding;
    let mut warnings = decoded.warnings;
    warnings.append(&mut doc.warnings);
    doc.warnings = warnings;
    Ok(doc)
}

/// The host and last path segment of a link, for a page without any title.
fn fallback_title(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['?', '#']).next().unwrap_or(rest).trim_end_matches('/').to_owned()
}

/// Decodes a body: by the charset of its `Content-Type` when that reads the bytes without error
/// (bytes that are valid UTF-8 with non-ASCII text are UTF-8 whatever is declared, as for a
/// saved page); otherwise as a saved page (`html`: its own declaration, then detection) or a
/// text file is decoded.
fn decode_body(bytes: &[u8], header: Option<&str>, html: bool) -> Result<Decoded> {
    let fallback = |bytes: &[u8]| if html { decode_html(bytes) } else { decode(bytes) };
    let Some(enc) = header.and_then(|l| Encoding::for_label(l.trim().as_bytes())) else {
        return fallback(bytes);
    };
    if Encoding::for_bom(bytes).is_some() || enc == UTF_8 {
        return fallback(bytes);
    }
    let utf8_text = std::str::from_utf8(bytes).is_ok() && !bytes.is_ascii();
    if utf8_text || !enc.is_ascii_compatible() {
        return fallback(bytes);
    }
    let enc = if enc == GBK { GB18030 } else { enc };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors || text.contains('\0') {
        let mut d = fallback(bytes)?;
        d.warnings.push(format!(
            "the server says the page is {} but its bytes are not; read as {}",
            enc.name(),
            d.encoding
        ));
        return Ok(d);
    }
    Ok(Decoded {
        text: crate::text::normalize(&text),
        encoding: if enc == GB18030 { "GB18030" } else { enc.name() }.to_owned(),
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(media: Option<&str>, url: &str, bytes: &[u8]) -> Fetched {
        Fetched {
            url: url.to_owned(),
            status: 200,
            media_type: media.map(str::to_owned),
            charset: None,
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn the_kind_comes_from_the_header_then_the_link_then_the_bytes() {
        let k = |m: Option<&str>, u: &str, b: &[u8]| content_kind(&fetched(m, u, b));
        assert_eq!(k(Some("text/html"), "https://a.cn/", b"<p>x"), ContentKind::Html);
        assert_eq!(k(Some("text/html"), "https://a.cn/", b"%PDF-1.4"), ContentKind::Pdf);
        assert_eq!(k(Some("application/pdf"), "https://a.cn/x", b""), ContentKind::Pdf);
        assert_eq!(k(Some("text/plain"), "https://a.cn/a.md", b"# x"), ContentKind::Markdown);
        assert_eq!(k(None, "https://a.cn/a.txt?x=1", b"x"), ContentKind::Text);
        assert_eq!(k(None, "https://a.cn/page", b"x"), ContentKind::Text);
        assert_eq!(
            k(Some("image/png"), "https://a.cn/a.html", b"\x89PNG"),
            ContentKind::Other("image/png".into())
        );
        assert_eq!(
            k(Some("application/octet-stream"), "https://a.cn/x", b"\x00\x01"),
            ContentKind::Other("application/octet-stream".into())
        );
        assert_eq!(path_extension("https://a.cn"), "");
        assert_eq!(path_extension("https://a.cn/b/c.EPUB#x"), "epub");
        assert_eq!(path_extension("https://a.cn/.hidden"), "");
    }

    #[test]
    fn the_header_charset_decides_unless_the_bytes_say_otherwise() {
        let (gbk, _, _) = GBK.encode("大模型的算力之争");
        let d = decode_body(&gbk, Some("gbk"), true).unwrap();
        assert_eq!((d.text.as_str(), d.encoding.as_str()), ("大模型的算力之争", "GB18030"));
        // The server says UTF-8 but sends GBK: the bytes win, read as a saved page would be.
        let page = [b"<html><body><p>".as_slice(), &gbk, b"</p></body></html>"].concat();
        let d = decode_body(&page, Some("utf-8"), true).unwrap();
        assert!(d.text.contains("大模型的算力之争"), "{}", d.text);
        // UTF-8 bytes declared as GBK are UTF-8.
        let d = decode_body("算力".as_bytes(), Some("gbk"), false).unwrap();
        assert_eq!(d.text, "算力");
    }

    #[test]
    fn pdf_and_non_articles_are_one_clear_line() {
        let e =
            to_document("https://a.cn/r.pdf", &fetched(None, "https://a.cn/r.pdf", b"%PDF-1.7"))
                .unwrap_err();
        assert_eq!(e.message(), "https://a.cn/r.pdf: PDF is not supported yet");
        let e = to_document(
            "https://a.cn/",
            &fetched(Some("text/html"), "https://a.cn/", b"<html></html>"),
        )
        .unwrap_err();
        assert_eq!(e.message(), "https://a.cn/: not an article: no text was found on the page");
    }

    #[test]
    fn source_is_the_link_as_given_and_url_the_canonical_one() {
        let page = "<html><head><title>算力</title><link rel=canonical href=\"https://a.cn/p/1\"></head>\
                    <body><article><p>大模型需要大量的算力，算力需要电。</p></article></body></html>";
        let f = fetched(Some("text/html"), "https://a.cn/p/1?from=share", page.as_bytes());
        let d = to_document("http://a.cn/p/1?from=share", &f).unwrap();
        assert_eq!(d.meta.source.as_deref(), Some("http://a.cn/p/1?from=share"));
        assert_eq!(d.meta.url.as_deref(), Some("https://a.cn/p/1"));
        let f = fetched(Some("text/plain"), "https://a.cn/n.txt", "标题\n\n正文。".as_bytes());
        let d = to_document("https://a.cn/n.txt", &f).unwrap();
        assert_eq!(d.meta.url.as_deref(), Some("https://a.cn/n.txt"));
        assert_eq!(d.format, "text");
    }
}
