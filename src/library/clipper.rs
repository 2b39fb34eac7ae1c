//! The browser extension's way in: its pairing with this library (a token, a port, and the
//! extension's origin once its first request has been accepted) and the one thing it may do,
//! add the page the reader is looking at, the reader's selection becoming a highlight.
//!
//! The HTTP endpoint that hears the extension is `crate::endpoint`; this is what it asks of the
//! library. Nothing here reads or lists articles for the extension.

use super::Library;
use crate::anchor::fold_char;
use crate::article::join_passages;
use crate::batch::Source;
use crate::fetch::{is_web_url, FetchOptions, Fetched};
use crate::model::*;
use crate::{store, Error, Result};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Random bytes in a pairing token (48 hex digits).
const TOKEN_BYTES: u32 = 24;
const TOKEN_KEY: &str = "clipper.token";
const PORT_KEY: &str = "clipper.port";
const EXTENSION_KEY: &str = "clipper.extension";

/// How the browser extension reaches this library: what the settings show the reader to paste
/// into the extension's options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClipperPairing {
    /// The secret the extension sends with every request.
    pub token: String,
    /// The port on 127.0.0.1 the app listens on while paired.
    pub port: u16,
    /// The origin of the extension (`chrome-extension://…`, `moz-extension://…`), pinned by the
    /// first request accepted with this token: from then on no other origin is heard. `None`
    /// until the extension has sent a page.
    pub extension: Option<String>,
}

/// A page the extension hands over: the tab's link and title, its DOM as HTML (as the browser
/// rendered it, script already run) and the text the reader had selected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clipping {
    pub url: String,
    #[serde(default)]
    pub title: String,
    pub html: String,
    #[serde(default)]
    pub selection: Option<String>,
}

/// What adding a clipped page did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClipOutcome {
    pub outcome: ImportOutcome,
    /// The highlight the selection became, if there was one and it was found in the text.
    pub highlight: Option<Highlight>,
}

impl Library {
    /// The extension's pairing, or `None` when the reader has not paired one (the endpoint is
    /// then off).
    pub fn clipper_pairing(&self) -> Result<Option<ClipperPairing>> {
        let Some(token) = store::setting(&self.conn, TOKEN_KEY)?.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        let port = store::setting(&self.conn, PORT_KEY)?
            .and_then(|p| p.parse::<u16>().ok())
            .filter(|p| *p != 0)
            .ok_or_else(|| Error::internal("the extension's pairing has no port"))?;
        let extension = store::setting(&self.conn, EXTENSION_KEY)?.filter(|e| !e.is_empty());
        Ok(Some(ClipperPairing { token, port, extension }))
    }

    /// Pairs an extension: a new token (the old one, if any, stops working at once) and no
    /// extension pinned yet. The port is `port` when given, else the one in use, else one the
    /// system has free now (kept from then on, so the extension's settings stay right).
    pub fn pair_clipper(&mut self, port: Option<u16>) -> Result<ClipperPairing> {
        if port == Some(0) {
            return Err(Error::invalid("the port must be between 1 and 65535"));
        }
        let kept = store::setting(&self.conn, PORT_KEY)?.and_then(|p| p.parse::<u16>().ok());
        let port = match port.or(kept.filter(|p| *p != 0)) {
            Some(p) => p,
            None => free_port()?,
        };
        let tx = self.write()?;
        let token = store::random_hex(&tx, TOKEN_BYTES)?;
        store::set_setting(&tx, TOKEN_KEY, &token)?;
        store::set_setting(&tx, PORT_KEY, &port.to_string())?;
        store::delete_setting(&tx, EXTENSION_KEY)?;
        tx.commit()?;
        Ok(ClipperPairing { token, port, extension: None })
    }

    /// Forgets the pairing: the endpoint refuses everything and the app stops it.
    pub fn unpair_clipper(&mut self) -> Result<()> {
        let tx = self.write()?;
        store::delete_setting(&tx, TOKEN_KEY)?;
        store::delete_setting(&tx, EXTENSION_KEY)?;
        tx.commit()?;
        Ok(())
    }

    /// Pins the extension's origin on its first accepted request. Fails with `conflict` when
    /// another origin is pinned already.
    pub fn pin_clipper_extension(&mut self, origin: &str) -> Result<()> {
        match store::setting(&self.conn, EXTENSION_KEY)?.filter(|e| !e.is_empty()) {
            Some(pinned) if pinned == origin => Ok(()),
            Some(_) => Err(Error::conflict("another extension is paired with this library")),
            None => {
                let tx = self.write()?;
                store::set_setting(&tx, EXTENSION_KEY, origin)?;
                tx.commit()?;
                Ok(())
            }
        }
    }

