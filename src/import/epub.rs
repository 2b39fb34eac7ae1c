//! The EPUB reader (EPUB 2 and 3): the book's chapters in reading (spine) order as one
//! document, each chapter starting with a heading, plus the book's metadata and its table of
//! contents.
//!
//! An EPUB is a zip archive from anywhere, so it is read defensively: every entry is read
//! through a size cap ([`EpubLimits`]) that holds even when the archive lies about sizes, the
//! compression ratio is checked (a decompression bomb is refused before it fills memory), and
//! every path the book names is resolved inside the archive — `../` that climbs out of it or an
//! absolute path is an error, not a lookup. Every error names the file.

use super::html::{html_to_document, parse_bounded, BoundedLimits, HtmlOptions};
use super::{make_heading, Document};
use crate::model::PassageKind;
use crate::{Error, Result};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// Caps on what an archive may make us decompress.
#[derive(Debug, Clone, Copy)]
pub struct EpubLimits {
    /// Largest uncompressed size of one entry.
    pub max_entry_bytes: u64,
    /// Largest uncompressed size of everything read from the archive.
    pub max_total_bytes: u64,
    /// Largest uncompressed/compressed ratio of an entry larger than 1 MiB.
    pub max_ratio: u64,
    /// Most entries an archive may have.
    pub max_entries: usize,
}

impl Default for EpubLimits {
    fn default() -> Self {
        EpubLimits {
            max_entry_bytes: 32 * 1024 * 1024,
            // As much as the largest single file the importer takes: a book is not allowed to
            // cost more to parse than a web page may.
            max_total_bytes: super::MAX_FILE_BYTES,
            max_ratio: 100,
            max_entries: 10_000,
        }
    }
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub title: String,
    /// Nesting depth, 1 = top level.
    pub level: u8,
    /// The index of the document block where the entry's chapter starts, when it was found.
    pub block: Option<usize>,
}

/// A book: the document and its table of contents.
#[derive(Debug, Clone)]
pub struct EpubBook {
    pub doc: Document,
    pub toc: Vec<TocEntry>,
}

/// Parses an EPUB's bytes into a document; `name` starts every error.
pub fn parse_epub(name: &str, bytes: &[u8]) -> Result<Document> {
    read_epub(name, bytes, EpubLimits::default()).map(|b| b.doc)
}

