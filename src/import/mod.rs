//! Import: from a file's bytes to a [`Document`]: the article's metadata and its blocks.
//!
//! The steps are [`decode`] (bytes to normalised text, with the encoding found and invalid bytes
//! reported), then a reader chosen by [`parse_document`]: plain text, Markdown, HTML (the main
//! text of a saved page, `html/`) or EPUB; PDF is refused with a clear message. `folder.rs` lists
//! what a folder import reads. Nothing here touches the database:
//! the library stores what this module gives.
//!
//! Every block keeps the invariants the library relies on (see [`Block`]), so the article's text
//! is its blocks' texts joined by `'\n'`; for a plain text file with one paragraph per line, that
//! is the file's own text.

mod blocks;
mod decode;
mod epub;
mod folder;
mod html;
mod html_text;
mod markdown;
mod meta;
mod plain;

pub use decode::{decode, Decoded, UTF8_VALID_PER_ERROR};
pub use epub::{parse_epub, read_epub, EpubBook, EpubLimits, TocEntry};
pub use folder::{folder_files, folder_listing, FolderListing, FOLDER_EXTENSIONS};
pub use html::safe_href as resolve_href;
pub use html::{
    decode_html, html_parse_cost, html_to_document, parse_html, HtmlOptions, HtmlParseCost,
};
pub use meta::{detect_language, parse_byline, Byline};

use crate::model::{ArticleMeta, Link, PassageKind};
use crate::{Error, ErrorKind, Result};
use std::io::Read;
use std::path::Path;

/// Files larger than this are refused (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A parsed document, before it is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub meta: ArticleMeta,
    /// Tags named by the document itself (Markdown front matter).
    pub tags: Vec<String>,
    pub blocks: Vec<Block>,
    /// `text`, `markdown`, `html`, `epub` or `paste`.
    pub format: String,
    /// The encoding the bytes were read as.
    pub encoding: String,
    pub warnings: Vec<String>,
    /// The document's images, in reading order, as found (nothing is fetched or read here).
    pub images: Vec<ImageRef>,
}

/// An image as a document names it, before it is fetched or read (see `crate::images`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageRef {
    /// The block it stands before (the number of blocks when it comes last).
    pub position: usize,
    /// Where its bytes are: an absolute http(s) URL, a `data:` URI, or a path relative to the
    /// document (a saved page's `_files` folder, a Markdown file's own folder).
    pub src: String,
    /// The alternative text and the caption (a figure's `figcaption`), possibly empty.
    pub alt: String,
    pub caption: String,
    /// The bytes, when the document holds them itself (an EPUB's images).
    pub bytes: Option<Vec<u8>>,
}

/// One block of a document: becomes one passage.
///
/// Its text is NFC, non-empty, without leading or trailing white space, and contains `'\n'` only
/// when it is a `Code` block; link offsets are code points into this text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: PassageKind,
    pub level: u8,
    pub text: String,
    pub links: Vec<Link>,
}

impl Document {
    /// The article's text as the library builds it: the blocks' texts joined by `'\n'`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&b.text);
        }
        out
    }
}

/// The formats [`parse_document`] can tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Markdown,
}

/// Reads and parses the file at `path`; errors name the file.
pub fn read_document(path: &Path) -> Result<Document> {
    read_document_with_limit(path, MAX_FILE_BYTES)
}

/// Like [`read_document`] with another size limit. The size is checked from the file's metadata
/// before anything is read (and the read itself stops past the limit, in case the file grows), so
/// a huge file costs nothing to refuse.
pub fn read_document_with_limit(path: &Path, max_bytes: u64) -> Result<Document> {
    let name = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, "cannot read", &e))?;
    if meta.is_dir() {
        return Err(Error::invalid(format!("{name}: is a folder, not a document")));
    }
    // Checked before opening: opening a named pipe would wait for a writer, forever.
    if !meta.is_file() {
        let kind = folder::special_kind(&meta.file_type());
        return Err(Error::invalid(format!("{name}: is {kind}, not a regular file")));
    }
    if meta.len() > max_bytes {
        return Err(too_large(&name, meta.len(), max_bytes));
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, "cannot read", &e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, "cannot read", &e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(&name, bytes.len() as u64, max_bytes));
    }
    parse_document(&name, &bytes)
}