    /// Adds a page the extension handed over, through the same importer as a saved page (its
    /// HTML is data: nothing of it runs or is kept as markup), its images fetched as a captured
    /// link's are; the same link again updates its article. The selection, when the article's
    /// text holds it (white space aside), becomes a yellow highlight; else a warning says so.
    pub fn import_clipping(
        &mut self,
        clip: &Clipping,
        fetch: &FetchOptions,
    ) -> Result<ClipOutcome> {
        let url = clip.url.trim();
        if !is_web_url(url) {
            return Err(Error::invalid("only http and https pages can be saved"));
        }
        if clip.html.trim().is_empty() {
            return Err(Error::invalid("the page sent has no HTML"));
        }
        let page = Fetched {
            url: url.to_owned(),
            status: 200,
            media_type: Some("text/html".to_owned()),
            charset: Some("utf-8".to_owned()),
            bytes: clip.html.as_bytes().to_vec(),
        };
        let mut outcome = self.import_one(Source::Page(page, fetch.clone()))?;
        let selection = clip.selection.as_deref().map(str::trim).unwrap_or("");
        if selection.is_empty() {
            return Ok(ClipOutcome { outcome, highlight: None });
        }
        let id = outcome.article.id;
        let text = join_passages(&store::passages(&self.conn, id)?);
        let Some((start, end)) = find_selection(&text, selection) else {
            outcome.warnings.push(
                "the selected text was not found in the saved article; no highlight was made"
                    .to_owned(),
            );
            return Ok(ClipOutcome { outcome, highlight: None });
        };
        let already = store::article_highlights(&self.conn, id)?
            .into_iter()
            .find(|h| (h.anchor.start, h.anchor.end) == (start as u32, end as u32));
        let highlight = match already {
            Some(h) => h,
            None => self.create_highlight(&super::HighlightSpec {
                article_id: id,
                range: Some((start as u32, end as u32)),
                quote: None,
                occurrence: None,
                color: Color::Yellow,
                tags: Vec::new(),
                note: None,
            })?,
        };
        outcome.article.highlight_count = store::article_summary(&self.conn, id)?
            .map_or(outcome.article.highlight_count, |a| a.highlight_count);
        Ok(ClipOutcome { outcome, highlight: Some(highlight) })
    }
}

/// A port on 127.0.0.1 that nothing listens on now.
fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
        .map_err(|e| Error::internal(format!("no free port on 127.0.0.1: {e}")))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::internal(format!("no free port on 127.0.0.1: {e}")))
}

/// Where a browser's selection is in an article's text, as code-point offsets `[start, end)`:
/// its first occurrence with white space ignored on both sides (a browser joins paragraphs with
/// blank lines and the importer with one line break; Chinese text has no spaces to lose) and
/// each character folded as anchoring folds it (full-width forms, curly quotes).
fn find_selection(text: &str, selection: &str) -> Option<(usize, usize)> {
    let selection = crate::text::normalize(selection);
    let needle: String = selection.chars().filter(|c| !c.is_whitespace()).map(fold_char).collect();
    if needle.is_empty() {
        return None;
    }
    // The text without its white space, and where each of its characters was.
    let mut hay = String::with_capacity(text.len());
    let mut at_byte = Vec::new(); // (byte offset in `hay`, code-point offset in `text`)
    for (i, c) in text.chars().enumerate().filter(|(_, c)| !c.is_whitespace()) {
        at_byte.push((hay.len(), i));
        hay.push(fold_char(c));
    }
    let found = hay.find(&needle)?;
    let first = at_byte.partition_point(|(b, _)| *b < found);
    let last = at_byte.partition_point(|(b, _)| *b < found + needle.len()) - 1;
    Some((at_byte[first].1, at_byte[last].1 + 1))
}

#[cfg(test)]
mod tests {
    use super::find_selection;

    #[test]
    fn a_selection_is_found_whatever_its_white_space() {
        let text = "第一段：算力与模型。\n第二段讲芯片，\u{3000}也讲数据。";
        let sel = "算力与模型。\n\n第二段讲芯片";
        let (s, e) = find_selection(text, sel).unwrap();
        let got: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(got, "算力与模型。\n第二段讲芯片");
        // Full-width and ASCII punctuation are one.
        assert_eq!(find_selection(text, "芯片,"), Some((15, 18)));
        assert_eq!(find_selection(text, "不在文中"), None);
        assert_eq!(find_selection(text, " \n "), None);
        assert_eq!(find_selection("The quick  brown fox", "quick brown"), Some((4, 16)));
    }
}