/// Parses an EPUB with explicit limits, also giving its table of contents.
pub fn read_epub(name: &str, bytes: &[u8], limits: EpubLimits) -> Result<EpubBook> {
    let fail = |msg: String| Error::invalid(format!("{name}: {msg}"));
    let mut zip = Archive::open(bytes, limits).map_err(&fail)?;
    let container = zip
        .read_text("META-INF/container.xml")
        .map_err(|e| fail(format!("not a valid EPUB: {e}")))?;
    let cdom = html_to_dom(&container);
    let opf_path = cdom
        .meta
        .get("rootfile")
        .cloned()
        .ok_or_else(|| fail("not a valid EPUB: the container names no package file".into()))?;
    let opf_path = resolve("", &opf_path).map_err(&fail)?;
    let opf = zip.read_text(&opf_path).map_err(|e| fail(format!("not a valid EPUB: {e}")))?;
    let base = opf_path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let odom = html_to_dom(&opf);
    // Manifest: id → (path, media type, properties).
    let mut manifest: HashMap<String, (String, String, String)> = HashMap::new();
    for (id, href, mt, props) in odom.items {
        let path = resolve(&base, &href).map_err(&fail)?;
        manifest.insert(id, (path, mt, props));
    }
    let mut doc =
        Document { format: "epub".to_owned(), encoding: "UTF-8".to_owned(), ..Document::default() };
    doc.meta.title = odom.meta.get("dc:title").cloned().unwrap_or_default();
    doc.meta.author = odom.meta.get("dc:creator").cloned();
    doc.meta.language = odom.meta.get("dc:language").cloned();
    doc.meta.published = odom.meta.get("dc:date").cloned();
    doc.meta.site = odom.meta.get("dc:publisher").cloned();
    // The table of contents: EPUB 3 navigation document, else the EPUB 2 NCX.
    let nav = manifest.values().find(|(_, _, p)| p.split_whitespace().any(|x| x == "nav"));
    let ncx = odom
        .toc_id
        .as_ref()
        .and_then(|id| manifest.get(id))
        .or_else(|| manifest.values().find(|(_, mt, _)| mt == "application/x-dtbncx+xml"));
    let mut toc: Vec<(String, u8, String)> = Vec::new();
    if let Some((path, _, _)) = nav.cloned() {
        if let Ok(t) = zip.read_text(&path) {
            toc = nav_toc(&t, path.rsplit_once('/').map_or("", |(d, _)| d));
        }
    } else if let Some((path, _, _)) = ncx.cloned() {
        if let Ok(t) = zip.read_text(&path) {
            toc = ncx_toc(&t, path.rsplit_once('/').map_or("", |(d, _)| d));
        }
    }
    let mut entries: Vec<TocEntry> = Vec::new();
    if odom.spine.is_empty() {
        return Err(fail("not a valid EPUB: the package lists no chapters".into()));
    }
    for idref in &odom.spine {
        let Some((path, mt, props)) = manifest.get(idref).cloned() else {
            doc.warnings.push(format!("the spine names a missing item `{idref}`"));
            continue;
        };
        if !(mt.contains("html") || mt.contains("xml"))
            || props.contains("nav") && odom.spine.len() > 1
        {
            continue;
        }
        let text = match zip.read_text(&path) {
            Ok(t) => t,
            Err(e) if e.contains(TOTAL_LIMIT) && !doc.blocks.is_empty() => {
                // Keep the chapters read so far: a long book is still worth reading in part.
                doc.warnings.push(format!(
                    "the book is larger than {} MiB of text; it was imported up to {path}, which was left out with the chapters after it",
                    limits.max_total_bytes / (1024 * 1024)
                ));
                break;
            }
            Err(e) if e.contains("limit") || e.contains("ratio") => return Err(fail(e)),
            Err(e) => {
                doc.warnings.push(format!("a chapter could not be read: {e}"));
                continue;
            }
        };
        let chapter = html_to_document(&text, HtmlOptions { extract: false });
        doc.warnings.extend(chapter.warnings.iter().map(|w| format!("{path}: {w}")));
        if chapter.blocks.is_empty() {
            continue;
        }
        let start = doc.blocks.len();
        let toc_title = toc.iter().find(|(_, _, p)| *p == path).map(|(t, _, _)| t.clone());
        if chapter.blocks[0].kind != PassageKind::Heading {
            let title = toc_title
                .clone()
                .or_else(|| (!chapter.meta.title.is_empty()).then(|| chapter.meta.title.clone()));
            if let Some(h) = title.and_then(|t| make_heading(&t, 1)) {
                doc.blocks.push(h);
            }
        }
        let offset = doc.blocks.len();
        doc.blocks.extend(chapter.blocks);
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
        for mut img in chapter.images {
            img.position += offset;
            if !is_external(&img.src) {
                let read = resolve(&dir, &img.src).and_then(|p| zip.read(&p).map(|b| (p, b)));
                match read {
                    Ok((p, bytes)) => {
                        img.src = p;
                        img.bytes = Some(bytes);
                    }
                    Err(e) => {
                        doc.warnings.push(format!("{path}: an image could not be read: {e}"));
                        continue;
                    }
                }
            }
            doc.images.push(img);
        }
        for (t, level, p) in &toc {
            if *p == path {
                entries.push(TocEntry { title: t.clone(), level: *level, block: Some(start) });
            }
        }
    }
    for (t, level, p) in &toc {
        if !entries.iter().any(|e| &e.title == t) && !manifest.values().any(|(mp, _, _)| mp == p) {
            entries.push(TocEntry { title: t.clone(), level: *level, block: None });
        }
    }
    if doc.blocks.is_empty() {
        return Err(fail("no text was found in the book".into()));
    }
    if doc.meta.title.is_empty() {
        doc.meta.title = std::path::Path::new(name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(name)
            .to_owned();
    }
    doc.meta.source = Some(name.to_owned());
    Ok(EpubBook { doc, toc: entries })
}

/// True for an image reference that points out of the book (a URL or inline data).
fn is_external(src: &str) -> bool {
    let lower = src.trim_start().to_ascii_lowercase();
    ["http://", "https://", "//", "data:"].iter().any(|p| lower.starts_with(p))
}

/// The words that mark the error of a book over [`EpubLimits::max_total_bytes`].
const TOTAL_LIMIT: &str = "total size limit";

/// A zip archive read under [`EpubLimits`].
struct Archive<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: EpubLimits,
    total: u64,
}