fn too_large(name: &str, size: u64, limit: u64) -> Error {
    Error::invalid(format!(
        "{name}: the file is too large to import ({}; the limit is {})",
        human_size(size),
        human_size(limit)
    ))
}

/// A byte count for people: `64 MiB`, `1.5 KiB`, `12 bytes`.
pub(crate) fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} bytes")
    } else if value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Parses a document from its bytes. `name` is the file's name or path: its extension chooses the
/// format (`.md`, `.markdown`, `.mdx`… are Markdown; `.txt`, `.text` are plain text); for other
/// names the content decides. Errors start with `name`.
pub fn parse_document(name: &str, bytes: &[u8]) -> Result<Document> {
    let ext = Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    parse_document_as(name, &ext, bytes)
}

/// Like [`parse_document`], with the format chosen by `ext` (an extension in lower case, without
/// the dot; empty when the content must decide) instead of by `name`'s: for a document fetched
/// from a link, whose type comes from the server.
pub fn parse_document_as(name: &str, ext: &str, bytes: &[u8]) -> Result<Document> {
    if ext == "pdf" || bytes.starts_with(b"%PDF-") {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("{name}: PDF is not supported yet"),
        ));
    }
    match ext {
        "html" | "htm" | "xhtml" | "shtml" => return parse_html(name, bytes),
        "epub" => return parse_epub(name, bytes),
        _ => {}
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64, MAX_FILE_BYTES));
    }
    if bytes.is_empty() {
        return Err(Error::invalid(format!("{name}: the file is empty")));
    }
    let decoded = decode(bytes).map_err(|e| e.context(name))?;
    if decoded.text.trim().is_empty() {
        return Err(Error::invalid(format!("{name}: the file contains only white space")));
    }
    let format = match ext {
        "md" | "markdown" | "mdx" | "mkd" | "mkdn" | "mdown" | "mdwn" | "qmd" | "rmd" => {
            Format::Markdown
        }
        "txt" | "text" => Format::Text,
        _ => {
            if looks_like_html(&decoded.text) {
                return parse_html(name, bytes);
            }
            sniff_format(&decoded.text)
        }
    };
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name).to_owned();
    let mut doc = build(&decoded.text, format, &stem);
    doc.meta.source = Some(name.to_owned());
    doc.encoding = decoded.encoding;
    let mut warnings = decoded.warnings;
    warnings.append(&mut doc.warnings);
    doc.warnings = warnings;
    if doc.blocks.is_empty() {
        return Err(Error::invalid(format!("{name}: no text was found in the document")));
    }
    Ok(doc)
}

/// Parses what the user pasted: HTML (as browsers put it on the clipboard) or plain text or
/// Markdown, decided by its content. It cannot fail: content with nothing in it gives a document
/// without blocks and a warning saying so.
pub fn parse_pasted(text: &str) -> Document {
    if html::looks_like_html_fragment(text) {
        return parse_pasted_html(text);
    }
    let text = crate::text::normalize(text);
    let mut doc = build(&text, sniff_format(&text), "");
    if doc.meta.title.is_empty() {
        doc.meta.title = doc.blocks.first().map(|b| shorten(&b.text, 40)).unwrap_or_default();
    }
    if doc.blocks.is_empty() {
        doc.warnings.push("the pasted text is empty".to_owned());
    }
    doc.format = "paste".to_owned();
    doc.encoding = "UTF-8".to_owned();
    doc.meta.source = Some("pasted".to_owned());
    doc
}

