//! Highlights made in other tools, read from their export files into one neutral list of
//! [`Entry`]s: Kindle's `My Clippings.txt` ([`kindle`]), Readwise's CSV export ([`readwise`]),
//! 微信读书's note export ([`weread`]), Hypothesis's JSON ([`hypothesis`]) and W3C Web Annotation
//! JSON-LD ([`web_annotation`], which also writes Zhaji's highlights out in that form).
//!
//! Pure: bytes in, entries out. Finding the article each entry belongs to, anchoring its quote,
//! spotting duplicates and keeping what matches nothing is the façade's work
//! (`Library::import_annotations`).

pub mod hypothesis;
pub mod kindle;
pub mod readwise;
pub mod web_annotation;
pub mod weread;

use crate::model::Color;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The export formats Zhaji reads highlights from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    Kindle,
    Readwise,
    Weread,
    Hypothesis,
    WebAnnotation,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Kindle,
        Format::Readwise,
        Format::Weread,
        Format::Hypothesis,
        Format::WebAnnotation,
    ];

    /// The name used on the command line and in reports (`kindle`, `web-annotation`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Kindle => "kindle",
            Format::Readwise => "readwise",
            Format::Weread => "weread",
            Format::Hypothesis => "hypothesis",
            Format::WebAnnotation => "web-annotation",
        }
    }

    /// The format named `name` (as [`Format::as_str`] writes it).
    pub fn parse(name: &str) -> Result<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name).ok_or_else(|| {
            Error::invalid(format!(
                "unknown annotation format {name:?} (kindle, readwise, weread, hypothesis or web-annotation)"
            ))
        })
    }
}

/// One highlight (or note) as another tool exported it. Every field but `quote` is optional:
/// each format has some of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The highlighted words; empty for a note on no passage.
    pub quote: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
    /// The colour's name as the tool wrote it (`yellow`, `orange`…).
    pub color: Option<String>,
    /// RFC 3339 times, when the tool gave them. Times written without a zone (Kindle's,
    /// Readwise's) are taken as UTC.
    pub created: Option<String>,
    pub modified: Option<String>,
    /// Where the tool said it was, in its own words (`location 170-172`, `page 12`, a chapter).
    pub location: Option<String>,
    /// Code-point offsets `[start, end)` in the document, when the tool stored them (a
    /// TextPositionSelector), and the quote's context (a TextQuoteSelector's prefix/suffix).
    pub position: Option<(u32, u32)>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// The book's or article's title, author and address.
    pub title: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// The article's `urn:uuid:` when the file named one (Zhaji's own Web Annotation export).
    pub article_uuid: Option<String>,
    /// A note on the quoted words that does not highlight them (a margin note: a Web
    /// Annotation that comments and gives the words no style), imported as a passage note.
    pub margin_note: bool,
    /// A note on the whole article (a Web Annotation that comments on its source with no
    /// selector), imported as the article's note.
    pub article_note: bool,
}

/// An imported highlight or note that matched no article, waiting to be attached to one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UnmatchedImport {
    #[ts(type = "number")]
    pub id: crate::model::Id,
    /// The format it came from (`kindle`, `readwise`…).
    pub format: String,
    pub quote: String,
    pub note: Option<String>,
    pub tags: Vec<String>,
    pub color: Option<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    pub location: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub imported_at: String,
}

/// The text of an export file: UTF-8 (a byte-order mark dropped, bad bytes replaced) with LF
/// line ends, as Kindles write CRLF.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The format of an export file, recognised by its content; `None` when it is none of them
/// (an ordinary document).
pub fn detect(text: &str) -> Option<Format> {
    let head: String = text.chars().take(8192).collect();
    let trimmed = head.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        if head.contains("www.w3.org/ns/anno.jsonld") {
            return Some(Format::WebAnnotation);
        }
        if head.contains("\"uri\"") && (head.contains("\"target\"") || head.contains("\"rows\"")) {
            return Some(Format::Hypothesis);
        }
        return None;
    }
    if kindle::looks_like(&head) {
        return Some(Format::Kindle);
    }
    if readwise::looks_like(&head) {
        return Some(Format::Readwise);
    }
    if weread::looks_like(&head) {
        return Some(Format::Weread);
    }
    None
}