impl<'a> Archive<'a> {
    fn open(bytes: &'a [u8], limits: EpubLimits) -> std::result::Result<Archive<'a>, String> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| format!("not a valid EPUB (not a zip archive: {e})"))?;
        if zip.len() > limits.max_entries {
            return Err(format!("the archive has too many files ({})", zip.len()));
        }
        Ok(Archive { zip, limits, total: 0 })
    }

    /// Reads an entry as text (UTF-8, or what its bytes say), within the limits.
    fn read_text(&mut self, path: &str) -> std::result::Result<String, String> {
        let bytes = self.read(path)?;
        match super::html::decode_html(&bytes) {
            Ok(d) => Ok(d.text),
            Err(e) => Err(format!("{path}: {e}")),
        }
    }

    fn read(&mut self, path: &str) -> std::result::Result<Vec<u8>, String> {
        let limits = self.limits;
        let mut f =
            self.zip.by_name(path).map_err(|_| format!("{path} is missing from the archive"))?;
        let size = f.size();
        let packed = f.compressed_size().max(1);
        if size > limits.max_entry_bytes {
            return Err(format!("{path} is over the size limit ({size} bytes uncompressed)"));
        }
        if size > 1024 * 1024 && size / packed > limits.max_ratio {
            return Err(format!(
                "{path} has a compression ratio of {}:1, over the limit (a decompression bomb?)",
                size / packed
            ));
        }
        let remaining = limits.max_total_bytes.saturating_sub(self.total);
        let cap = limits.max_entry_bytes.min(remaining);
        let mut out = Vec::new();
        // The declared size can lie: the cap holds on what is actually decompressed.
        (&mut f)
            .take(cap + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("{path} cannot be decompressed: {e}"))?;
        if out.len() as u64 > cap {
            if cap < limits.max_entry_bytes {
                return Err(format!("{path} goes past the book's {TOTAL_LIMIT}"));
            }
            return Err(format!("{path} decompresses past the size limit (a decompression bomb?)"));
        }
        self.total += out.len() as u64;
        Ok(out)
    }
}