/// Parses pasted HTML. A whole page goes through article extraction; a fragment (a selection
/// copied from a page) is kept whole, because the user chose exactly that content.
pub fn parse_pasted_html(html: &str) -> Document {
    let html = crate::text::normalize(html);
    let lower: String = html.chars().take(1024).collect::<String>().to_ascii_lowercase();
    let whole_page = lower.contains("<html") || lower.contains("<!doctype");
    let mut doc = html_to_document(&html, HtmlOptions { extract: whole_page });
    if doc.meta.title.is_empty() {
        doc.meta.title = doc.blocks.first().map(|b| shorten(&b.text, 40)).unwrap_or_default();
    }
    if doc.blocks.is_empty() {
        doc.warnings.push("the pasted HTML has no text".to_owned());
    }
    doc.format = "paste".to_owned();
    doc.meta.source = Some("pasted".to_owned());
    doc
}

/// A heading block for a title that came from metadata (a chapter's name in the table of
/// contents), with the usual block invariants.
fn make_heading(title: &str, level: u8) -> Option<Block> {
    blocks::make_block(PassageKind::Heading, level, title)
}

/// The first `max` characters of `s`, with `…` when it was cut.
fn shorten(s: &str, max: usize) -> String {
    let first_line = s.lines().next().unwrap_or("");
    if first_line.chars().count() <= max {
        first_line.to_owned()
    } else {
        let mut cut: String = first_line.chars().take(max).collect();
        cut = cut.trim_end().to_owned();
        cut.push('…');
        cut
    }
}

/// Parses normalised text in `format`; the title falls back to `stem`.
fn build(text: &str, format: Format, stem: &str) -> Document {
    let mut doc = Document::default();
    match format {
        Format::Text => {
            doc.blocks = plain::parse_plain(text, &mut doc.meta);
            doc.format = "text".to_owned();
        }
        Format::Markdown => {
            let (blocks, md) = markdown::parse_markdown(text);
            doc.blocks = blocks;
            doc.meta = md.meta;
            if doc.meta.title.is_empty() {
                doc.meta.title = md.first_h1.unwrap_or_default();
            }
            doc.tags = md.tags;
            doc.warnings = md.warnings;
            doc.images = md.images;
            doc.format = "markdown".to_owned();
        }
    }
    if doc.meta.title.is_empty() {
        // A file name like `000_4b857f83adbe41b1` says nothing to a reader: the first line of
        // the text does better.
        let first = doc.blocks.iter().find(|b| b.kind != PassageKind::Byline);
        doc.meta.title = match first {
            Some(b) if machine_name(stem) => shorten(&b.text, 40),
            _ => stem.to_owned(),
        };
    }
    if doc.meta.language.is_none() {
        let sample: String = doc
            .blocks
            .iter()
            .filter(|b| b.kind != PassageKind::Code)
            .map(|b| b.text.as_str())
            .collect();
        doc.meta.language = detect_language(&sample);
    }
    doc
}

/// True if and only if a file name looks generated rather than chosen: only digits and hex
/// letters (with separators), at least eight of them.
fn machine_name(stem: &str) -> bool {
    let alnum: Vec<char> = stem.chars().filter(|c| c.is_alphanumeric()).collect();
    alnum.len() >= 8 && alnum.iter().all(|c| c.is_ascii_hexdigit())
}

/// True for text that is an HTML page rather than prose or Markdown.
fn looks_like_html(text: &str) -> bool {
    let head: String = text.trim_start().chars().take(256).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
}

