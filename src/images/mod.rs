//! An imported document's images, made ready to keep: each reference a document names (a URL,
//! a `data:` URI, a file in a saved page's `_files` folder, an EPUB's own image) becomes checked
//! bytes (see [`check`]), or a reason it could not, which the article keeps as a placeholder.
//!
//! Nothing here touches the network itself: remote images come through a [`Fetcher`] the caller
//! gives (the HTTP client, or a test's), and without one they are left as placeholders. Nothing
//! here touches the database either: the import pipeline (`batch`) stores what comes out.

pub mod check;

pub use check::{Checked, Format, Image};

use crate::import::ImageRef;
use crate::model::ArticleImage;
use std::path::{Component, Path};

/// Fetches the bytes at an absolute http(s) URL (the first argument) for the page at the second
/// (when the page has an http(s) address: the HTTP client decides from it whether a private
/// address may be reached), or says in a few words why it could not.
pub type Fetcher = dyn Fn(&str, Option<&str>) -> Result<Vec<u8>, String> + Send + Sync;

/// Where a document's relative image references lead.
#[derive(Clone, Copy, Default)]
pub struct Sources<'a> {
    /// The folder of the file the document was read from (a saved page's `_files` are there).
    pub dir: Option<&'a Path>,
    /// The page's address, against which relative references are resolved to fetch them.
    pub page_url: Option<&'a str>,
    /// How remote images are fetched; `None` leaves them as placeholders.
    pub fetcher: Option<&'a Fetcher>,
}

/// An image of a document after collection: kept, or the reason it was not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collected {
    /// The block it stands before.
    pub position: usize,
    pub src: String,
    pub alt: String,
    pub caption: String,
    pub outcome: Result<Image, String>,
}

/// The reason given for a remote image when no fetcher was given.
pub const NOT_FETCHED: &str =
    "not downloaded (remote images are fetched only when a page is captured from the web)";

/// Remote images are fetched this many at a time.
const FETCH_THREADS: usize = 6;

/// Reads, fetches and checks a document's images, in order. Spacers and tracking pixels are
/// left out; every other image comes out, kept or with its reason.
pub fn collect(refs: Vec<ImageRef>, sources: &Sources) -> Vec<Collected> {
    if refs.is_empty() {
        return Vec::new();
    }
    let threads = FETCH_THREADS.min(refs.len());
    let chunk = refs.len().div_ceil(threads);
    let parts: Vec<Vec<Option<Collected>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = refs
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(|r| collect_one(r, sources)).collect()))
            .collect();
        handles
            .into_iter()
            .zip(refs.chunks(chunk))
            .map(|(h, part)| {
                h.join().unwrap_or_else(|_| {
                    part.iter()
                        .map(|r| Some(failed(r, "the image could not be read".into())))
                        .collect()
                })
            })
            .collect()
    });
    parts.into_iter().flatten().flatten().collect()
}

fn failed(r: &ImageRef, why: String) -> Collected {
    Collected {
        position: r.position,
        src: display_src(&r.src),
        alt: r.alt.clone(),
        caption: r.caption.clone(),
        outcome: Err(why),
    }
}

/// The source as stored: a `data:` URI is shortened to its media type.
fn display_src(src: &str) -> String {
    let s = src.trim();
    if s.get(..5).is_some_and(|head| head.eq_ignore_ascii_case("data:")) {
        let head = s.split([',', ';']).next().unwrap_or("data:");
        return head.to_owned();
    }
    s.to_owned()
}

fn collect_one(r: &ImageRef, sources: &Sources) -> Option<Collected> {
    let bytes = match &r.bytes {
        Some(b) => Ok(b.clone()),
        None => read_source(&r.src, sources),
    };
    let outcome = match bytes.and_then(check::check) {
        Ok(Checked::Spacer) => return None,
        Ok(Checked::Keep(img)) => Ok(img),
        Err(e) => Err(e),
    };
    Some(Collected { outcome, ..failed(r, String::new()) })
}