/// Resolves `href` (percent-encoded, relative to folder `base`) to an archive path, refusing
/// absolute paths and `..` that climbs out of the archive.
fn resolve(base: &str, href: &str) -> std::result::Result<String, String> {
    let href = href.split('#').next().unwrap_or("");
    let href = percent_decode(href);
    if href.starts_with('/')
        || href.starts_with('\\')
        || href.contains(":/")
        || href.contains(":\\")
    {
        return Err(format!("the book refers to an absolute path ({href}), which is not allowed"));
    }
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in href.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("the book refers to a file outside itself ({href})"));
                }
            }
            s => parts.push(s),
        }
    }
    Ok(parts.join("/"))
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the package document says, read tolerantly with the HTML parser (attribute and text
/// access is all that is needed, and it never fails on malformed XML).
struct Package {
    meta: HashMap<String, String>,
    /// (id, href, media-type, properties)
    items: Vec<(String, String, String, String)>,
    spine: Vec<String>,
    toc_id: Option<String>,
}

fn html_to_dom(xml: &str) -> Package {
    // Self-closing XML tags are not void in HTML; expanding them keeps siblings siblings.
    let xml = expand_self_closing(xml);
    let doc = parse_bounded(&xml, BoundedLimits::default()).html;
    let mut p =
        Package { meta: HashMap::new(), items: Vec::new(), spine: Vec::new(), toc_id: None };
    for n in doc.tree.nodes() {
        let Some(e) = n.value().as_element() else { continue };
        let name = e.name().to_ascii_lowercase();
        let name = name.rsplit_once(':').map_or(name.as_str(), |(_, l)| l).to_owned();
        let text = || {
            let t: String = n
                .descendants()
                .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                .collect();
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        };
        match name.as_str() {
            "title" | "creator" | "language" | "date" | "publisher" => {
                let t = text();
                if !t.is_empty() {
                    p.meta.entry(format!("dc:{name}")).or_insert(t);
                }
            }
            "item" => {
                let a = |k: &str| e.attr(k).unwrap_or("").to_owned();
                p.items.push((a("id"), a("href"), a("media-type"), a("properties")));
            }
            "itemref" if e.attr("linear") != Some("no") => {
                if let Some(id) = e.attr("idref") {
                    p.spine.push(id.to_owned());
                }
            }
            "spine" => p.toc_id = e.attr("toc").map(str::to_owned),
            "rootfile" => {
                if let Some(fp) = e.attr("full-path") {
                    p.meta.entry("rootfile".into()).or_insert_with(|| fp.to_owned());
                }
            }
            _ => {}
        }
    }
    p
}

/// `<x/>` → `<x></x>` for tag names, outside of quotes.
fn expand_self_closing(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() + 64);
    let mut rest = xml;
    while let Some(end) = rest.find("/>") {
        let (before, after) = rest.split_at(end);
        match before.rfind('<') {
            Some(lt) if !before[lt..].contains('>') => {
                let name: String = before[lt + 1..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
                    .collect();
                out.push_str(before);
                out.push_str("></");
                out.push_str(&name);
                out.push('>');
            }
            _ => {
                out.push_str(before);
                out.push_str("/>");
            }
        }
        rest = &after[2..];
    }
    out.push_str(rest);
    out
}

/// The EPUB 3 navigation document's `toc` list: (title, level, chapter path).
fn nav_toc(xhtml: &str, dir: &str) -> Vec<(String, u8, String)> {
    let doc = parse_bounded(xhtml, BoundedLimits::default()).html;
    let mut out = Vec::new();
    for n in doc.tree.nodes() {
        let Some(e) = n.value().as_element() else { continue };
        if e.name() != "a" {
            continue;
        }
        let Some(href) = e.attr("href") else { continue };
        let level = n
            .ancestors()
            .filter(|a| {
                a.value().as_element().is_some_and(|e| e.name() == "ol" || e.name() == "ul")
            })
            .count();
        let title: String =
            n.descendants().filter_map(|d| d.value().as_text().map(|t| t.to_string())).collect();
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Ok(path) = resolve(dir, href) {
            if !title.is_empty() {
                out.push((title, level.clamp(1, 6) as u8, path));
            }
        }
    }
    out
}

/// The EPUB 2 NCX's navigation points: (title, level, chapter path).
fn ncx_toc(xml: &str, dir: &str) -> Vec<(String, u8, String)> {
    let xml = expand_self_closing(xml);
    let doc = parse_bounded(&xml, BoundedLimits::default()).html;
    let mut out = Vec::new();
    for n in doc.tree.nodes() {
        let Some(e) = n.value().as_element() else { continue };
        if !e.name().eq_ignore_ascii_case("navpoint") {
            continue;
        }
        let level = n
            .ancestors()
            .filter(|a| {
                a.value().as_element().is_some_and(|e| e.name().eq_ignore_ascii_case("navpoint"))
            })
            .count()
            + 1;
        let mut title = String::new();
        let mut src = None;
        for c in n.children() {
            let Some(ce) = c.value().as_element() else { continue };
            match ce.name().to_ascii_lowercase().as_str() {
                "navlabel" => {
                    title = c
                        .descendants()
                        .filter_map(|d| d.value().as_text().map(|t| t.to_string()))
                        .collect();
                }
                "content" => src = ce.attr("src").map(str::to_owned),
                _ => {}
            }
        }
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if let (Some(src), false) = (src, title.is_empty()) {
            if let Ok(path) = resolve(dir, &src) {
                out.push((title, level.clamp(1, 6) as u8, path));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        assert_eq!(resolve("OPS", "ch%201.xhtml#x").unwrap(), "OPS/ch 1.xhtml");
        assert_eq!(resolve("OPS/text", "../img/a.png").unwrap(), "OPS/img/a.png");
        assert!(resolve("OPS", "../../etc/passwd").is_err());
        assert!(resolve("", "/etc/passwd").is_err());
        assert!(resolve("", "C:\\x").is_err());
    }
}