/// Guesses whether text without a telling extension is Markdown: front matter, or at least two
/// kinds of Markdown construct (ATX headings, fences, lists, links, tables, quotes) with a
/// heading or fence among them, or three kinds. Plain prose rarely has several.
fn sniff_format(text: &str) -> Format {
    if text.starts_with("---\n") && meta::split_front_matter(text).is_some() {
        return Format::Markdown;
    }
    let (mut heading, mut fence, mut list, mut link, mut table, mut quote) =
        (false, false, false, false, false, false);
    for line in text.lines().take(2000) {
        let t = line.trim_start();
        let hashes = t.chars().take_while(|&c| c == '#').count();
        heading |= (1..=6).contains(&hashes) && t[hashes..].starts_with(' ');
        fence |= t.starts_with("```") || t.starts_with("~~~");
        list |= t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ");
        link |= t.contains("](");
        table |= t.starts_with('|') && t.trim_end().ends_with('|') && t.len() > 2;
        quote |= t.starts_with("> ");
    }
    let kinds = [heading, fence, list, link, table, quote].iter().filter(|&&b| b).count();
    if kinds >= 3 || (kinds >= 2 && (heading || fence)) {
        Format::Markdown
    } else {
        Format::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_by_extension_and_content() {
        let md = "# 标题\n\n- 一\n- 二\n";
        assert_eq!(parse_document("a.md", md.as_bytes()).unwrap().format, "markdown");
        assert_eq!(parse_document("a.txt", md.as_bytes()).unwrap().format, "text");
        assert_eq!(parse_document("a", md.as_bytes()).unwrap().format, "markdown");
        assert_eq!(
            parse_document("a", "只是一段文字。\n另一段。".as_bytes()).unwrap().format,
            "text"
        );
        let e = parse_document("page.html", b"<html></html>").unwrap_err();
        assert!(e.message().contains("no text"), "{}", e.message());
        let e = parse_document("book.epub", b"PK").unwrap_err();
        assert!(e.message().starts_with("book.epub: "), "{}", e.message());
        let e = parse_document("x.bin", b"%PDF-1.7\n").unwrap_err();
        assert_eq!(e.message(), "x.bin: PDF is not supported yet");
        let d = parse_document("saved", b"<!DOCTYPE html><html><body><p>x</p></body></html>");
        assert_eq!(d.unwrap().format, "html");
    }

    #[test]
    fn empty_and_white_space_and_binary_are_refused() {
        assert_eq!(parse_document("e.txt", b"").unwrap_err().message(), "e.txt: the file is empty");
        assert!(parse_document("w.txt", " \n\u{3000}\r\n".as_bytes())
            .unwrap_err()
            .message()
            .contains("only white space"));
        assert_eq!(
            parse_document("b.txt", b"\x00\x01\x02").unwrap_err().message(),
            "b.txt: not a text document"
        );
        let only_markup = parse_document("m.md", b"<div></div>\n").unwrap_err();
        assert!(only_markup.message().contains("no text"), "{}", only_markup.message());
    }

    #[test]
    fn titles_and_language() {
        let d =
            parse_document("dir/文章.txt", "算力之争\n\n大模型需要大量算力。".as_bytes()).unwrap();
        assert_eq!(d.meta.title, "算力之争");
        assert_eq!(d.meta.language.as_deref(), Some("zh"));
        let d = parse_document(
            "dir/notes.txt",
            "Big models need compute.\nSmall ones less.".as_bytes(),
        )
        .unwrap();
        assert_eq!(d.meta.title, "notes");
        assert_eq!(d.meta.language.as_deref(), Some("en"));
        assert_eq!(d.meta.source.as_deref(), Some("dir/notes.txt"));
        let d = parse_document("x.md", "Intro text.\n\n## Sub\n\n# Main\n".as_bytes()).unwrap();
        assert_eq!(d.meta.title, "Main");
    }

    #[test]
    fn pasted_text() {
        let d = parse_pasted("By Jane Doe\r\nSmall models are catching up.\r\nThey are cheap.");
        assert_eq!(d.format, "paste");
        assert_eq!(d.meta.author.as_deref(), Some("Jane Doe"));
        assert_eq!(d.text(), "By Jane Doe\nSmall models are catching up.\nThey are cheap.");
        assert_eq!(d.meta.source.as_deref(), Some("pasted"));
        let d = parse_pasted("   ");
        assert!(d.blocks.is_empty() && !d.warnings.is_empty());
        let d = parse_pasted("# 标题\n\n正文，[链接](https://a.b)。\n\n- 一\n");
        assert_eq!(d.meta.title, "标题");
        assert_eq!(d.blocks[1].links.len(), 1);
    }

    #[test]
    fn sizes_for_people() {
        assert_eq!(human_size(MAX_FILE_BYTES), "64 MiB");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(12), "12 bytes");
    }
}