/// The bytes a reference leads to.
fn read_source(src: &str, sources: &Sources) -> Result<Vec<u8>, String> {
    let s = src.trim();
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("data:") {
        return decode_data_uri(s);
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return fetch(s, sources);
    }
    if let Some(rest) = s.strip_prefix("//") {
        return fetch(&format!("https://{rest}"), sources);
    }
    if lower.contains(':') && !lower.starts_with('/') {
        let scheme = lower.split(':').next().unwrap_or("");
        return Err(format!("images from `{scheme}:` addresses are not read"));
    }
    if let Some(dir) = sources.dir {
        if let Some(bytes) = read_beside(dir, s)? {
            return Ok(bytes);
        }
    }
    match sources.page_url.and_then(|base| crate::import::resolve_href(s, Some(base))) {
        Some(url) => fetch(&url, sources),
        None => Err("the image file was not found beside the document".into()),
    }
}

fn fetch(url: &str, sources: &Sources) -> Result<Vec<u8>, String> {
    match sources.fetcher {
        Some(f) => f(url, sources.page_url),
        None => Err(NOT_FETCHED.into()),
    }
}

/// Reads a file named by a relative reference inside `dir` (`page_files/a.png`,
/// `图片/算力.png`), or `None` when there is none. A reference that climbs out of the folder
/// (`../`), names an absolute path, or passes through a link to a folder elsewhere is refused: a
/// document must not make the import read the reader's other files.
fn read_beside(dir: &Path, reference: &str) -> Result<Option<Vec<u8>>, String> {
    const OUTSIDE: &str = "the image's path leads out of the document's folder";
    let path_part = reference.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path_part);
    let rel = Path::new(&decoded);
    if !rel.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(OUTSIDE.into());
    }
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let path = dir.join(rel);
    let Ok(meta) = std::fs::symlink_metadata(&path) else { return Ok(None) };
    if !meta.is_file() {
        return Err("the image's path is not a regular file".into());
    }
    let inside = match (std::fs::canonicalize(&path), std::fs::canonicalize(dir)) {
        (Ok(file), Ok(root)) => file.starts_with(root),
        _ => false,
    };
    if !inside {
        return Err(OUTSIDE.into());
    }
    if meta.len() > check::MAX_BYTES as u64 {
        return Err(format!("the image is too large ({} MB)", meta.len() / (1024 * 1024)));
    }
    std::fs::read(&path).map(Some).map_err(|e| format!("the image file cannot be read: {e}"))
}

/// The bytes of a `data:` URI (base64 or percent-encoded).
pub fn decode_data_uri(uri: &str) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    let (head, body) = uri.split_once(',').ok_or("the data: URI has no data")?;
    if head.to_ascii_lowercase().ends_with(";base64") {
        let clean: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        let clean = percent_decode(&clean);
        base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(clean.trim_end_matches('='))
            .map_err(|e| format!("the data: URI is not valid base64: {e}"))
    } else {
        Ok(percent_decode_bytes(body))
    }
}

fn percent_decode(s: &str) -> String {
    String::from_utf8_lossy(&percent_decode_bytes(s)).into_owned()
}

fn percent_decode_bytes(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// The article's images from the collected ones: each placed before the passage that its block
/// became (`passage_of[block]`), with the failures' reasons; and each kept image's bytes.
pub fn article_images(
    collected: Vec<Collected>,
    passage_of: &[u32],
) -> (Vec<ArticleImage>, Vec<Image>) {
    let last = passage_of.last().copied().unwrap_or(0);
    let mut rows = Vec::with_capacity(collected.len());
    let mut kept: Vec<Image> = Vec::new();
    for (i, c) in collected.into_iter().enumerate() {
        let position = passage_of.get(c.position).copied().unwrap_or(last);
        let mut row = ArticleImage {
            ordinal: i as u32,
            position,
            hash: None,
            format: None,
            bytes: 0,
            width: 0,
            height: 0,
            alt: c.alt,
            caption: c.caption,
            src: c.src,
            error: None,
        };
        match c.outcome {
            Ok(img) => {
                row.hash = Some(img.hash.clone());
                row.format = Some(img.format.as_str().to_owned());
                row.bytes = u32::try_from(img.data.len()).unwrap_or(u32::MAX);
                row.width = img.width;
                row.height = img.height;
                if !kept.iter().any(|k| k.hash == img.hash) {
                    kept.push(img);
                }
            }
            Err(e) => row.error = Some(e),
        }
        rows.push(row);
    }
    (rows, kept)
}

#[cfg(test)]
mod tests;