/// Reads the entries of a file in `format`.
pub fn parse(format: Format, text: &str) -> Result<Vec<Entry>> {
    match format {
        Format::Kindle => Ok(kindle::parse(text)),
        Format::Readwise => readwise::parse(text),
        Format::Weread => Ok(weread::parse(text)),
        Format::Hypothesis => hypothesis::parse(text),
        Format::WebAnnotation => web_annotation::parse(text),
    }
}

/// Zhaji's colour for a tool's colour name: its own five by name or hex code, orange as yellow
/// and red as pink (the nearest of the five), anything else or nothing yellow.
pub fn zhaji_color(name: Option<&str>) -> Color {
    let Some(name) = name.map(|n| n.trim().to_lowercase()) else { return Color::Yellow };
    match name.as_str() {
        "orange" | "yellow" => Color::Yellow,
        "red" | "pink" => Color::Pink,
        "green" => Color::Green,
        "blue" => Color::Blue,
        "purple" | "violet" => Color::Purple,
        _ => Color::parse(&name).unwrap_or(Color::Yellow),
    }
}

/// Trims `s` and gives `None` when nothing is left.
fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// What became of one entry of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Anchored onto an article: a new highlight.
    Matched,
    /// The article already has a highlight on the same words (or the list of unmatched imports
    /// already holds the entry): nothing was added.
    Duplicate,
    /// No article holds it: kept in the list of unmatched imports.
    Orphan,
}

/// How an entry's article was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The article's `urn:uuid:` (Zhaji's own export).
    Uuid,
    Url,
    /// Its title (and author, when several articles share the title).
    Title,
    /// Its quote, searched across the library.
    Search,
}

/// One entry of an import and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedItem {
    pub outcome: Outcome,
    pub quote: String,
    pub title: Option<String>,
    pub location: Option<String>,
    #[ts(type = "number | null")]
    pub article_id: Option<crate::model::Id>,
    pub matched_by: Option<MatchedBy>,
    /// The new highlight, or the existing one it duplicates.
    #[ts(type = "number | null")]
    pub highlight_id: Option<crate::model::Id>,
    /// Its place in the list of unmatched imports, for an orphan.
    #[ts(type = "number | null")]
    pub unmatched_id: Option<crate::model::Id>,
}

/// What an import of an annotation file did, item by item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AnnotationReport {
    pub format: Format,
    pub matched: u32,
    pub duplicates: u32,
    pub orphans: u32,
    pub items: Vec<ImportedItem>,
}

/// What a Web Annotation export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebAnnotationExport {
    /// One file per article with highlights: its path, and how many annotations it holds.
    pub files: Vec<(String, u32)>,
    pub annotations: u32,
}

/// The format of the annotation file at `path`, from its first 8 KiB; `None` for anything else
/// (an ordinary document, a folder, a file that cannot be read: the document import reports
/// those).
pub fn sniff(path: &std::path::Path) -> Option<Format> {
    use std::io::Read;
    // Only a regular file is opened: opening a named pipe would wait for a writer.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut head = Vec::with_capacity(8192);
    let file = std::fs::File::open(path).ok()?;
    file.take(8192).read_to_end(&mut head).ok()?;
    // A cut in the middle of a character is not a reason to refuse the file.
    detect(&decode(&head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_fixture_is_recognised_and_ordinary_documents_are_not() {
        let fixture = |name: &str| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data/annotations")
                .join(name);
            decode(&std::fs::read(path).unwrap())
        };
        assert_eq!(detect(&fixture("My Clippings.txt")), Some(Format::Kindle));
        assert_eq!(detect(&fixture("readwise.csv")), Some(Format::Readwise));
        assert_eq!(detect(&fixture("weread.txt")), Some(Format::Weread));
        assert_eq!(detect(&fixture("hypothesis.json")), Some(Format::Hypothesis));
        for doc in [
            fixture("articles/大模型时代.md"),
            "标题\n\n◆ 第一点：算力\n◆ 第二点：数据\n".into(),
            "Title\n==========\n\nA setext heading, not clippings.\n".into(),
            "Highlight,of the day\n".into(),
            "{\"title\": \"a JSON file\"}".into(),
        ] {
            assert_eq!(detect(&doc), None, "{doc}");
        }
    }

    #[test]
    fn byte_order_mark_and_crlf_are_read() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()).unwrap(), f);
        }
        assert!(Format::parse("kobo").is_err());
    }
}
